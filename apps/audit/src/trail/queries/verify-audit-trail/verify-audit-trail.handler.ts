import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChainVerifier, type Signer } from '../../../chain';
import type { AuditLedger } from '../../ports/audit-ledger.port';
import { AUDIT_LEDGER, AUDIT_SIGNER } from '../../trail.di-tokens';
import { VerifyAuditTrailQuery, type AuditTrailVerification } from './verify-audit-trail.query';

/**
 * Verifies the trail as it stands, with the same pure verifier the offline
 * tool runs on an export, against this service's own public key. Rows are
 * streamed from one database snapshot, so the trail's size does not matter
 * and rows added meanwhile do not confuse the result.
 */
@QueryHandler(VerifyAuditTrailQuery)
export class VerifyAuditTrailHandler implements IQueryHandler<VerifyAuditTrailQuery, AuditTrailVerification> {
  constructor(
    @Inject(AUDIT_LEDGER) private readonly ledger: AuditLedger,
    @Inject(AUDIT_SIGNER) private readonly signer: Signer,
  ) {}

  async execute(): Promise<AuditTrailVerification> {
    const verifiedAt = new Date().toISOString();
    const snapshot = await this.ledger.openSnapshot();
    try {
      const verifier = new ChainVerifier(this.signer.publicKey, await snapshot.checkpoints());
      for await (const row of snapshot.rows()) verifier.push(row);
      return { ...verifier.finish(), keyId: this.signer.keyId, verifiedAt };
    } finally {
      await snapshot.close();
    }
  }
}
