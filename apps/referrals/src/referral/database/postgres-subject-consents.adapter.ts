import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConsentRecordsReader } from '@beacon/persistence';
import { consentFromRecords, type Consent } from '@beacon/policy';
import type { SubjectConsents } from '../ports/subject-consents.port';

/**
 * {@link SubjectConsents} from the consent tables the gateway owns
 * (`CONSENT_SCHEMA`), read through the `beacon_consent_reader` role as the
 * redaction service reads them, at the moment an answer is decided: a
 * revocation committed before it narrows the answer.
 */
@Injectable()
export class PostgresSubjectConsents implements SubjectConsents {
  private readonly reader: ConsentRecordsReader;

  constructor(@InjectDataSource() dataSource: DataSource, config: ConfigService) {
    this.reader = new ConsentRecordsReader(dataSource, config.getOrThrow<string>('CONSENT_SCHEMA'));
  }

  async forSubjects(subjectIds: readonly string[]): Promise<ReadonlyMap<string, readonly Consent[]>> {
    const records = await this.reader.forSubjects(subjectIds);
    return new Map([...records].map(([subject, stored]) => [subject, stored.map(consentFromRecords)]));
  }
}
