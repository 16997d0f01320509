import {
  Controller,
  type DynamicModule,
  type ExecutionContext,
  Get,
  type INestApplication,
  Module,
  UnauthorizedException,
} from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwksError, parseJwks } from '../jwks';
import { JwtVerifier } from '../jwt-verifier';
import type { PartnerStatusCheck } from '../partner-status';
import type { Principal } from '../principal';
import { generateSigningKey, issueToken, type SigningKeyPair, writeJwksFile } from '../token-issuer';
import { AuthGuard } from './auth.guard';
import { PARTNER_STATUS_CHECK } from './auth.di-tokens';
import { AuthModule } from './auth.module';
import { CurrentPrincipal } from './current-principal.decorator';
import { Public } from './public.decorator';
import { Roles } from './roles.decorator';

const ISSUER = 'https://id.beacon.test';
const AUDIENCE = 'beacon-gateway';

const caseWorker: Principal = {
  subject: 'cw-1',
  partnerId: 'safe-harbour',
  sector: 'ngo',
  roles: ['case-worker'],
};
const auditor: Principal = { subject: 'au-1', partnerId: 'beacon', sector: 'beacon', roles: ['auditor'] };

@Controller('probe')
class ProbeController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal | undefined): Principal | undefined {
    return principal;
  }

  @Public()
  @Get('health')
  health(@CurrentPrincipal() principal: Principal | undefined): { status: string; principal: string } {
    return { status: 'ok', principal: principal === undefined ? 'none' : principal.subject };
  }

  @Roles('auditor')
  @Get('disclosures')
  disclosures(): { disclosures: unknown[] } {
    return { disclosures: [] };
  }
}

@Public()
@Controller('open')
class OpenController {
  @Get()
  open(): { open: boolean } {
    return { open: true };
  }
}

@Roles('admin')
@Controller('admin')
class AdminController {
  @Get()
  settings(): { admin: boolean } {
    return { admin: true };
  }

  @Roles('auditor', 'admin')
  @Get('log')
  log(): { log: unknown[] } {
    return { log: [] };
  }
}

const SETTINGS = Symbol('SETTINGS');

