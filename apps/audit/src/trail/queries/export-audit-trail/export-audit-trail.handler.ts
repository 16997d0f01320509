import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditExportWriter, type Signer } from '../../../chain';
import type { AuditLedger } from '../../ports/audit-ledger.port';
import { AUDIT_LEDGER, AUDIT_SIGNER } from '../../trail.di-tokens';
import { ExportAuditTrailQuery } from './export-audit-trail.query';

/**
 * Streams every row in chain order, then every checkpoint, then a signed
 * trailer, all from one database snapshot. An export cut short (a dropped
 * connection, a failed read) has no trailer, so it never verifies.
 */
@QueryHandler(ExportAuditTrailQuery)
export class ExportAuditTrailHandler implements IQueryHandler<ExportAuditTrailQuery, AsyncIterable<string>> {
  constructor(
    @Inject(AUDIT_LEDGER) private readonly ledger: AuditLedger,
    @Inject(AUDIT_SIGNER) private readonly signer: Signer,
  ) {}

  async execute(): Promise<AsyncIterable<string>> {
    return this.lines();
  }

  // The snapshot opens on the first read, not before: a response that is never
  // read (the client left) then holds no connection, since only a started
  // generator runs its `finally`.
  private async *lines(): AsyncGenerator<string> {
    const writer = new AuditExportWriter(this.signer);
    const snapshot = await this.ledger.openSnapshot();
    try {
      yield writer.header(new Date().toISOString());
      for await (const row of snapshot.rows()) yield writer.record(row);
      for (const checkpoint of await snapshot.checkpoints()) yield writer.checkpoint(checkpoint);
      yield writer.trailer();
    } finally {
      await snapshot.close();
    }
  }
}
