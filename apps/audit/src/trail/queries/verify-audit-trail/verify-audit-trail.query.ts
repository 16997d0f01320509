import { Query } from '@nestjs/cqrs';
import type { VerificationReport } from '../../../chain';

/** The answer of `GET /v1/audit/verify`: the chain report and the key it was checked with. */
export interface AuditTrailVerification extends VerificationReport {
  readonly keyId: string;
  readonly verifiedAt: string;
}

/** Walk every chain of the trail and check every hash, link, column and checkpoint signature. */
export class VerifyAuditTrailQuery extends Query<AuditTrailVerification> {}
