import type { DataSource } from 'typeorm';
import type { StoredBreakGlassGrant } from './break-glass-grants';

interface GrantRow {
  grant_id: string;
  subject_id: string;
  partner_id: string;
  role: string;
  reason: string;
  requested_by: string;
  categories: StoredBreakGlassGrant['categories'];
  started_at: Date;
  expires_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads break-glass grants from the table the gateway's break-glass API owns
 * (beside the consent tables, read through the same read-only access).
 * Only grants whose window has not ended are read: an ended one widens nothing.
 */
export class BreakGlassGrantRepository {
  private readonly schema: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`break-glass schema "${schema}" is not a valid identifier`);
    this.schema = schema;
  }

  /** The unexpired grants of each subject, by subject id. */
  async forSubjects(subjectIds: readonly string[], at: Date): Promise<Map<string, StoredBreakGlassGrant[]>> {
    const result = new Map<string, StoredBreakGlassGrant[]>();
    const uuids = subjectIds.filter((id) => UUID.test(id));
    if (uuids.length === 0) return result;
    const rows = (await this.dataSource.query(
      `SELECT grant_id, subject_id, partner_id, role, reason, requested_by, categories, started_at, expires_at
         FROM "${this.schema}".break_glass_grants
        WHERE subject_id = ANY($1::uuid[]) AND expires_at > $2
        ORDER BY started_at, grant_id`,
      [uuids, at.toISOString()],
    )) as GrantRow[];
    for (const row of rows) {
      const list = result.get(row.subject_id) ?? [];
      list.push({
        grantId: row.grant_id,
        subjectId: row.subject_id,
        partnerId: row.partner_id,
        role: row.role,
        reason: row.reason,
        requestedBy: row.requested_by,
        categories: row.categories,
        startedAt: row.started_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
      });
      result.set(row.subject_id, list);
    }
    return result;
  }
}
