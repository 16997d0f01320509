import { AuditExportWriter, verifyExport } from './audit-export';
import { publicKeyPem } from './checkpoint';
import { chainOf, newSigner } from './testing/chain-fixtures';

const signer = newSigner();
const pem = publicKeyPem(signer.publicKey);

function exportOf(...chains: ReturnType<typeof chainOf>[]): string {
  const writer = new AuditExportWriter(signer);
  let text = writer.header('2025-03-01T12:00:00.000Z');
  for (const chain of chains) for (const row of chain.rows) text += writer.record(row);
  for (const chain of chains)
    for (const checkpoint of chain.checkpoints) text += writer.checkpoint(checkpoint);
  return text + writer.trailer();
}

function sample(): string {
  return exportOf(
    chainOf(signer, { partition: 0, count: 6, every: 4 }),
    chainOf(signer, { partition: 2, count: 3, every: 4, first: 50 }),
  );
}

/** Changes the byte at `index` of the UTF-8 text to another printable ASCII byte. */
function flipByte(text: string, index: number): string {
  const bytes = Buffer.from(text, 'utf8');
  bytes[index] = bytes[index] === 0x41 ? 0x42 : 0x41;
  return bytes.toString('utf8');
}

describe('audit export', () => {
  it('given an export, when written, then it is a header, the rows in chain order, the checkpoints and a trailer', () => {
    const kinds = sample()
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { kind: string }).kind);

    expect(kinds).toEqual(['header', ...Array(9).fill('record'), 'checkpoint', 'trailer']);
  });

  it('given an untouched export and the public key, when verified offline, then it is ok', () => {
    const report = verifyExport(sample(), pem);

    expect(report).toMatchObject({ ok: true, problems: 0, exportProblems: [] });
    expect(report.partitions.map((p) => [p.partition, p.rows, p.signedThrough])).toEqual([
      [0, 6, 4],
      [2, 3, 0],
    ]);
  });

  it('given one byte changed inside a record, when verified, then that row and the trailer both say so', () => {
    // given: a letter of the recipient in partition 0's row 5
    const text = sample();
    const line = text.split('\n')[5];
    const at =
      Buffer.byteLength(text.slice(0, text.indexOf(line))) +
      Buffer.byteLength(line.slice(0, line.indexOf('"partnerId":"') + 14));

    // when
    const report = verifyExport(flipByte(text, at), pem);

    // then
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ partition: 0, sequence: 5, code: 'hash-mismatch' });
    expect(report.exportProblems.join('\n')).toMatch(/the export was changed/);
  });

  it('given any single byte changed anywhere, when verified, then it fails', () => {
    const text = sample();
    const size = Buffer.byteLength(text);
    for (let index = 0; index < size; index += 97) {
      const report = verifyExport(flipByte(text, index), pem);
      expect({ index, ok: report.ok }).toEqual({ index, ok: false });
    }
  });

  it('given an export cut short or with its trailer removed, when verified, then it fails', () => {
    const lines = sample().split('\n');

    expect(verifyExport(lines.slice(0, 5).join('\n') + '\n', pem).exportProblems).toContain(
      'the export has no trailer: it was cut short, or the trailer was removed',
    );
    expect(verifyExport(sample().slice(0, -1), pem).ok).toBe(false);
  });

  it('given a whole row line removed, when verified, then the gap is found and the trailer disagrees', () => {
    const lines = sample().split('\n');
    lines.splice(3, 1);

    const report = verifyExport(lines.join('\n'), pem);

    expect(report.firstBroken).toMatchObject({ partition: 0, sequence: 3, code: 'sequence-gap' });
    expect(report.exportProblems.length).toBeGreaterThan(0);
  });

  it('given another service’s public key, when verified, then nothing vouches for the export', () => {
    const report = verifyExport(sample(), publicKeyPem(newSigner().publicKey));

    expect(report.ok).toBe(false);
    expect(report.firstBroken?.code).toBe('checkpoint-key');
    expect(report.exportProblems.join('\n')).toMatch(/signature does not verify/);
  });

  it('given an empty chain, when exported and verified, then it is ok with no partitions', () => {
    expect(verifyExport(exportOf(), pem)).toMatchObject({ ok: true, partitions: [] });
  });
});
