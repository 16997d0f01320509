import { auditRecordView } from './audit-record-view';
import { publicKeyPem } from './checkpoint';
import { RecordsExportWriter, verifyRecordsExport } from './records-export';
import { chainOf, newSigner } from './testing/chain-fixtures';

describe('the filtered records export', () => {
  const signer = newSigner();
  const key = publicKeyPem(signer.publicKey);
  const { rows, checkpoints } = chainOf(signer, { count: 6, every: 3 });

  /** Rows 2 and 5 of the chain, as a filter might pick them, with the checkpoint that covers row 5. */
  function exportOf(picked = [rows[1], rows[4]], covering = [checkpoints[1]]): string {
    const writer = new RecordsExportWriter(signer);
    let text = writer.header('2026-11-25T09:00:00.000Z', { partner: 'metro-police' });
    for (const row of picked) text += writer.record(auditRecordView(row), row.record);
    expect(writer.heads()).toEqual([{ partition: 0, sequence: picked.at(-1)?.sequence }]);
    for (const c of covering) text += writer.checkpoint(c);
    return text + writer.trailer();
  }

  it('given an export as written, then it verifies with the public key alone', () => {
    expect(verifyRecordsExport(exportOf(), key)).toEqual({
      ok: true,
      records: 2,
      checkpoints: 1,
      uncoveredPartitions: [],
      problems: [],
    });
  });

  it('given rows past the newest checkpoint, then it still verifies and names the partition not yet covered', () => {
    const report = verifyRecordsExport(exportOf([rows[5]], []), key);
    expect(report).toMatchObject({ ok: true, uncoveredPartitions: [0] });
  });

  it('given one changed byte in a record, then its hash and the trailer both fail', () => {
    const text = exportOf();
    const at = text.lastIndexOf('"purpose":"safeguarding"') + '"purpose":"s'.length;
    const changed = `${text.slice(0, at)}S${text.slice(at + 1)}`;
    const report = verifyRecordsExport(changed, key);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/record .* does not hash to its stored hash/);
    expect(report.problems.join('\n')).toMatch(/the export was changed/);
  });

  it('given a record view edited to agree with nothing, then the field mismatch is named', () => {
    const text = exportOf();
    const changed = text.replace('"action":"deliver"', '"action":"read"');
    expect(verifyRecordsExport(changed, key).problems.join('\n')).toMatch(
      /fields do not agree with its record/,
    );
  });

  it('given a cut-short export, a forged checkpoint, or another key, then each is reported', () => {
    const text = exportOf();
    const cut = text.slice(0, text.lastIndexOf('{"kind":"trailer"'));
    expect(verifyRecordsExport(cut, key).problems).toContain(
      'the export has no trailer: it was cut short, or the trailer was removed',
    );
    const forged = exportOf([rows[1], rows[4]], [{ ...checkpoints[1], headHash: 'f'.repeat(64) }]);
    expect(verifyRecordsExport(forged, key).problems.join('\n')).toMatch(
      /checkpoint's signature does not verify/,
    );
    const other = publicKeyPem(newSigner().publicKey);
    expect(verifyRecordsExport(text, other).ok).toBe(false);
  });
});
