import { AuthError, quoteUntrusted } from './auth-error';

/**
 * What a caller may do in Beacon; a token carries one or more. A
 * `supervisor` oversees a partner's case workers: it reads the partner's
 * inbox and referrals (escalations included) but acts on none of them.
 */
export const ROLES = ['partner-system', 'case-worker', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The sector a partner belongs to; redaction policy is chosen by it.
 * `beacon` is the operator itself, used by administrators.
 */
export const SECTORS = [
  'law-enforcement',
  'health-care',
  'ngo',
  'education',
  'social-services',
  'beacon',
] as const;
export type Sector = (typeof SECTORS)[number];

/** The verified caller behind a request. */
export interface Principal {
  /** The token's `sub`: the person or system acting. */
  readonly subject: string;
  readonly partnerId: string;
  readonly sector: Sector;
  /** Never empty and without duplicates. */
  readonly roles: readonly Role[];
  readonly name?: string;
  /** The token's `jti`, so an audit record can point at the credential used. */
  readonly tokenId?: string;
}

/** Tells whether `value` is one of {@link ROLES}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Tells whether `value` is one of {@link SECTORS}. */
export function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (SECTORS as readonly string[]).includes(value);
}

/** Tells whether the principal holds at least one of `roles`. */
export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}

/**
 * Builds a principal from the claims of a token whose signature, issuer,
 * audience and lifetime were already checked.
 *
 * Fails closed: a claim that is absent, of the wrong type or outside the known
 * vocabulary refuses the whole token, because a guessed sector or role would
 * widen what redaction lets through.
 *
 * @throws AuthError `missing_claim` or `invalid_claim`
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal {
  const subject = requiredString(claims, 'sub');
  const partnerId = requiredString(claims, 'partner_id');
  const sector = claims['sector'];
  if (sector === undefined) throw missing('sector');
  if (!isSector(sector)) {
    throw new AuthError(
      'invalid_claim',
      `claim "sector" is ${quoteUntrusted(sector)}, expected one of ${SECTORS.join(', ')}`,
    );
  }
  const roles = parseRoles(claims['roles']);
  const name = optionalString(claims, 'name');
  const tokenId = optionalString(claims, 'jti');
  return Object.freeze({
    subject,
    partnerId,
    sector,
    roles,
    ...(name === undefined ? {} : { name }),
    ...(tokenId === undefined ? {} : { tokenId }),
  });
}

function parseRoles(value: unknown): readonly Role[] {
  if (value === undefined) throw missing('roles');
  if (!Array.isArray(value))
    throw new AuthError('invalid_claim', 'claim "roles" must be an array of role names');
  if (value.length === 0)
    throw new AuthError('missing_claim', 'claim "roles" is empty; a token needs at least one role');
  const unknown = value.find((role) => !isRole(role));
  if (unknown !== undefined) {
    throw new AuthError(
      'invalid_claim',
      `claim "roles" holds ${quoteUntrusted(unknown)}, expected only ${ROLES.join(', ')}`,
    );
  }
  return Object.freeze([...new Set(value as Role[])]);
}

function requiredString(claims: Readonly<Record<string, unknown>>, claim: string): string {
  const value = claims[claim];
  if (value === undefined) throw missing(claim);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AuthError('invalid_claim', `claim "${claim}" must be a non-empty string`);
  }
  return value;
}

function optionalString(claims: Readonly<Record<string, unknown>>, claim: string): string | undefined {
  const value = claims[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AuthError('invalid_claim', `claim "${claim}" must be a string`);
  return value;
}

function missing(claim: string): AuthError {
  return new AuthError('missing_claim', `the token has no "${claim}" claim`);
}
