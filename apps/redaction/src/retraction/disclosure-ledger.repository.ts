import type { DataSource } from 'typeorm';
import type { Sector } from '@beacon/policy';
import type { LedgerEntry } from '../disclosure/redact-event';

interface LedgerRow {
  consent_id: string;
  delivery_id: string;
  source_event_id: string;
  source_event_type: string;
  source_partition: number;
  source_offset: string;
  partner_id: string;
  sector: Sector;
  subject_id: string;
  purpose: string;
}

/** Rows per INSERT: 10 parameters each, well under Postgres' 65535. */
const CHUNK = 500;

/** The disclosure ledger in the redaction service's own schema (see its migration). */
export class DisclosureLedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records entries; one already there is left as it is, so a replayed batch changes nothing. */
  async record(entries: readonly LedgerEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += CHUNK) {
      const chunk = entries.slice(start, start + CHUNK);
      const params: unknown[] = [];
      const rows = chunk.map((e) => {
        const base = params.length;
        params.push(
          e.consentId,
          e.deliveryId,
          e.sourceEventId,
          e.sourceEventType,
          e.sourcePartition,
          e.sourceOffset,
          e.partnerId,
          e.sector,
          e.subjectId,
          e.purpose,
        );
        return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      await this.dataSource.query(
        `INSERT INTO disclosure_ledger (consent_id, delivery_id, source_event_id, source_event_type,
                                        source_partition, source_offset, partner_id, sector, subject_id, purpose)
         VALUES ${rows.join(', ')}
         ON CONFLICT (consent_id, delivery_id) DO NOTHING`,
        params,
      );
    }
  }

  /** Every delivery disclosed under the consent. */
  async forConsent(consentId: string): Promise<LedgerEntry[]> {
    const rows = (await this.dataSource.query(
      `SELECT consent_id, delivery_id, source_event_id, source_event_type, source_partition,
              source_offset::text AS source_offset, partner_id, sector, subject_id, purpose
         FROM disclosure_ledger
        WHERE consent_id = $1`,
      [consentId],
    )) as LedgerRow[];
    return rows.map((r) => ({
      consentId: r.consent_id,
      deliveryId: r.delivery_id,
      sourceEventId: r.source_event_id,
      sourceEventType: r.source_event_type,
      sourcePartition: r.source_partition,
      sourceOffset: r.source_offset,
      partnerId: r.partner_id,
      sector: r.sector,
      subjectId: r.subject_id,
      purpose: r.purpose,
    }));
  }
}
