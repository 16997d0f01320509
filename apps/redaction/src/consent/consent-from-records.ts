import type { Consent, ConsentProvision, Grantee, PartialRevocation } from '@beacon/policy';

/** A consent as the gateway stores it: the granted event's data and its revocations. */
export interface StoredConsent {
  data: {
    consentId: string;
    subjectId: string;
    grantedAt: string;
    provisions: {
      type: 'permit' | 'deny';
      grantee: { kind: 'sector'; sector: string } | { kind: 'partner'; partnerId: string };
      purposes: string[];
      dataCategories: string[];
      period?: { start: string; end?: string };
    }[];
  };
  status: 'active' | 'revoked';
  revokedAt?: string;
  /** Revocations for one grantee each (a whole-consent revocation sets `status`). */
  partialRevocations: {
    grantee: StoredConsent['data']['provisions'][number]['grantee'];
    revokedAt: string;
  }[];
}

/** Maps a stored consent to the decision engine's FHIR-like consent. */
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
