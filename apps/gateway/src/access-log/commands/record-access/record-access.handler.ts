import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry, type AccessRecordedV1Data } from '@beacon/contracts';
import { ACCESS_RECORD_WRITER } from '../../access-log.di-tokens';
import { ACCESS_RECORDED_TYPE, accessRecordKey, buildAccessRecord } from '../../access-record';
import type { AccessRecordWriter } from '../../ports/access-record-writer.port';
import { RecordAccessCommand } from './record-access.command';

/** The CloudEvents `source` of the records the gateway writes. */
export const GATEWAY_ACCESS_SOURCE = 'urn:beacon:service:gateway';

/**
 * Builds the access record of an answered request, checks it against its
 * schema (a record the audit trail could not read is no record), and has
 * the writer append it to the audit topic.
 */
@CommandHandler(RecordAccessCommand)
export class RecordAccessHandler implements ICommandHandler<RecordAccessCommand, AccessRecordedV1Data> {
  constructor(
    @Inject(ACCESS_RECORD_WRITER) private readonly writer: AccessRecordWriter,
    private readonly registry: SchemaRegistry,
  ) {}

  async execute({ answered }: RecordAccessCommand): Promise<AccessRecordedV1Data> {
    const recordedAt = new Date().toISOString();
    const record = buildAccessRecord(answered, { recordId: randomUUID(), recordedAt });
    const valid = this.registry.validate(ACCESS_RECORDED_TYPE, record);
    if (!valid.ok) {
      throw new Error(
        `the access record does not follow its schema: ${valid.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`,
      );
    }
    await this.writer.write({
      id: record.recordId,
      source: GATEWAY_ACCESS_SOURCE,
      type: ACCESS_RECORDED_TYPE,
      specversion: '1.0',
      time: recordedAt,
      subject: accessRecordKey(record),
      dataschema: this.registry.dataschemaFor(ACCESS_RECORDED_TYPE),
      datacontenttype: 'application/json',
      correlationid: record.correlationId,
      data: record,
    });
    return record;
  }
}
