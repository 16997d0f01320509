import type { Consent, ConsentProvision, Grantee, PartialRevocation } from './consent';

/**
 * A consent as the gateway's consent API stores it: the granted event's data
 * and its revocations (libs/persistence reads them; this is their shape).
 */
export interface StoredConsent {
  readonly data: {
    readonly consentId: string;
    readonly subjectId: string;
    readonly provisions: readonly {
      readonly type: 'permit' | 'deny';
      readonly grantee: { kind: 'sector'; sector: string } | { kind: 'partner'; partnerId: string };
      readonly purposes: readonly string[];
      readonly dataCategories: readonly string[];
      readonly period?: { readonly start: string; readonly end?: string };
    }[];
  };
  readonly status: 'active' | 'revoked';
  readonly revokedAt?: string;
  /** Revocations for one grantee each (a whole-consent revocation sets `status`). */
  readonly partialRevocations: readonly {
    readonly grantee: StoredConsent['data']['provisions'][number]['grantee'];
    readonly revokedAt: string;
  }[];
}

/**
 * Maps a stored consent to the decision engine's FHIR-like consent. Every
 * service that decides with the engine maps consents here, so a consent
 * means the same to a delivery and to an API answer.
 */
export function consentFromRecords(stored: StoredConsent): Consent {
  const provisions: ConsentProvision[] = stored.data.provisions.map((p) => ({
    type: p.type,
    grantee: p.grantee as Grantee,
    purposes: p.purposes as ConsentProvision['purposes'],
    categories: p.dataCategories as ConsentProvision['categories'],
    ...(p.period ? { period: p.period } : {}),
  }));
  const partialRevocations: PartialRevocation[] = stored.partialRevocations.map((r) => ({
    grantee: r.grantee as Grantee,
    revokedAt: r.revokedAt,
  }));
  return {
    consentId: stored.data.consentId,
    subjectId: stored.data.subjectId,
    status: stored.status,
    ...(stored.revokedAt ? { revokedAt: stored.revokedAt } : {}),
    provisions,
    partialRevocations,
  };
}