async function start(auth: DynamicModule): Promise<INestApplication> {
  @Module({ imports: [auth], controllers: [ProbeController, OpenController, AdminController] })
  class AppModule {}

  // abortOnError: false, so a start-up failure rejects instead of killing the test process.
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('AuthModule and AuthGuard over HTTP', () => {
  let directory: string;
  let jwksFile: string;
  let key: SigningKeyPair;
  let app: INestApplication;
  let baseUrl: string;

  function tokenFor(
    principal: Principal,
    extra: { privateJwk?: SigningKeyPair['privateJwk']; issuedAt?: Date; notBeforeSeconds?: number } = {},
  ): string {
    return issueToken({
      privateJwk: key.privateJwk,
      issuer: ISSUER,
      audience: AUDIENCE,
      principal,
      ttlSeconds: 300,
      ...extra,
    });
  }

  async function get(
    path: string,
    authorization?: string,
  ): Promise<{ status: number; body: unknown; challenge: string | null }> {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    return {
      status: response.status,
      body: await response.json(),
      challenge: response.headers.get('www-authenticate'),
    };
  }

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'beacon-auth-guard-'));
    jwksFile = join(directory, 'jwks.json');
    key = generateSigningKey('gateway-test-1');
    writeJwksFile(jwksFile, [key.publicJwk]);

    @Module({
      providers: [{ provide: SETTINGS, useValue: { jwksFile, issuer: ISSUER, audience: AUDIENCE } }],
      exports: [SETTINGS],
    })
    class SettingsModule {}

    app = await start(
      AuthModule.forRootAsync({
        imports: [SettingsModule],
        inject: [SETTINGS],
        // The skew arrives as a string, the way ConfigService hands back environment variables.
        useFactory: async (settings: { jwksFile: string; issuer: string; audience: string }) => ({
          ...settings,
          clockSkewSeconds: '5',
        }),
      }),
    );
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('authentication', () => {
    it('answers 401 missing_token to a request without a token', async () => {
      // when
      const response = await get('/probe/me');

      // then
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'missing_token: send the token as "Authorization: Bearer <token>"',
        code: 'missing_token',
      });
      expect(response.challenge).toBe('Bearer realm="beacon"');
    });

    it('answers 401 malformed to another authorization scheme', async () => {
      // when
      const response = await get('/probe/me', 'Basic Y2FzZXdvcmtlcjpodW50ZXIy');

      // then
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'malformed' });
    });

    it('answers 401 naming the code for a token signed by an unknown key', async () => {
      // given
      const token = tokenFor(caseWorker, { privateJwk: generateSigningKey('stranger').privateJwk });

      // when
      const response = await get('/probe/me', `Bearer ${token}`);

      // then
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'unknown_kid: no trusted key has kid "stranger"',
        code: 'unknown_kid',
      });
      expect(response.challenge).toBe(
        'Bearer realm="beacon", error="invalid_token", error_description="unknown_kid"',
      );
    });

    it('answers 401 expired for an expired token, without echoing it', async () => {
      // given
      const token = tokenFor(caseWorker, { issuedAt: new Date(Date.now() - 3_600_000) });

      // when
      const response = await get('/probe/me', `Bearer ${token}`);

      // then
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({
        code: 'expired',
        message: expect.stringMatching(/^expired: the token expired at /),
      });
      expect(JSON.stringify(response.body)).not.toContain(token.split('.')[2]);
    });

    it('applies the clock skew from the factory options, not the 30 s default', async () => {
      // given: valid in 20 s, beyond the configured 5 s skew
      const token = tokenFor(caseWorker, { notBeforeSeconds: 20 });

      // when
      const response = await get('/probe/me', `Bearer ${token}`);

      // then
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'not_yet_valid' });
    });

    it('lets a valid token through and hands the principal to the handler', async () => {
      // given
      const token = tokenFor(caseWorker);

      // when
      const response = await get('/probe/me', `bearer ${token}`);

      // then
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject(caseWorker);
    });
  });

  describe('@Public()', () => {
    it('lets a public route through without a token, with no principal', async () => {
      // when
      const response = await get('/probe/health');

      // then
      expect(response).toEqual({ status: 200, body: { status: 'ok', principal: 'none' }, challenge: null });
    });

    it('does not check a token sent to a public route', async () => {
      // when
      const response = await get('/probe/health', 'Bearer not-a-token');

      // then
      expect(response.status).toBe(200);
    });

    it('opens every route of a public controller', async () => {
      // when
      const response = await get('/open');

      // then
      expect(response).toMatchObject({ status: 200, body: { open: true } });
    });
  });

  describe('@Roles()', () => {
    it('answers 403 to a case worker on an auditor route', async () => {
      // when
      const response = await get('/probe/disclosures', `Bearer ${tokenFor(caseWorker)}`);

      // then
      expect(response.status).toBe(403);
      expect(response.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'insufficient_role: this route needs one of auditor',
        code: 'insufficient_role',
      });
      expect(response.challenge).toBe('Bearer realm="beacon", error="insufficient_scope"');
    });

    it('answers 200 to an auditor on an auditor route', async () => {
      // when
      const response = await get('/probe/disclosures', `Bearer ${tokenFor(auditor)}`);

      // then
      expect(response).toMatchObject({ status: 200, body: { disclosures: [] } });
    });

    it('answers 401, not 403, to a role-restricted route without a token', async () => {
      // when
      const response = await get('/probe/disclosures');

      // then
      expect(response.status).toBe(401);
    });

    it('applies controller roles to routes without their own', async () => {
      // when
      const response = await get('/admin', `Bearer ${tokenFor(auditor)}`);

      // then
      expect(response.status).toBe(403);
    });

    it('lets route roles replace controller roles', async () => {
      // when
      const response = await get('/admin/log', `Bearer ${tokenFor(auditor)}`);

      // then
      expect(response).toMatchObject({ status: 200, body: { log: [] } });
    });
  });

  it('exports the verifier for transports the guard does not cover', () => {
    // given
    const verifier = app.get(JwtVerifier);

    // when
    const principal = verifier.verify(tokenFor(auditor));

    // then
    expect(principal.subject).toBe('au-1');
  });
});

