import type { Principal } from '@beacon/auth';
import type { ConsentGrantedV1Data, ConsentRevokedV1Data, Grantee, ValidationError } from '@beacon/contracts';
import type { ConsentFlag } from './consent-trust';

/*
 * The consent record and its rules, as plain functions over plain data: no
 * Nest, no database, no clock (times are passed in), so every rule is tested
 * alone. Decisions follow decide → evolve: `decideRevocation` says whether a
 * revocation may happen, `applyRevocation` gives the record after it.
 */

/** The event type announcing a consent the API recorded. */
export const CONSENT_GRANTED_TYPE = 'org.beacon.consent.granted.v1';
/** The event type announcing a revocation the API recorded. */
export const CONSENT_REVOKED_TYPE = 'org.beacon.consent.revoked.v1';

/**
 * `pending` while a consent that widens what its recorder receives waits
 * for a supervisor's confirmation (it opens nothing until then); `active`
 * once in force; `revoked` once nothing of it is in force any more.
 */
export type ConsentStatus = 'pending' | 'active' | 'revoked';
/** Why a consent was withdrawn, in the schema's words. */
export type RevocationReason = ConsentRevokedV1Data['reason'];

/** Who made a change, as the verified token says; never taken from a request body. */
export interface Actor {
  /** The token's `sub`. */
  readonly subject: string;
  readonly partnerId: string;
  /** The token's `jti`, so the record points at the credential used. */
  readonly tokenId?: string;
}

/** One revocation: of the provisions for one grantee, or (without a grantee) of the whole consent. */
export interface Revocation {
  readonly grantee?: Grantee;
  readonly reason: RevocationReason;
  readonly revokedAt: string;
  /** The `org.beacon.consent.revoked.v1` data, as validated and published. */
  readonly data: ConsentRevokedV1Data;
  readonly recordedBy: Actor;
}

/** A consent as the gateway keeps it. */
export interface Consent {
  readonly consentId: string;
  readonly subjectId: string;
  /** The `org.beacon.consent.granted.v1` data, as validated and published. */
  readonly data: ConsentGrantedV1Data;
  /** When the gateway recorded it (the data's `grantedAt` is when the person consented). */
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly status: ConsentStatus;
  /** It widens what the recording organisation receives, so a supervisor must confirm it before it counts. */
  readonly requiresConfirmation: boolean;
  /** When a supervisor confirmed it; set only on a consent that required it. */
  readonly confirmedAt?: string;
  readonly confirmedBy?: Actor;
  /** Why auditors should look at it (see `consentVolumeFlag`), when they should. */
  readonly flag?: ConsentFlag;
  /** When nothing of it was left in force; set exactly when `status` is `revoked`. */
  readonly revokedAt?: string;
  /** Oldest first. */
  readonly revocations: readonly Revocation[];
}

/** The actor behind a verified principal. */
export function actorOf(principal: Principal): Actor {
  return {
    subject: principal.subject,
    partnerId: principal.partnerId,
    ...(principal.tokenId === undefined ? {} : { tokenId: principal.tokenId }),
  };
}

/**
 * A UUID in the one spelling Beacon stores and publishes. UUIDs compare
 * without regard to case, but the subject id is the Kafka record key: two
 * spellings of one subject would land on different partitions and lose the
 * subject's one order.
 */
export function canonicalUuid(value: string): string {
  return value.toLowerCase();
}

/**
 * Where the consent's `recordedBy.organisation` disagrees with the caller's
 * token. A case worker records consents for their own organisation only; the
 * body is refused rather than rewritten, because what is stored and
 * published must be exactly what the case worker sent, and a mismatch is
 * either a client bug or an attempt to speak for another partner, neither of
 * which should pass quietly. `caseWorker.workerId` is not compared with the
 * token: the schema lets it be the worker's id in the partner's own system,
 * and the token's subject is kept beside the record (see {@link Actor}).
 */
export function recordedByMismatches(data: ConsentGrantedV1Data, caller: Principal): ValidationError[] {
  const organisation = data.recordedBy.organisation;
  const errors: ValidationError[] = [];
  if (organisation.partnerId !== caller.partnerId) {
    errors.push({
      pointer: '/recordedBy/organisation/partnerId',
      message: `must be your own organisation "${caller.partnerId}" (from your token): a case worker records consents for their own organisation`,
    });
  }
  if (organisation.sector !== undefined && organisation.sector !== caller.sector) {
    errors.push({
      pointer: '/recordedBy/organisation/sector',
      message: `must be your organisation's sector "${caller.sector}" (from your token), or left out`,
    });
  }
  return errors;
}

