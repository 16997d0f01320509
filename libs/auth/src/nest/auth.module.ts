import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwksFileKeys } from '../jwks';
import { JwtVerifier } from '../jwt-verifier';
import type { AuthModuleAsyncOptions, AuthModuleExtras, AuthModuleOptions } from './auth-module-options';
import { AUTH_MODULE_OPTIONS, PARTNER_STATUS_CHECK } from './auth.di-tokens';
import { AuthGuard } from './auth.guard';

/**
 * Authenticates every HTTP route of the application with Beacon bearer
 * tokens. Import it once, in the root module; it exports {@link JwtVerifier}
 * for transports the guard does not cover (an SSE or WebSocket handshake),
 * and the app's partner status check, when given, as `PARTNER_STATUS_CHECK`.
 */
@Global()
@Module({})
export class AuthModule {
  /** Configures the module with known options. */
  static forRoot(options: AuthModuleOptions, extras: AuthModuleExtras = {}): DynamicModule {
    return AuthModule.assemble([{ provide: AUTH_MODULE_OPTIONS, useValue: options }], [], extras);
  }

  /** Configures the module from a factory, for example one reading `ConfigService`. */
  static forRootAsync(options: AuthModuleAsyncOptions, extras: AuthModuleExtras = {}): DynamicModule {
    return AuthModule.assemble(
      [{ provide: AUTH_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }],
      options.imports ?? [],
      extras,
    );
  }

  /**
   * Configures the module from the app's settings (`authSpec` in
   * libs/platform): AUTH_JWKS_FILE, AUTH_ISSUER, AUTH_AUDIENCE and
   * AUTH_CLOCK_SKEW_SECONDS, read through `ConfigService`.
   */
  static fromSettings(extras: AuthModuleExtras = {}): DynamicModule {
    return AuthModule.forRootAsync(
      {
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          jwksFile: config.getOrThrow<string>('AUTH_JWKS_FILE'),
          issuer: config.getOrThrow<string>('AUTH_ISSUER'),
          audience: config.getOrThrow<string>('AUTH_AUDIENCE'),
          clockSkewSeconds: config.get<number>('AUTH_CLOCK_SKEW_SECONDS'),
        }),
      },
      extras,
    );
  }

  private static assemble(
    optionsProviders: Provider[],
    imports: NonNullable<AuthModuleAsyncOptions['imports']>,
    extras: AuthModuleExtras,
  ): DynamicModule {
    const status = extras.partnerStatus;
    const statusProviders: Provider[] =
      status === undefined
        ? []
        : 'useValue' in status
          ? [{ provide: PARTNER_STATUS_CHECK, useValue: status.useValue }]
          : [{ provide: PARTNER_STATUS_CHECK, useExisting: status.useExisting }];
    return {
      module: AuthModule,
      global: true,
      imports: [...imports, ...(status !== undefined && 'imports' in status ? (status.imports ?? []) : [])],
      providers: [
        ...optionsProviders,
        ...statusProviders,
        {
          provide: JwtVerifier,
          // The key file is read here, at start-up, so a missing or bad file
          // stops the application instead of refusing every request later;
          // after that it is read again whenever it changes (a key rotation).
          useFactory: (options: AuthModuleOptions): JwtVerifier =>
            new JwtVerifier({
              keys: new JwksFileKeys(options.jwksFile),
              issuer: options.issuer,
              audience: options.audience,
              clockSkewSeconds: wholeSeconds(options.clockSkewSeconds),
            }),
          inject: [AUTH_MODULE_OPTIONS],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_MODULE_OPTIONS, JwtVerifier, ...(status === undefined ? [] : [PARTNER_STATUS_CHECK])],
    };
  }
}

// Options often come from environment variables through ConfigService, whose
// get<number>() returns the raw string; accept a whole number written as one
// rather than fail start-up over "30" versus 30.
function wholeSeconds(value: number | string | undefined): number | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  if (typeof value === 'string')
    throw new Error(`clockSkewSeconds must be a whole number of seconds, got ${JSON.stringify(value)}`);
  return value;
}
