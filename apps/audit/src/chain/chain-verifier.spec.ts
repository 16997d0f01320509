import { linkHash, type ChainRow } from './chain-link';
import { ChainVerifier } from './chain-verifier';
import { signCheckpoint, type SignedCheckpoint } from './checkpoint';
import type { JsonObject } from './record-summary';
import { chainOf, copy, newSigner } from './testing/chain-fixtures';

const signer = newSigner();

function verify(rows: ChainRow[], checkpoints: SignedCheckpoint[], publicKey = signer.publicKey) {
  const verifier = new ChainVerifier(publicKey, checkpoints);
  for (const row of rows) verifier.push(row);
  return verifier.finish();
}

/** Two partitions: 0 with 10 rows (checkpoints at 4 and 8), 1 with 5 rows (checkpoint at 4). */
function twoChains() {
  const a = chainOf(signer, { partition: 0, count: 10, every: 4 });
  const b = chainOf(signer, { partition: 1, count: 5, every: 4, first: 100 });
  return { rows: [...a.rows, ...b.rows], checkpoints: [...a.checkpoints, ...b.checkpoints] };
}

describe('ChainVerifier', () => {
  it('given intact chains, when verified, then it is ok and reports each partition’s rows, head and checkpoints', () => {
    // given
    const { rows, checkpoints } = twoChains();

    // when
    const report = verify(rows, checkpoints);

    // then
    expect(report).toEqual({
      ok: true,
      problems: 0,
      partitions: [
        {
          partition: 0,
          rows: 10,
          head: { sequence: 10, hash: rows[9].hash },
          checkpoints: 2,
          signedThrough: 8,
        },
        {
          partition: 1,
          rows: 5,
          head: { sequence: 5, hash: rows[14].hash },
          checkpoints: 1,
          signedThrough: 4,
        },
      ],
    });
  });

  it('given one field of one stored record changed, when verified, then exactly that row is reported as changed', () => {
    // given: row 6 of partition 0 now names another recipient
    const { rows, checkpoints } = twoChains();
    const tampered = copy(rows);
    ((tampered[5].record.data as JsonObject).recipient as JsonObject).partnerId = 'safe-harbour';

    // when
    const report = verify(tampered, checkpoints);

    // then
    expect(report.ok).toBe(false);
    expect(report.problems).toBe(1);
    expect(report.firstBroken).toMatchObject({
      partition: 0,
      sequence: 6,
      recordId: rows[5].recordId,
      code: 'hash-mismatch',
    });
  });

  it('given a row changed and re-hashed by someone without the key, when verified, then the break shows at that row', () => {
    // given: the attacker fixes the row's own hash; the next row and the checkpoint at 8 still remember the old one
    const { rows, checkpoints } = twoChains();
    const tampered = copy(rows);
    tampered[5].record.time = '2025-03-01T09:00:00.000Z';
    tampered[5].summary.time = '2025-03-01T09:00:00.000Z';
    tampered[5].hash = linkHash(tampered[5]);

    // when
    const report = verify(tampered, checkpoints);

    // then
    expect(report.firstBroken).toMatchObject({ partition: 0, sequence: 7, code: 'prev-hash-mismatch' });
  });

  it('given a column changed but not the record, when verified, then that row is reported with the column named', () => {
    const { rows, checkpoints } = twoChains();
    const tampered = copy(rows);
    tampered[12].summary.actor = 'county-social-services';

    const report = verify(tampered, checkpoints);

    expect(report.firstBroken).toMatchObject({ partition: 1, sequence: 3, code: 'summary-mismatch' });
    expect(report.firstBroken?.problem).toMatch(/column actor disagrees/);
  });

  it('given a deleted row, when verified, then the gap is reported at the missing sequence', () => {
    // given: row 3 of partition 0 is gone
    const { rows, checkpoints } = twoChains();
    const deleted = rows.filter((r) => !(r.partition === 0 && r.sequence === 3));

    // when
    const report = verify(deleted, checkpoints);

    // then
    expect(report.firstBroken).toMatchObject({
      partition: 0,
      sequence: 3,
      recordId: null,
      code: 'sequence-gap',
    });
    expect(report.firstBroken?.problem).toMatch(/row 3 is missing: the chain goes from 2 to 4/);
    expect(report.partitions[0].rows).toBe(9);
  });

  it('given rows removed from the end past a checkpoint, when verified, then the checkpoint gives them away', () => {
    // given: partition 0 cut back to 6 rows, but a checkpoint vouches for row 8
    const { rows, checkpoints } = twoChains();
    const cut = rows.filter((r) => !(r.partition === 0 && r.sequence > 6));

    // when
    const report = verify(cut, checkpoints);

    // then
    expect(report.firstBroken).toMatchObject({ partition: 0, sequence: 8, code: 'checkpoint-beyond-head' });
  });

  it('given a forged checkpoint signature, when verified, then that checkpoint is reported', () => {
    // given: the checkpoint at row 4 of partition 1 re-signed by another key under our key id
    const { rows, checkpoints } = twoChains();
    const forger = newSigner();
    const forged = checkpoints.map((c) =>
      c.partition === 1 ? signCheckpoint(c, { ...forger, keyId: signer.keyId }) : c,
    );

    // when
    const report = verify(rows, forged);

    // then
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({
      partition: 1,
      sequence: 4,
      recordId: rows[13].recordId,
      code: 'checkpoint-signature',
    });
    expect(report.partitions[1].signedThrough).toBe(0);
  });

  it('given a checkpoint whose claimed head hash was altered, when verified, then its signature no longer holds', () => {
    const { rows, checkpoints } = twoChains();
    const altered = checkpoints.map((c, i) => (i === 0 ? { ...c, headHash: rows[0].hash } : c));

    expect(verify(rows, altered).firstBroken).toMatchObject({
      partition: 0,
      sequence: 4,
      code: 'checkpoint-signature',
    });
  });

  it('given checkpoints signed by another key, when verified with ours, then they are reported as not ours', () => {
    const { rows, checkpoints } = twoChains();

    const report = verify(rows, checkpoints, newSigner().publicKey);

    expect(report.firstBroken).toMatchObject({ partition: 0, sequence: 4, code: 'checkpoint-key' });
    expect(report.problems).toBe(3);
  });

  it('given rows out of order or repeated, when verified, then the repeat is reported', () => {
    const { rows, checkpoints } = twoChains();

    const report = verify([...rows.slice(0, 3), rows[1], ...rows.slice(3)], checkpoints);

    expect(report.firstBroken).toMatchObject({ partition: 0, sequence: 2, code: 'sequence-order' });
    expect(report.problems).toBe(1);
  });
});
