import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { quoteIdentifier } from '@beacon/persistence';
import { CONSENT_SETTINGS } from '../consent.di-tokens';
import type { ConsentSettings } from '../consent-settings';
import type { RelationshipKind } from '../domain/consent-trust';
import type { SubjectRelationships } from '../ports/subject-relationships.port';

/**
 * {@link SubjectRelationships} read from the redaction service's schema
 * (`RELATIONSHIP_SCHEMA`), where that service writes a row per subject,
 * partner and kind as it decides events. The gateway's role reads it as a
 * member of `beacon_relationship_reader`, which may read that table and
 * nothing else there.
 */
@Injectable()
export class PostgresSubjectRelationships implements SubjectRelationships {
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONSENT_SETTINGS) settings: ConsentSettings,
  ) {
    this.table = `${quoteIdentifier(settings.relationshipSchema)}.subject_relationships`;
  }

  async kindsOf(subjectId: string, partnerId: string): Promise<RelationshipKind[]> {
    const rows = (await this.dataSource.query(
      `SELECT kind FROM ${this.table} WHERE subject_id = $1 AND partner_id = $2 ORDER BY kind`,
      [subjectId, partnerId],
    )) as { kind: RelationshipKind }[];
    return rows.map((row) => row.kind);
  }
}