/**
 * The record of a consent just granted, recorded by the caller: `pending`
 * when it needs a supervisor's confirmation, `active` otherwise. `data`
 * must already be valid `org.beacon.consent.granted.v1` data whose
 * `recordedBy` matches the caller; its ids are brought to canonical case.
 */
export function grantConsent(
  data: ConsentGrantedV1Data,
  caller: Principal,
  recordedAt: string,
  trust: { readonly needsConfirmation: boolean; readonly flag?: ConsentFlag } = { needsConfirmation: false },
): Consent {
  const consentId = canonicalUuid(data.consentId);
  const subjectId = canonicalUuid(data.subjectId);
  return {
    consentId,
    subjectId,
    data: { ...data, consentId, subjectId },
    recordedAt,
    recordedBy: actorOf(caller),
    status: trust.needsConfirmation ? 'pending' : 'active',
    requiresConfirmation: trust.needsConfirmation,
    ...(trust.flag === undefined ? {} : { flag: trust.flag }),
    revocations: [],
  };
}

/**
 * The consent after a supervisor confirmed it: in force from now, and its
 * data (the event published now) names who confirmed it and when.
 */
export function applyConfirmation(consent: Consent, caller: Principal, confirmedAt: string): Consent {
  return {
    ...consent,
    status: consent.status === 'pending' ? 'active' : consent.status,
    confirmedAt,
    confirmedBy: actorOf(caller),
    data: { ...consent.data, confirmedBy: { workerId: caller.subject, confirmedAt } },
  };
}

/** A stable key for a grantee (`sector:ngo`, `partner:safe-harbour`); `*` stands for the whole consent. */
export function granteeKey(grantee: Grantee | undefined): string {
  if (grantee === undefined) return '*';
  return grantee.kind === 'sector' ? `sector:${grantee.sector}` : `partner:${grantee.partnerId}`;
}

/** Every grantee the consent's provisions name, once each, in the order they first appear. */
export function granteesOf(data: ConsentGrantedV1Data): Grantee[] {
  const seen = new Map<string, Grantee>();
  for (const provision of data.provisions) {
    const key = granteeKey(provision.grantee);
    if (!seen.has(key)) seen.set(key, provision.grantee);
  }
  return [...seen.values()];
}

/** Whether one grantee of the consent is still in force, and if not since when and why. */
export interface GranteeStatus {
  readonly grantee: Grantee;
  readonly status: ConsentStatus;
  readonly revokedAt?: string;
  readonly reason?: RevocationReason;
}

/**
 * Each grantee of the consent with its status: revoked when its own
 * provisions were revoked or the whole consent was, pending while the
 * consent waits for confirmation, in force otherwise.
 */
export function granteeStatuses(consent: Consent): GranteeStatus[] {
  const whole = consent.revocations.find((revocation) => revocation.grantee === undefined);
  return granteesOf(consent.data).map((grantee) => {
    const own = consent.revocations.find(
      (revocation) => granteeKey(revocation.grantee) === granteeKey(grantee),
    );
    const revocation = own ?? whole;
    if (revocation === undefined)
      return { grantee, status: consent.status === 'pending' ? 'pending' : 'active' };
    return { grantee, status: 'revoked', revokedAt: revocation.revokedAt, reason: revocation.reason };
  });
}

/** The fields a revoke request may carry, not yet checked. */
export interface RevokeRequest {
  readonly grantee?: unknown;
  readonly reason?: unknown;
  readonly notes?: unknown;
}

const REVOKE_REQUEST_FIELDS = new Set(['grantee', 'reason', 'notes']);

/**
 * Reads the body of `POST /v1/consents/:id/revoke`: a JSON object with
 * `reason`, and optionally `grantee` and `notes`. Their values are checked
 * later, with the whole `org.beacon.consent.revoked.v1` data; here only the
 * shape, so that a field the API would ignore is refused instead.
 */
