import type { DataSource } from 'typeorm';
import { assertSchemaName, quoteIdentifier } from '../schema-name';

/**
 * A consent as the gateway's consent API stores it: the granted event's data
 * and its revocations. libs/policy's `consentFromRecords` turns it into the
 * engine's consent.
 */
export interface ConsentRecord {
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
    grantee: ConsentRecord['data']['provisions'][number]['grantee'];
    revokedAt: string;
  }[];
}

interface ConsentRow {
  consent_id: string;
  subject_id: string;
  data: ConsentRecord['data'];
  status: 'active' | 'revoked';
  revoked_at: Date | null;
  grantee: ConsentRecord['partialRevocations'][number]['grantee'] | null;
  partial_revoked_at: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads subjects' consents from the tables the gateway's consent API owns
 * (through the read-only `beacon_consent_reader` role), at the moment a
 * decision is made: a revocation committed before that moment narrows every
 * decision after it. The redaction service reads them for deliveries, the
 * referrals service for its API answers. A consent still waiting for a
 * supervisor's confirmation (one that widens what its own recorder
 * receives) is not read at all: until confirmed, it opens nothing.
 */
export class ConsentRecordsReader {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    assertSchemaName(schema);
    this.schema = quoteIdentifier(schema);
  }

  /** The consent records of each subject, by subject id (subjects without any map to an empty list). */
  async forSubjects(subjectIds: readonly string[]): Promise<Map<string, ConsentRecord[]>> {
    const result = new Map<string, ConsentRecord[]>(subjectIds.map((id) => [id, []]));
    const uuids = subjectIds.filter((id) => UUID.test(id));
    if (uuids.length === 0) return result;
    const rows = (await this.dataSource.query(
      `SELECT c.consent_id, c.subject_id, c.data, c.status, c.revoked_at, r.grantee, r.revoked_at AS partial_revoked_at
         FROM ${this.schema}.consents c
         LEFT JOIN ${this.schema}.consent_revocations r ON r.consent_id = c.consent_id AND r.grantee IS NOT NULL
        WHERE c.subject_id = ANY($1::uuid[])
          AND (NOT c.requires_confirmation OR c.confirmed_at IS NOT NULL)
        ORDER BY c.consent_id`,
      [uuids],
    )) as ConsentRow[];
    const stored = new Map<string, ConsentRecord>();
    for (const row of rows) {
      let consent = stored.get(row.consent_id);
      if (!consent) {
        consent = {
          data: row.data,
          status: row.status,
          ...(row.revoked_at ? { revokedAt: row.revoked_at.toISOString() } : {}),
          partialRevocations: [],
        };
        stored.set(row.consent_id, consent);
      }
      if (row.grantee && row.partial_revoked_at) {
        consent.partialRevocations.push({
          grantee: row.grantee,
          revokedAt: row.partial_revoked_at.toISOString(),
        });
      }
    }
    for (const consent of stored.values()) result.get(consent.data.subjectId)?.push(consent);
    return result;
  }
}
