import type { Principal } from '@beacon/auth';
import type { ConsentGrantedV1Data, ValidationError } from '@beacon/contracts';

/*
 * What makes a consent trustworthy before Beacon records it, as pure
 * decisions over plain data (no Nest, no database, no clock): who may
 * record one (an organisation with a relationship with the subject), what
 * it must name (its evidence), when it needs a second person (it widens
 * what its own organisation receives), and when recording many is unusual
 * enough to show auditors.
 */

/** How an organisation came to hold a relationship with a subject (see the redaction service's `subject_relationships`). */
export type RelationshipKind = 'originated' | 'received';

/** The evidence kinds the schema knows, for the message that names them. */
export const EVIDENCE_KINDS = [
  'signed-form',
  'electronic-signature',
  'recorded-verbal',
  'witnessed-verbal',
  'guardian-authorisation',
  'court-order',
] as const;

/**
 * The evidence the consent API requires beyond the schema, which keeps
 * `evidence` optional so that consents recorded before it was required
 * still read. Checked on the body as sent, before the schema, so that its
 * absence is named even when other fields are wrong too.
 */
export function missingEvidence(body: unknown): ValidationError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  if ((body as Record<string, unknown>).evidence !== undefined) return [];
  return [
    {
      pointer: '/evidence',
      message:
        'is required: name the evidence that the person consented, as { kind, reference }, kind one of ' +
        `${EVIDENCE_KINDS.join(', ')}, reference where your organisation files it`,
    },
  ];
}

/**
 * Whether the consent permits something to the recording organisation
 * itself: a permit provision whose grantee is the caller's partner or the
 * caller's sector. Such a consent widens what the recorder receives, so one
 * person alone could open a subject's data to their own organisation; it
 * waits for a second person's confirmation. A deny narrows and never counts.
 */
export function widensOwnAccess(data: ConsentGrantedV1Data, caller: Principal): boolean {
  return data.provisions.some(
    (provision) =>
      provision.type === 'permit' &&
      (provision.grantee.kind === 'partner'
        ? provision.grantee.partnerId === caller.partnerId
        : provision.grantee.sector === caller.sector),
  );
}

/** When recording consents is unusual enough to flag: more than `threshold` by one person within `windowMs`. */
export interface ConsentVolumeRule {
  readonly threshold: number;
  readonly windowMs: number;
}

/** Why a consent is on the auditors' list. */
export interface ConsentFlag {
  readonly code: 'consent-volume';
  readonly reason: string;
}

/**
 * The flag of a consent recorded by a person who, counting it, recorded
 * `recordedInWindow` consents within the rule's window: set when that is
 * more than the threshold. A flag does not refuse: a busy day at a shelter
 * is not an offence, but an auditor should look.
 */
export function consentVolumeFlag(
  recordedInWindow: number,
  rule: ConsentVolumeRule,
): ConsentFlag | undefined {
  if (recordedInWindow <= rule.threshold) return undefined;
  const minutes = Math.round(rule.windowMs / 60_000);
  return {
    code: 'consent-volume',
    reason: `${recordedInWindow} consents recorded by this person within ${minutes} minutes (more than ${rule.threshold})`,
  };
}

/** Why a consent may not be recorded. */
export type GrantRefusal = {
  readonly kind: 'no-relationship';
  readonly partnerId: string;
  readonly subjectId: string;
};

/** What recording a consent that passed its schema comes to. */
export type GrantDecision =
  | { readonly ok: false; readonly refusal: GrantRefusal }
  | {
      readonly ok: true;
      /** The consent widens what its recorder receives: it waits for a supervisor. */
      readonly needsConfirmation: boolean;
    };

/**
 * Decides whether the caller's organisation may record `data`:
 *
 * - only an organisation that holds a relationship with the subject (it
 *   originated or received an event about them) may record a consent for
 *   them; anyone else could open a stranger's data by naming their id;
 * - a consent that widens what the recorder's own organisation receives
 *   needs a supervisor's confirmation before it counts.
 */
export function decideGrant(
  data: ConsentGrantedV1Data,
  caller: Principal,
  relationships: readonly RelationshipKind[],
): GrantDecision {
  if (relationships.length === 0) {
    return {
      ok: false,
      refusal: { kind: 'no-relationship', partnerId: caller.partnerId, subjectId: data.subjectId },
    };
  }
  return { ok: true, needsConfirmation: widensOwnAccess(data, caller) };
}

/** The message of a refusal, for the answer and the access record. */
export function grantRefusalMessage(refusal: GrantRefusal): string {
  return (
    `your organisation "${refusal.partnerId}" holds no relationship with subject ${refusal.subjectId}: ` +
    'it has neither sent nor received an event about them through Beacon, so it may not record their consent'
  );
}

/** What a confirmation needs to know of the consent. */
export interface ConfirmableConsent {
  readonly status: 'pending' | 'active' | 'revoked';
  readonly requiresConfirmation: boolean;
  readonly confirmedAt?: string;
  readonly recordedBy: { readonly subject: string };
}

/** Why a confirmation cannot happen. */
export type ConfirmationRefusal =
  | { readonly kind: 'needs-no-confirmation' }
  | { readonly kind: 'already-confirmed'; readonly confirmedAt: string }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'own-consent' };

/**
 * Decides whether `caller` (a supervisor of the recording organisation) may
 * confirm the consent: it must be waiting for confirmation, and the
 * confirmer must be another person than the one who recorded it — the
 * point of a second person is that one alone cannot do it.
 */
export function decideConfirmation(
  consent: ConfirmableConsent,
  caller: Principal,
): { ok: true } | { ok: false; refusal: ConfirmationRefusal } {
  if (!consent.requiresConfirmation) return { ok: false, refusal: { kind: 'needs-no-confirmation' } };
  if (consent.confirmedAt !== undefined)
    return { ok: false, refusal: { kind: 'already-confirmed', confirmedAt: consent.confirmedAt } };
  if (consent.status === 'revoked') return { ok: false, refusal: { kind: 'revoked' } };
  if (consent.recordedBy.subject === caller.subject) return { ok: false, refusal: { kind: 'own-consent' } };
  return { ok: true };
}

/** The message of a confirmation refusal. */
export function confirmationRefusalMessage(refusal: ConfirmationRefusal): string {
  switch (refusal.kind) {
    case 'needs-no-confirmation':
      return 'the consent widens nothing its own organisation receives, so it took effect when recorded and needs no confirmation';
    case 'already-confirmed':
      return `the consent was already confirmed at ${refusal.confirmedAt}`;
    case 'revoked':
      return 'the consent was revoked before it was confirmed; record it again if the person consents again';
    case 'own-consent':
      return 'you recorded this consent: a second person of your organisation must confirm it';
    default: {
      const unexpected: never = refusal;
      throw new Error(`unexpected refusal ${JSON.stringify(unexpected)}`);
    }
  }
}
