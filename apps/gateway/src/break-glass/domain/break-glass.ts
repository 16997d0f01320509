import type { BreakGlassGrantedV1Data } from '@beacon/contracts';
import {
  assessBreakGlass,
  BREAK_GLASS_PURPOSE,
  isCategory,
  isSector,
  type Category,
  type Sector,
  type CompiledPolicy,
} from '@beacon/policy';
import type { Principal } from '@beacon/auth';

export const BREAK_GLASS_GRANTED_TYPE = 'org.beacon.break-glass.granted.v1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REASON = 1000;

/** One thing wrong with a request, and where (a JSON pointer into the body). */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

/** A break-glass request as the body gives it, checked for shape only. */
export interface BreakGlassBody {
  readonly subjectId: string;
  readonly reason: string;
  readonly categories?: readonly Category[];
  readonly durationMinutes?: number;
}

/** Reads the body: every shape error at once, each naming its field. */
export function readBreakGlassBody(
  body: unknown,
): { ok: true; body: BreakGlassBody } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, errors: [{ pointer: '', message: 'the body must be a JSON object' }] };
  const raw = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const known = ['subjectId', 'purpose', 'reason', 'categories', 'durationMinutes'];
  for (const key of Object.keys(raw))
    if (!known.includes(key))
      errors.push({
        pointer: `/${key}`,
        message: `is not a field of a break-glass request (${known.join(', ')})`,
      });
  if (typeof raw.subjectId !== 'string' || !UUID.test(raw.subjectId))
    errors.push({ pointer: '/subjectId', message: 'is required: the subject id, a UUID' });
  if (raw.purpose !== undefined && raw.purpose !== BREAK_GLASS_PURPOSE)
    errors.push({ pointer: '/purpose', message: `break-glass is for purpose "${BREAK_GLASS_PURPOSE}" only` });
  if (typeof raw.reason !== 'string' || raw.reason.trim() === '')
    errors.push({ pointer: '/reason', message: 'is required: a written reason for emergency access' });
  else if (raw.reason.length > MAX_REASON)
    errors.push({ pointer: '/reason', message: `is longer than ${MAX_REASON} characters` });
  if (raw.categories !== undefined) {
    if (!Array.isArray(raw.categories) || raw.categories.length === 0)
      errors.push({
        pointer: '/categories',
        message: 'must be a non-empty list of data categories, or absent',
      });
    else
      raw.categories.forEach((category, index) => {
        if (!isCategory(category))
          errors.push({
            pointer: `/categories/${index}`,
            message: `"${String(category)}" is not a data category`,
          });
        else if (raw.categories !== undefined && (raw.categories as unknown[]).indexOf(category) !== index)
          errors.push({ pointer: `/categories/${index}`, message: `"${category}" is listed twice` });
      });
  }
  if (
    raw.durationMinutes !== undefined &&
    (typeof raw.durationMinutes !== 'number' ||
      !Number.isFinite(raw.durationMinutes) ||
      raw.durationMinutes <= 0)
  )
    errors.push({ pointer: '/durationMinutes', message: 'must be a positive number of minutes' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      subjectId: (raw.subjectId as string).toLowerCase(),
      reason: (raw.reason as string).trim(),
      ...(raw.categories === undefined ? {} : { categories: raw.categories as Category[] }),
      ...(raw.durationMinutes === undefined ? {} : { durationMinutes: raw.durationMinutes as number }),
    },
  };
}

/** What the gateway decides about a break-glass request. */
export type BreakGlassDecision =
  | { readonly kind: 'granted'; readonly data: BreakGlassGrantedV1Data }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'forbidden'; readonly message: string };

/**
 * Decides a break-glass request against the caller's sector policy: the
 * caller must hold a role the policy lists (else forbidden), the reason must
 * be as long as the policy asks, the categories must be ones it opens, and
 * the duration no longer than it allows (else invalid, naming the field).
 * The grant widens only the caller's own organisation's deliveries.
 *
 * Pure: the caller passes the clock and the new grant id.
 */
export function decideBreakGlass(
  body: BreakGlassBody,
  caller: Principal,
  policy: CompiledPolicy,
  now: Date,
  grantId: string,
): BreakGlassDecision {
  // Beacon's own administrators (sector `beacon`) receive no deliveries, so they have nothing to widen.
  if (!isSector(caller.sector))
    return { kind: 'forbidden', message: `a ${caller.sector} caller receives no deliveries to widen` };
  const sector: Sector = caller.sector;
  const sectorPolicy = policy.document.sectors[sector];
  const glass = sectorPolicy?.breakGlass;
  if (glass === undefined)
    return { kind: 'forbidden', message: `the ${sector} policy allows no break-glass` };
  const role = caller.roles.find((r) => (glass.roles as readonly string[]).includes(r));
  if (role === undefined)
    return {
      kind: 'forbidden',
      message: `none of your roles (${caller.roles.join(', ')}) may break the glass for ${sector}; allowed: ${glass.roles.join(', ')}`,
    };
  const errors: FieldError[] = [];
  const length = [...body.reason].length;
  if (length < glass.minReasonLength)
    errors.push({
      pointer: '/reason',
      message: `has ${length} characters; the ${sector} policy asks for at least ${glass.minReasonLength}`,
    });
  (body.categories ?? []).forEach((category, index) => {
    if (!glass.categories.includes(category))
      errors.push({
        pointer: `/categories/${index}`,
        message: `"${category}" is not opened by ${sector} break-glass (it opens ${glass.categories.join(', ')})`,
      });
  });
  if (body.durationMinutes !== undefined && body.durationMinutes > glass.durationMinutes)
    errors.push({
      pointer: '/durationMinutes',
      message: `is more than the ${sector} policy's maximum of ${glass.durationMinutes} minutes`,
    });
  if (errors.length > 0) return { kind: 'invalid', errors };

  const startedAt = now.toISOString();
  const expiresAt = new Date(
    now.getTime() + (body.durationMinutes ?? glass.durationMinutes) * 60_000,
  ).toISOString();
  // The engine's own check, so the gateway never records a grant redaction would refuse.
  const state = assessBreakGlass(
    {
      role,
      reason: body.reason,
      startedAt,
      expiresAt,
      requestedBy: caller.subject,
      categories: body.categories,
    },
    BREAK_GLASS_PURPOSE,
    sector,
    sectorPolicy,
    now.getTime(),
  );
  if (state.kind !== 'active')
    return {
      kind: 'invalid',
      errors: [
        { pointer: '', message: state.kind === 'refused' ? state.message : 'the window is already over' },
      ],
    };
  return {
    kind: 'granted',
    data: {
      grantId,
      subjectId: body.subjectId,
      grantee: { partnerId: caller.partnerId, sector: sector },
      purpose: BREAK_GLASS_PURPOSE,
      reason: state.grant.reason,
      categories: [...state.grant.categories],
      startedAt: state.grant.startedAt,
      expiresAt: state.grant.expiresAt,
      grantedBy: {
        organisation: { partnerId: caller.partnerId, sector: sector },
        caseWorker: { workerId: caller.subject, name: caller.name ?? caller.subject },
        role: role as BreakGlassGrantedV1Data['grantedBy']['role'],
      },
    },
  };
}
