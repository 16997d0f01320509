import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { PartnerStatusCheck } from '../partner-status';

/** How the auth module finds its keys and which tokens it accepts. */
export interface AuthModuleOptions {
  /** Path of the JWKS file holding the trusted public keys. Read once, at start-up. */
  readonly jwksFile: string;
  /** The exact `iss` tokens must carry. */
  readonly issuer: string;
  /** The `aud` this service answers to. */
  readonly audience: string;
  /**
   * Tolerance for clock drift on `exp` and `nbf`, in seconds. Defaults to 30.
   * A string of digits is accepted, as environment variables arrive as strings.
   */
  readonly clockSkewSeconds?: number | string;
}

/** Options resolved by a factory, for instance from `@nestjs/config`'s `ConfigService`. */
export interface AuthModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  // `any[]` as in Nest's own FactoryProvider: the injected values' types are
  // only known to the caller's factory signature.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly useFactory: (...args: any[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
}

/**
 * Where the guard finds the app's {@link PartnerStatusCheck}: a provider
 * (`useExisting`) of a module the auth module then imports, or a value.
 * Without one, tokens are judged by themselves alone.
 */
export type PartnerStatusCheckSource =
  | { readonly imports?: ModuleMetadata['imports']; readonly useExisting: InjectionToken }
  | { readonly useValue: PartnerStatusCheck };

/** What the auth module adds to token verification. */
export interface AuthModuleExtras {
  readonly partnerStatus?: PartnerStatusCheckSource;
}
