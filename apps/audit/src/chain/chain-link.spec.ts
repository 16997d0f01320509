import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalize } from './canonical-json';
import { CHAIN_FORMAT, GENESIS_HASH, linkHash, type ChainLink } from './chain-link';
import { copy, disclosureRecord } from './testing/chain-fixtures';
import type { JsonObject } from './record-summary';

function link(): ChainLink {
  return {
    partition: 1,
    sequence: 1,
    prevHash: GENESIS_HASH,
    recordId: 'r-1',
    record: { id: 'r-1', type: 'org.beacon.disclosure.recorded.v1', data: { b: [1, 2.5], a: 'é' } },
  };
}

describe('linkHash', () => {
  it('given a link, when hashed, then it is SHA-256 over the RFC 8785 form of format, place, previous hash, id and record', () => {
    // given: the preimage written out by hand, keys in code-unit order
    const preimage =
      `{"format":"beacon.audit.chain.v1","partition":1,"prevHash":"${GENESIS_HASH}",` +
      '"record":{"data":{"a":"é","b":[1,2.5]},"id":"r-1","type":"org.beacon.disclosure.recorded.v1"},' +
      '"recordId":"r-1","sequence":1}';

    // when
    const hash = linkHash(link());

    // then
    expect(hash).toBe(createHash('sha256').update(preimage, 'utf8').digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given the same record with its properties in another order (as jsonb returns it), when hashed, then the hash is the same', () => {
    const reordered = link();
    reordered.record = JSON.parse(
      JSON.stringify({ data: { a: 'é', b: [1, 2.5] }, type: reordered.record.type, id: 'r-1' }),
    );

    expect(linkHash(reordered)).toBe(linkHash(link()));
  });

  it('given any one part of a link changed, when hashed, then the hash changes', () => {
    // given
    const base = { ...link(), record: disclosureRecord(1) };
    const changes: ((l: ChainLink) => void)[] = [
      (l) => (l.partition = 2),
      (l) => (l.sequence = 2),
      (l) => (l.prevHash = 'f'.repeat(64)),
      (l) => (l.recordId = 'r-2'),
      (l) => (l.record.time = '2025-03-01T10:00:00.001Z'),
      (l) => (((l.record.data as JsonObject).recipient as JsonObject).partnerId = 'safe-harbour'),
      (l) => ((l.record.data as JsonObject).disclosedPaths = ['/urgency', '/category', '/subject/name']),
    ];

    // when
    const hashes = changes.map((change) => {
      const changed = copy(base);
      change(changed);
      return linkHash(changed);
    });

    // then
    expect(new Set([linkHash(base), ...hashes]).size).toBe(changes.length + 1);
  });

  it('given any link and its record’s canonical text, when hashed with that text, then the hash is the one over the whole object’s canonical form', () => {
    fc.assert(
      fc.property(
        fc.record({
          partition: fc.nat(1000),
          sequence: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          prevHash: fc.constantFrom(GENESIS_HASH, 'f'.repeat(64)),
          recordId: fc.string(),
          record: fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>,
        }),
        (given) => {
          // when: hashed from the record's own canonical text, as the audit writer does
          const hash = linkHash(given, canonicalize(given.record));

          // then: equal to SHA-256 over canonicalize() of the six fields as one object
          const whole = canonicalize({ format: CHAIN_FORMAT, ...given });
          expect(hash).toBe(createHash('sha256').update(whole, 'utf8').digest('hex'));
          expect(linkHash(given)).toBe(hash);
        },
      ),
      { numRuns: 500 },
    );
  });
});
