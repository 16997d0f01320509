import type { EventBus } from '@nestjs/cqrs';
import { disclosureRecord, newSigner, pending } from '../../../chain/testing/chain-fixtures';
import { AuditRecordsAppendedEvent } from '../../events/audit-records-appended.event';
import { ChainRaceError } from '../../ports/audit-ledger.port';
import { InMemoryAuditLedger } from '../../testing/in-memory-audit-ledger';
import type { TrailSettings } from '../../trail-settings';
import { AppendAuditRecordsCommand } from './append-audit-records.command';
import { AppendAuditRecordsHandler } from './append-audit-records.handler';

const settings: TrailSettings = { checkpointEvery: 3, checkpointIntervalMs: 10_000, consumerGroup: 'g' };

describe('AppendAuditRecordsHandler', () => {
  let ledger: InMemoryAuditLedger;
  let published: unknown[];
  let handler: AppendAuditRecordsHandler;

  beforeEach(() => {
    ledger = new InMemoryAuditLedger();
    published = [];
    const events = { publish: (event: unknown) => published.push(event) } as unknown as EventBus;
    handler = new AppendAuditRecordsHandler(ledger, newSigner(), settings, events);
  });

  it('given a batch, when appended, then each record is a row, a checkpoint is signed every 3 rows and the new head is announced', async () => {
    // given
    const records = [1, 2, 3, 4].map((n) => pending(disclosureRecord(n)));

    // when
    const result = await handler.execute(new AppendAuditRecordsCommand(0, records));

    // then
    expect(result).toMatchObject({ appended: 4, replayed: 0, checkpoints: 1, head: { sequence: 4 } });
    expect(ledger.rows.map((r) => r.recordId)).toEqual(records.map((r) => r.recordId));
    expect(ledger.checkpoints.map((c) => c.sequence)).toEqual([3]);
    expect(published).toEqual([new AuditRecordsAppendedEvent(0, result.head!, 3)]);
  });

  it('given a batch delivered again by Kafka, when appended, then nothing is stored twice and the chain does not grow', async () => {
    // given
    const records = [1, 2, 3, 4].map((n) => pending(disclosureRecord(n)));
    await handler.execute(new AppendAuditRecordsCommand(0, records));
    published.length = 0;

    // when
    const again = await handler.execute(new AppendAuditRecordsCommand(0, records));

    // then
    expect(again).toMatchObject({ appended: 0, replayed: 4, checkpoints: 0 });
    expect(again.head).toBeUndefined();
    expect(ledger.rows).toHaveLength(4);
    expect(published).toEqual([]);
  });

  it('given the same record id racing in through another chain, when appended, then the batch is planned again', async () => {
    // given: the first write attempt fails as the Postgres adapter does on a lost race
    let failures = 1;
    ledger.beforeWrite = () => {
      if (failures-- > 0) throw new ChainRaceError(['x']);
    };

    // when
    const result = await handler.execute(new AppendAuditRecordsCommand(1, [pending(disclosureRecord(9))]));

    // then
    expect(result.appended).toBe(1);
    expect(ledger.rows).toHaveLength(1);
  });

  it('given a lasting failure, when appended, then it is thrown so Kafka delivers the batch again later', async () => {
    ledger.beforeWrite = () => {
      throw new ChainRaceError(['x']);
    };

    await expect(
      handler.execute(new AppendAuditRecordsCommand(1, [pending(disclosureRecord(9))])),
    ).rejects.toThrow(ChainRaceError);
    expect(ledger.rows).toEqual([]);
  });
});
