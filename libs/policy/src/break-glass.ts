import type { SectorPolicy } from './policy.types';
import { BREAK_GLASS_PURPOSE, type Category, type Purpose, type Sector } from './vocabulary';

/** A person's request for emergency access, as the gateway records it. */
export interface BreakGlassRequest {
  /** The requester's token role. */
  readonly role: string;
  /** Why, in the requester's words; shown to auditors and on every record it touches. */
  readonly reason: string;
  /** When the glass was broken (RFC 3339); the window runs from here. */
  readonly startedAt: string;
  /** Who broke it (a worker id), when known. */
  readonly requestedBy?: string;
  /**
   * The categories asked for; only those the sector's break-glass lists are
   * opened. Without it, every category the policy lists.
   */
  readonly categories?: readonly Category[];
  /**
   * When the person asked it to end (RFC 3339). The window ends then or at
   * the policy's maximum, whichever is earlier; it never runs longer.
   */
  readonly expiresAt?: string;
}

/** Why a decision was refused rather than made. */
export type RefusalCode =
  | 'invalid-decision-time'
  | 'emergency-requires-break-glass'
  | 'break-glass-requires-emergency-purpose'
  | 'break-glass-reason-missing'
  | 'break-glass-reason-too-short'
  | 'break-glass-not-available'
  | 'break-glass-role-not-allowed'
  | 'break-glass-invalid-start'
  | 'break-glass-invalid-expiry'
  | 'break-glass-not-started';

/** A break-glass that passed every check. */
export interface BreakGlassGrant {
  readonly role: string;
  readonly reason: string;
  readonly requestedBy?: string;
  readonly startedAt: string;
  readonly expiresAt: string;
  readonly categories: readonly Category[];
}

/** What a break-glass request amounts to at the decision time. */
export type BreakGlassState =
  | { readonly kind: 'not-requested' }
  | { readonly kind: 'active'; readonly grant: BreakGlassGrant }
  | { readonly kind: 'expired'; readonly grant: BreakGlassGrant }
  | { readonly kind: 'refused'; readonly code: RefusalCode; readonly message: string };

function refused(code: RefusalCode, message: string): BreakGlassState {
  return { kind: 'refused', code, message };
}

/**
 * Checks a break-glass request against the recipient sector's policy.
 *
 * A request that fails a check is refused outright, never turned into a
 * quiet deny: the person who broke the glass must learn at once that no
 * emergency access was given. An expired break-glass is not refused; the
 * decision then falls back to the ordinary rules (for the `emergency`
 * purpose, which on its own grants nothing).
 */
export function assessBreakGlass(
  request: BreakGlassRequest | undefined,
  purpose: Purpose,
  sector: Sector,
  sectorPolicy: SectorPolicy | undefined,
  at: number,
): BreakGlassState {
  if (request === undefined) {
    return purpose === BREAK_GLASS_PURPOSE
      ? refused(
          'emergency-requires-break-glass',
          `purpose "${BREAK_GLASS_PURPOSE}" is only available through break-glass, with a role and a written reason`,
        )
      : { kind: 'not-requested' };
  }
  if (purpose !== BREAK_GLASS_PURPOSE) {
    return refused(
      'break-glass-requires-emergency-purpose',
      `break-glass is for purpose "${BREAK_GLASS_PURPOSE}", not "${purpose}"`,
    );
  }
  const reason = request.reason.trim();
  if (reason === '') return refused('break-glass-reason-missing', 'break-glass needs a written reason');
  const policy = sectorPolicy?.breakGlass;
  if (policy === undefined) {
    return refused('break-glass-not-available', `the ${sector} policy allows no break-glass`);
  }
  if (!(policy.roles as readonly string[]).includes(request.role)) {
    return refused(
      'break-glass-role-not-allowed',
      `role "${request.role}" may not break the glass for ${sector} (allowed: ${policy.roles.join(', ')})`,
    );
  }
  const length = [...reason].length;
  if (length < policy.minReasonLength) {
    return refused(
      'break-glass-reason-too-short',
      `the reason has ${length} characters; the ${sector} policy asks for at least ${policy.minReasonLength}`,
    );
  }
  const start = Date.parse(request.startedAt);
  if (Number.isNaN(start)) {
    return refused(
      'break-glass-invalid-start',
      `startedAt ${JSON.stringify(request.startedAt)} is not a date-time`,
    );
  }
  // A break-glass dated after the decision cannot justify it (a skewed clock or a replay).
  if (start > at) {
    return refused(
      'break-glass-not-started',
      `break-glass starts at ${request.startedAt}, after the decision time`,
    );
  }
  const end = windowEnd(start, policy.durationMinutes, request.expiresAt);
  if (end === undefined) {
    return refused(
      'break-glass-invalid-expiry',
      `expiresAt ${JSON.stringify(request.expiresAt)} is not a date-time after startedAt`,
    );
  }
  const grant: BreakGlassGrant = {
    role: request.role,
    reason,
    ...(request.requestedBy === undefined ? {} : { requestedBy: request.requestedBy }),
    startedAt: new Date(start).toISOString(),
    expiresAt: new Date(end).toISOString(),
    categories: openedCategories(policy.categories, request.categories),
  };
  return at < end ? { kind: 'active', grant } : { kind: 'expired', grant };
}

/**
 * The end of a break-glass window: the requested end, capped at the
 * policy's duration. Undefined when the requested end cannot be read or is
 * not after the start (a window that never opens is a mistake to report,
 * not an empty grant).
 */
function windowEnd(
  start: number,
  durationMinutes: number,
  requested: string | undefined,
): number | undefined {
  const cap = start + durationMinutes * 60_000;
  if (requested === undefined) return cap;
  const end = Date.parse(requested);
  if (Number.isNaN(end) || end <= start) return undefined;
  return Math.min(end, cap);
}

/**
 * The categories a break-glass opens: those requested that the policy
 * lists, in the policy's order; all the policy lists when none were named.
 * A requested category the policy does not list is never opened.
 */
function openedCategories(
  allowed: readonly Category[],
  requested: readonly Category[] | undefined,
): readonly Category[] {
  if (requested === undefined) return allowed;
  return allowed.filter((category) => requested.includes(category));
}
