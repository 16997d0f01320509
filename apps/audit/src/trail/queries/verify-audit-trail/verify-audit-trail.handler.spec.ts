import type { EventBus } from '@nestjs/cqrs';
import { publicKeyPem, verifyExport, type JsonObject } from '../../../chain';
import { disclosureRecord, newSigner, pending } from '../../../chain/testing/chain-fixtures';
import { AppendAuditRecordsCommand } from '../../commands/append-audit-records/append-audit-records.command';
import { AppendAuditRecordsHandler } from '../../commands/append-audit-records/append-audit-records.handler';
import { SignCheckpointsCommand } from '../../commands/sign-checkpoints/sign-checkpoints.command';
import { SignCheckpointsHandler } from '../../commands/sign-checkpoints/sign-checkpoints.handler';
import { InMemoryAuditLedger } from '../../testing/in-memory-audit-ledger';
import { ExportAuditTrailHandler } from '../export-audit-trail/export-audit-trail.handler';
import { VerifyAuditTrailHandler } from './verify-audit-trail.handler';

const signer = newSigner();

async function trailWith(partitions: Record<number, number>) {
  const ledger = new InMemoryAuditLedger();
  const append = new AppendAuditRecordsHandler(
    ledger,
    signer,
    { checkpointEvery: 4, checkpointIntervalMs: 1000, consumerGroup: 'g' },
    { publish: () => undefined } as unknown as EventBus,
  );
  let n = 0;
  for (const [partition, count] of Object.entries(partitions)) {
    const records = Array.from({ length: count }, () => pending(disclosureRecord((n += 1))));
    await append.execute(new AppendAuditRecordsCommand(Number(partition), records));
  }
  return ledger;
}

async function readAll(lines: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const line of lines) text += line;
  return text;
}

describe('trail queries', () => {
  it('given an appended trail, when verified, then it is ok and names the key', async () => {
    const ledger = await trailWith({ 0: 5, 2: 2 });

    const report = await new VerifyAuditTrailHandler(ledger, signer).execute();

    expect(report).toMatchObject({ ok: true, keyId: signer.keyId, problems: 0 });
    expect(report.partitions.map((p) => [p.partition, p.rows, p.signedThrough])).toEqual([
      [0, 5, 4],
      [2, 2, 0],
    ]);
  });

  it('given the time-based trigger, when it fires, then every unsigned head is signed, once', async () => {
    const ledger = await trailWith({ 0: 5, 2: 2 });
    const sign = new SignCheckpointsHandler(ledger, signer);

    const first = await sign.execute(new SignCheckpointsCommand());
    const second = await sign.execute(new SignCheckpointsCommand());

    expect(first.map((c) => [c.partition, c.sequence])).toEqual([
      [0, 5],
      [2, 2],
    ]);
    expect(second).toEqual([]);
    const report = await new VerifyAuditTrailHandler(ledger, signer).execute();
    expect(report.partitions.map((p) => p.signedThrough)).toEqual([5, 2]);
  });

  it('given a stored row changed behind the service’s back, when verified, then that row is named', async () => {
    const ledger = await trailWith({ 1: 6 });
    ((ledger.rows[2].record.data as JsonObject).recipient as JsonObject).partnerId = 'safe-harbour';

    const report = await new VerifyAuditTrailHandler(ledger, signer).execute();

    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({
      partition: 1,
      sequence: 3,
      recordId: ledger.rows[2].recordId,
    });
  });

  it('given a trail, when exported, then the export verifies offline with the public key alone', async () => {
    const ledger = await trailWith({ 0: 9, 1: 3 });

    const text = await readAll(await new ExportAuditTrailHandler(ledger, signer).execute());

    expect(verifyExport(text, publicKeyPem(signer.publicKey))).toMatchObject({
      ok: true,
      exportProblems: [],
    });
    expect(text.trimEnd().split('\n')).toHaveLength(1 + 12 + 2 + 1);
  });
});
