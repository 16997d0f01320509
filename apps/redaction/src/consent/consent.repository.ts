import { DataSource } from 'typeorm';
import type { Consent } from '@beacon/policy';
import { consentFromRecords, type StoredConsent } from './consent-from-records';

interface ConsentRow {
  consent_id: string;
  subject_id: string;
  data: StoredConsent['data'];
  status: 'active' | 'revoked';
  revoked_at: Date | null;
  grantee: StoredConsent['partialRevocations'][number]['grantee'] | null;
  partial_revoked_at: Date | null;
}

/**
 * Reads subjects' consents from the tables the gateway's consent API owns,
 * at the moment an event is decided: a revocation committed before that
 * moment narrows every event decided after it. A consent still waiting for
 * a supervisor's confirmation (one that widens what its own recorder
 * receives) is not read at all: until confirmed, it opens nothing.
 */
export class ConsentRepository {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`consent schema "${schema}" is not a valid identifier`);
    this.schema = schema;
  }

  /** The consents of each subject, by subject id (subjects without any map to an empty list). */
  async forSubjects(subjectIds: readonly string[]): Promise<Map<string, Consent[]>> {
    const result = new Map<string, Consent[]>(subjectIds.map((id) => [id, []]));
    const uuids = subjectIds.filter((id) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
    );
    if (uuids.length === 0) return result;
    const rows = (await this.dataSource.query(
      `SELECT c.consent_id, c.subject_id, c.data, c.status, c.revoked_at, r.grantee, r.revoked_at AS partial_revoked_at
         FROM "${this.schema}".consents c
         LEFT JOIN "${this.schema}".consent_revocations r ON r.consent_id = c.consent_id AND r.grantee IS NOT NULL
        WHERE c.subject_id = ANY($1::uuid[])
          AND (NOT c.requires_confirmation OR c.confirmed_at IS NOT NULL)
        ORDER BY c.consent_id`,
      [uuids],
    )) as ConsentRow[];
    const stored = new Map<string, StoredConsent>();
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
    for (const consent of stored.values())
      result.get(consent.data.subjectId)?.push(consentFromRecords(consent));
    return result;
  }
}
