import type { ConsentGrantedV1Data, Grantee } from '@beacon/contracts';
import {
  granteeStatuses,
  type Consent,
  type ConsentStatus,
  type GranteeStatus,
  type RevocationReason,
} from './domain/consent';
import type { ConsentFlag } from './domain/consent-trust';

/** Who recorded a change, as the API shows it: the partner and the token subject. */
export interface RecordedByView {
  readonly partnerId: string;
  readonly subject: string;
}

/** One revocation as the API shows it. */
export interface RevocationView {
  /** Absent when the whole consent was revoked. */
  readonly grantee?: Grantee;
  readonly reason: RevocationReason;
  readonly revokedAt: string;
  readonly recordedBy: RecordedByView;
}

/** A consent as `GET /v1/subjects/:id/consents` and the write routes answer it. */
export interface ConsentView {
  readonly consentId: string;
  readonly subjectId: string;
  /** `pending` until a required confirmation; then `active` while any grantee is still in force. */
  readonly status: ConsentStatus;
  /** When the person consented. */
  readonly grantedAt: string;
  /** When Beacon recorded it. */
  readonly recordedAt: string;
  readonly revokedAt?: string;
  readonly recordedBy: RecordedByView;
  /**
   * Whether a supervisor must confirm it (it widens what the recording
   * organisation receives), and who did; `pending` consents open nothing.
   */
  readonly confirmation: {
    readonly required: boolean;
    readonly confirmedAt?: string;
    readonly confirmedBy?: RecordedByView;
  };
  /** Why auditors are asked to look at it, when they are. */
  readonly flag?: ConsentFlag;
  /** Each grantee the provisions name, with whether it is still in force. */
  readonly grantees: readonly GranteeStatus[];
  readonly revocations: readonly RevocationView[];
  /** The `org.beacon.consent.granted.v1` data as recorded. */
  readonly consent: ConsentGrantedV1Data;
}

/** The API's view of a consent record; the token id stays in the database. */
export function consentView(consent: Consent): ConsentView {
  return {
    consentId: consent.consentId,
    subjectId: consent.subjectId,
    status: consent.status,
    grantedAt: consent.data.grantedAt,
    recordedAt: consent.recordedAt,
    ...(consent.revokedAt === undefined ? {} : { revokedAt: consent.revokedAt }),
    recordedBy: { partnerId: consent.recordedBy.partnerId, subject: consent.recordedBy.subject },
    confirmation: {
      required: consent.requiresConfirmation,
      ...(consent.confirmedAt === undefined ? {} : { confirmedAt: consent.confirmedAt }),
      ...(consent.confirmedBy === undefined
        ? {}
        : {
            confirmedBy: { partnerId: consent.confirmedBy.partnerId, subject: consent.confirmedBy.subject },
          }),
    },
    ...(consent.flag === undefined ? {} : { flag: consent.flag }),
    grantees: granteeStatuses(consent),
    revocations: consent.revocations.map((revocation) => ({
      ...(revocation.grantee === undefined ? {} : { grantee: revocation.grantee }),
      reason: revocation.reason,
      revokedAt: revocation.revokedAt,
      recordedBy: { partnerId: revocation.recordedBy.partnerId, subject: revocation.recordedBy.subject },
    })),
    consent: consent.data,
  };
}
