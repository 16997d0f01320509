import { planAppend, planCheckpoint, type ChainState } from './append-plan';
import { GENESIS_HASH, linkHash } from './chain-link';
import { checkpointSignatureValid } from './checkpoint';
import { disclosureRecord, newSigner, pending } from './testing/chain-fixtures';

const signer = newSigner();
const options = { checkpointEvery: 3, signer, now: '2025-03-01T10:00:05.000Z' };
const empty: ChainState = { partition: 2, lastCheckpointSequence: 0, stored: new Map() };

describe('planAppend', () => {
  it('given an empty chain, when a batch arrives, then rows are numbered from 1, each hashed over the one before', () => {
    // given
    const records = [1, 2, 3, 4].map((n) => pending(disclosureRecord(n)));

    // when
    const plan = planAppend(empty, records, { ...options, checkpointEvery: 100 });

    // then
    expect(plan.rows.map((r) => [r.partition, r.sequence])).toEqual([
      [2, 1],
      [2, 2],
      [2, 3],
      [2, 4],
    ]);
    expect(plan.rows[0].prevHash).toBe(GENESIS_HASH);
    plan.rows.forEach((row, i) => {
      expect(row.hash).toBe(linkHash(row));
      if (i > 0) expect(row.prevHash).toBe(plan.rows[i - 1].hash);
    });
    expect(plan.checkpoints).toEqual([]);
  });

  it('given a chain with a head, when a batch arrives, then numbering and hashing continue from the head', () => {
    const head = { sequence: 41, hash: 'ab'.repeat(32) };

    const plan = planAppend(
      { ...empty, head, lastCheckpointSequence: 41 },
      [pending(disclosureRecord(9))],
      options,
    );

    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0]).toMatchObject({ sequence: 42, prevHash: head.hash });
  });

  it('given records already stored, when replayed, then they are left out and the chain is not extended', () => {
    // given
    const first = planAppend(
      empty,
      [1, 2].map((n) => pending(disclosureRecord(n))),
      options,
    );
    const stored = new Map(first.rows.map((r) => [r.recordId, r.record]));
    const head = { sequence: 2, hash: first.rows[1].hash };

    // when: the whole batch comes again, plus one new record
    const again = planAppend(
      { ...empty, head, stored },
      [1, 2, 3].map((n) => pending(disclosureRecord(n))),
      options,
    );

    // then
    expect(again.replayed).toEqual(first.rows.map((r) => r.recordId));
    expect(again.rows.map((r) => r.sequence)).toEqual([3]);
    expect(again.rows[0].prevHash).toBe(head.hash);
  });

  it('given the same id twice in one batch, when planned, then it is stored once', () => {
    const record = pending(disclosureRecord(5));

    const plan = planAppend(empty, [record, record], options);

    expect(plan.rows).toHaveLength(1);
    expect(plan.replayed).toEqual([record.recordId]);
  });

  it('given an id already stored with other content, when planned, then the first stays and the id is reported as conflicting', () => {
    const original = disclosureRecord(6);
    const other = disclosureRecord(6, { partnerId: 'safe-harbour' });

    const plan = planAppend(
      { ...empty, stored: new Map([[String(original.id), original]]) },
      [pending(other)],
      options,
    );

    expect(plan.rows).toEqual([]);
    expect(plan.conflicting).toEqual([String(original.id)]);
  });

  it('given every N rows, when a batch crosses multiples of N, then a signed checkpoint names each such row and its hash', () => {
    // given: one row since the last checkpoint at 10
    const head = { sequence: 11, hash: 'cd'.repeat(32) };
    const records = [1, 2, 3, 4, 5, 6, 7].map((n) => pending(disclosureRecord(n)));

    // when
    const plan = planAppend({ ...empty, head, lastCheckpointSequence: 10 }, records, options);

    // then: rows 12..18; checkpoints at 13 and 16
    expect(plan.checkpoints.map((c) => c.sequence)).toEqual([13, 16]);
    for (const checkpoint of plan.checkpoints) {
      const row = plan.rows.find((r) => r.sequence === checkpoint.sequence);
      expect(checkpoint).toMatchObject({
        partition: 2,
        headHash: row?.hash,
        signedAt: options.now,
        keyId: signer.keyId,
      });
      expect(checkpointSignatureValid(checkpoint, signer.publicKey)).toBe(true);
    }
  });
});

describe('planCheckpoint', () => {
  it('given rows after the newest checkpoint, when the timer fires, then the head is signed', () => {
    const head = { sequence: 7, hash: 'ef'.repeat(32) };

    const checkpoint = planCheckpoint({ partition: 1, head, lastCheckpointSequence: 5 }, options);

    expect(checkpoint).toMatchObject({ partition: 1, sequence: 7, headHash: head.hash });
  });

  it('given a head already signed, or no rows, when the timer fires, then nothing is signed', () => {
    expect(
      planCheckpoint({ partition: 1, head: { sequence: 7, hash: 'x' }, lastCheckpointSequence: 7 }, options),
    ).toBeUndefined();
    expect(planCheckpoint({ partition: 1, lastCheckpointSequence: 0 }, options)).toBeUndefined();
  });
});
