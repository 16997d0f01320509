import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthError } from '../auth-error';
import { JwtVerifier } from '../jwt-verifier';
import { assertPartnerMayAct, type PartnerStatusCheck } from '../partner-status';
import { hasAnyRole, type Principal, type Role } from '../principal';
import { PARTNER_STATUS_CHECK } from './auth.di-tokens';
import type { AuthenticatedRequest } from './authenticated-request';
import { IS_PUBLIC_KEY } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';

// Express has setHeader, Fastify's reply has header; we only need one of them.
interface ChallengeableResponse {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
}

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The global guard {@link AuthModule} installs: every HTTP route needs a valid
 * bearer token unless marked `@Public()`, and `@Roles()` routes need one of
 * the listed roles. When the app gives a {@link PartnerStatusCheck}, a good
 * token of a partner that may not act now (suspended, removed, unknown) is
 * refused like a revoked one: 401 `partner_inactive`, checked on every request.
 *
 * Refusals answer `{ statusCode, error, message, code }` with `code` the
 * {@link AuthErrorCode} (or `insufficient_role`), plus the RFC 6750
 * `WWW-Authenticate` challenge.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
    @Optional() @Inject(PARTNER_STATUS_CHECK) private readonly partnerStatus?: PartnerStatusCheck,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true) return true;

    // Bearer tokens travel in HTTP headers only. Failing closed elsewhere
    // means a WebSocket or RPC handler that inherits this guard is refused
    // rather than silently left open; such handlers authenticate at their
    // own transport and are marked @Public().
    if (context.getType() !== 'http') {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: `unsupported_transport: bearer authentication covers HTTP only, not ${context.getType()}`,
        code: 'unsupported_transport',
      });
    }

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<ChallengeableResponse>();
    const principal = this.authenticate(request, response);
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, targets);
    if (required !== undefined && !hasAnyRole(principal, required)) {
      setHeader(response, 'WWW-Authenticate', 'Bearer realm="beacon", error="insufficient_scope"');
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `insufficient_role: this route needs one of ${required.join(', ')}`,
        code: 'insufficient_role',
      });
    }
    return true;
  }

  private authenticate(request: AuthenticatedRequest, response: ChallengeableResponse): Principal {
    try {
      const principal = this.verifier.verify(bearerToken(request));
      assertPartnerMayAct(this.partnerStatus, principal);
      return principal;
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      // RFC 6750 §3.1: a request without credentials gets a bare challenge, no error code.
      const challenge =
        error.code === 'missing_token'
          ? 'Bearer realm="beacon"'
          : `Bearer realm="beacon", error="invalid_token", error_description="${error.code}"`;
      setHeader(response, 'WWW-Authenticate', challenge);
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: `${error.code}: ${error.message}`,
        code: error.code,
      });
    }
  }
}

function bearerToken(request: AuthenticatedRequest): string {
  const authorization = request.headers['authorization'];
  if (authorization === undefined || authorization === '') {
    throw new AuthError('missing_token', 'send the token as "Authorization: Bearer <token>"');
  }
  const match = typeof authorization === 'string' ? BEARER.exec(authorization) : null;
  if (match === null) {
    throw new AuthError('malformed', 'the Authorization header must be "Bearer <token>"');
  }
  return match[1] as string;
}

function setHeader(response: ChallengeableResponse, name: string, value: string): void {
  if (typeof response.setHeader === 'function') response.setHeader(name, value);
  else if (typeof response.header === 'function') response.header(name, value);
}