export function readRevokeRequest(
  body: unknown,
): { ok: true; request: RevokeRequest } | { ok: false; errors: ValidationError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      errors: [{ pointer: '', message: 'must be a JSON object (send it as Content-Type: application/json)' }],
    };
  }
  const unknown = Object.keys(body).filter((field) => !REVOKE_REQUEST_FIELDS.has(field));
  if (unknown.length > 0) {
    return {
      ok: false,
      errors: unknown.map((field) => ({
        pointer: `/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        message: 'is not allowed here (no such field); send reason, and optionally grantee and notes',
      })),
    };
  }
  const fields = body as Record<string, unknown>;
  return { ok: true, request: { grantee: fields.grantee, reason: fields.reason, notes: fields.notes } };
}

/**
 * The `org.beacon.consent.revoked.v1` data for a request, still to be
 * validated. The consent and subject come from the stored consent, the
 * time from the caller's clock, and `recordedBy` from the token: a
 * revocation takes effect when Beacon records it, so it cannot be dated
 * back, and it is attributed to whoever's token made it.
 */
export function revokedData(
  consent: Consent,
  request: RevokeRequest,
  caller: Principal,
  revokedAt: string,
): Record<string, unknown> {
  return {
    consentId: consent.consentId,
    subjectId: consent.subjectId,
    revokedAt,
    ...(request.grantee === undefined ? {} : { grantee: request.grantee }),
    reason: request.reason,
    recordedBy: {
      organisation: {
        partnerId: caller.partnerId,
        // `beacon` (the operator) is a caller's sector but not a partner sector the schema knows.
        ...(caller.sector === 'beacon' ? {} : { sector: caller.sector }),
      },
      caseWorker: { workerId: caller.subject, name: caller.name ?? caller.subject },
    },
    ...(request.notes === undefined ? {} : { notes: request.notes }),
  };
}

/** Why a revocation cannot happen. */
export type RevocationRefusal =
  | { readonly kind: 'already-revoked'; readonly revokedAt: string }
  | { readonly kind: 'grantee-already-revoked'; readonly grantee: Grantee; readonly revokedAt: string }
  | { readonly kind: 'unknown-grantee'; readonly grantee: Grantee; readonly known: readonly Grantee[] };

/**
 * Decides whether `data` (valid `org.beacon.consent.revoked.v1` data for
 * this consent) may be recorded:
 *
 * - a consent with nothing left in force cannot be revoked again;
 * - a grantee can only be revoked if the consent names it and it is still in force.
 *
 * Revoking the whole consent is allowed while anything of it is in force,
 * even after some grantees were revoked one by one.
 */
export function decideRevocation(
  consent: Consent,
  data: ConsentRevokedV1Data,
  caller: Principal,
): { ok: true; revocation: Revocation } | { ok: false; refusal: RevocationRefusal } {
  if (consent.status === 'revoked') {
    return { ok: false, refusal: { kind: 'already-revoked', revokedAt: consent.revokedAt ?? '' } };
  }
  if (data.grantee !== undefined) {
    const key = granteeKey(data.grantee);
    const status = granteeStatuses(consent).find((entry) => granteeKey(entry.grantee) === key);
    if (status === undefined) {
      return {
        ok: false,
        refusal: { kind: 'unknown-grantee', grantee: data.grantee, known: granteesOf(consent.data) },
      };
    }
    if (status.status === 'revoked') {
      return {
        ok: false,
        refusal: {
          kind: 'grantee-already-revoked',
          grantee: data.grantee,
          revokedAt: status.revokedAt ?? '',
        },
      };
    }
  }
  return {
    ok: true,
    revocation: {
      ...(data.grantee === undefined ? {} : { grantee: data.grantee }),
      reason: data.reason,
      revokedAt: data.revokedAt,
      data,
      recordedBy: actorOf(caller),
    },
  };
}

/**
 * The consent after a revocation. Revoking the whole consent, or the last
 * grantee still in force, leaves nothing in force: the consent becomes
 * `revoked` at that moment. Otherwise it stays `active` for the others.
 */
export function applyRevocation(consent: Consent, revocation: Revocation): Consent {
  const revocations = [...consent.revocations, revocation];
  const next: Consent = { ...consent, revocations };
  const nothingLeft =
    revocation.grantee === undefined || granteeStatuses(next).every((entry) => entry.status === 'revoked');
  return nothingLeft ? { ...next, status: 'revoked', revokedAt: revocation.revokedAt } : next;
}