describe('AuthModule with a partner status check', () => {
  let directory: string;
  let key: SigningKeyPair;
  let app: INestApplication;
  let baseUrl: string;
  // What the app's directory says now; the check reads it on every request.
  const refusals = new Map<string, string>();

  const tokenFor = (principal: Principal) =>
    issueToken({
      privateJwk: key.privateJwk,
      issuer: ISSUER,
      audience: AUDIENCE,
      principal,
      ttlSeconds: 300,
    });
  const get = async (path: string, principal: Principal) => {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${tokenFor(principal)}` },
    });
    return {
      status: response.status,
      body: (await response.json()) as unknown,
      challenge: response.headers.get('www-authenticate'),
    };
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'beacon-auth-status-'));
    const jwksFile = join(directory, 'jwks.json');
    key = generateSigningKey('status-1');
    writeJwksFile(jwksFile, [key.publicJwk]);
    app = await start(
      AuthModule.forRoot(
        { jwksFile, issuer: ISSUER, audience: AUDIENCE },
        { partnerStatus: { useValue: { refusalFor: (partnerId) => refusals.get(partnerId) } } },
      ),
    );
    baseUrl = await app.getUrl();
  });

  afterEach(() => refusals.clear());

  afterAll(async () => {
    await app?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('given an active partner, when its case worker calls, then the route answers', async () => {
    // when
    const response = await get('/probe/me', caseWorker);

    // then
    expect(response.status).toBe(200);
  });

  it('given a suspended partner, when its valid token calls, then 401 partner_inactive names the partner and its status', async () => {
    // given
    refusals.set('safe-harbour', 'partner safe-harbour is suspended');

    // when
    const response = await get('/probe/me', caseWorker);

    // then
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'partner_inactive: partner safe-harbour is suspended',
      code: 'partner_inactive',
    });
    expect(response.challenge).toBe(
      'Bearer realm="beacon", error="invalid_token", error_description="partner_inactive"',
    );
  });

  it('given a partner refused after a first call, when it calls again, then the second call is refused (checked per request)', async () => {
    // given
    const before = await get('/probe/me', caseWorker);
    refusals.set('safe-harbour', 'partner safe-harbour is removed');

    // when
    const after = await get('/probe/me', caseWorker);

    // then
    expect([before.status, after.status]).toEqual([200, 401]);
  });

  it('given a refused partner, when its token calls a role-restricted route, then it is 401, not 403 (the token no longer counts)', async () => {
    // given
    refusals.set('safe-harbour', 'partner safe-harbour is suspended');

    // when
    const response = await get('/probe/disclosures', { ...caseWorker, roles: ['auditor'] });

    // then
    expect(response).toMatchObject({ status: 401, body: { code: 'partner_inactive' } });
  });

  it('given the operator, when its auditor calls, then the check does not apply', async () => {
    // given: a refusal that would catch the operator's id if it were asked
    refusals.set('beacon', 'partner beacon is not in the partner directory');

    // when
    const response = await get('/probe/disclosures', auditor);

    // then
    expect(response.status).toBe(200);
  });

  it('exports the check for transports the guard does not cover', () => {
    // given
    refusals.set('safe-harbour', 'partner safe-harbour is suspended');

    // when
    const check = app.get<PartnerStatusCheck>(PARTNER_STATUS_CHECK);

    // then
    expect(check.refusalFor('safe-harbour')).toBe('partner safe-harbour is suspended');
  });
});

describe('AuthModule.forRoot', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'beacon-auth-module-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('guards the application with options given up front', async () => {
    // given
    const key = generateSigningKey('static-1', 'RS256');
    const jwksFile = join(directory, 'jwks.json');
    writeJwksFile(jwksFile, [key.publicJwk]);
    const app = await start(AuthModule.forRoot({ jwksFile, issuer: ISSUER, audience: AUDIENCE }));
    const url = await app.getUrl();
    const token = issueToken({
      privateJwk: key.privateJwk,
      issuer: ISSUER,
      audience: AUDIENCE,
      principal: auditor,
      ttlSeconds: 60,
    });

    try {
      // when
      const anonymous = await fetch(`${url}/probe/me`);
      const authenticated = await fetch(`${url}/probe/me`, { headers: { authorization: `Bearer ${token}` } });

      // then
      expect(anonymous.status).toBe(401);
      expect(authenticated.status).toBe(200);
      expect(await authenticated.json()).toMatchObject(auditor);
    } finally {
      await app.close();
    }
  });

  it('refuses to start when the JWKS file is missing', async () => {
    // given
    const jwksFile = join(directory, 'absent.json');

    // when / then
    await expect(start(AuthModule.forRoot({ jwksFile, issuer: ISSUER, audience: AUDIENCE }))).rejects.toThrow(
      JwksError,
    );
  });

  it('refuses to start with a clock skew that is not a whole number', async () => {
    // given
    const jwksFile = join(directory, 'jwks.json');
    writeJwksFile(jwksFile, [generateSigningKey('k').publicJwk]);

    // when / then
    await expect(
      start(AuthModule.forRoot({ jwksFile, issuer: ISSUER, audience: AUDIENCE, clockSkewSeconds: '30s' })),
    ).rejects.toThrow('clockSkewSeconds must be a whole number of seconds, got "30s"');
  });
});

describe('AuthGuard outside HTTP', () => {
  it('refuses a non-HTTP handler that is not marked public', () => {
    // given
    const key = generateSigningKey('k');
    const guard = new AuthGuard(
      new Reflector(),
      new JwtVerifier({ keys: parseJwks({ keys: [key.publicJwk] }), issuer: ISSUER, audience: AUDIENCE }),
    );
    const context = {
      getType: () => 'rpc',
      getHandler: () => ProbeController.prototype.me,
      getClass: () => ProbeController,
    } as unknown as ExecutionContext;

    // when / then
    expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
  });

  it('lets a public non-HTTP handler through', () => {
    // given
    const key = generateSigningKey('k');
    const guard = new AuthGuard(
      new Reflector(),
      new JwtVerifier({ keys: parseJwks({ keys: [key.publicJwk] }), issuer: ISSUER, audience: AUDIENCE }),
    );
    const context = {
      getType: () => 'rpc',
      getHandler: () => OpenController.prototype.open,
      getClass: () => OpenController,
    } as unknown as ExecutionContext;

    // when / then
    expect(guard.canActivate(context)).toBe(true);
  });
});

describe('@Roles() declaration', () => {
  it('refuses to decorate with no role or an unknown one, which would lock a route silently', () => {
    // given: callers that bypass the type checker
    const untypedRoles = Roles as unknown as (...roles: string[]) => unknown;

    // when / then
    expect(() => untypedRoles()).toThrow(/@Roles\(\) needs one or more known roles/);
    expect(() => untypedRoles('auditor', 'root')).toThrow(/"root"/);
  });
});
