import { auditRecordView, verifyRecordsExport } from '../../chain';
import { chainOf, newSigner } from '../../chain/testing/chain-fixtures';
import { publicKeyPem } from '../../chain';
import { CSV_RECORD_COLUMNS, csvCell, csvRow, recordCells, RecordsCsvWriter } from './records-csv';

describe('the CSV export', () => {
  it('given cells with commas, quotes, line breaks and formula starts, then RFC 4180 quoting and a neutralising quote', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('=HYPERLINK("http://127.0.0.1")')).toBe('"\'=HYPERLINK(""http://127.0.0.1"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(false)).toBe('false');
    expect(csvRow(['a', null, 1])).toBe('a,,1\r\n');
  });

  it('given records and checkpoints, then three sections: records, covering checkpoints, a signed trailer', () => {
    const signer = newSigner();
    const { rows, checkpoints } = chainOf(signer, { count: 4, every: 4 });
    const writer = new RecordsCsvWriter(signer);
    let text = writer.header();
    for (const row of rows) text += writer.record(auditRecordView(row));
    expect(writer.heads()).toEqual([{ partition: 0, sequence: 4 }]);
    text += writer.checkpoint(checkpoints[0]);
    text += writer.trailer();
    const sections = text.split('\r\n\r\n');
    expect(sections).toHaveLength(3);
    expect(sections[0].split('\r\n')[0]).toBe(CSV_RECORD_COLUMNS.join(','));
    expect(sections[0].split('\r\n')).toHaveLength(5);
    expect(recordCells(auditRecordView(rows[0]))).toHaveLength(CSV_RECORD_COLUMNS.length);
    expect(sections[1].split('\r\n')[1]).toContain(checkpoints[0].signature);
    const trailer = sections[2].split('\r\n')[1].split(',');
    expect(trailer.slice(0, 3)).toEqual(['4', '1', '']);
    expect(trailer[4]).toBe(signer.keyId);
    // the NDJSON verifier is for NDJSON: a CSV is not mistaken for a valid records export
    expect(verifyRecordsExport(text, publicKeyPem(signer.publicKey)).ok).toBe(false);
  });

  it('given rows past the newest checkpoint, then the trailer names their partition as not yet covered', () => {
    const signer = newSigner();
    const { rows } = chainOf(signer, { count: 2, every: 100, partition: 3 });
    const writer = new RecordsCsvWriter(signer);
    let text = writer.header();
    for (const row of rows) text += writer.record(auditRecordView(row));
    text += writer.trailer();
    expect(text.split('\r\n\r\n')[1]).toBe(
      'checkpoint_partition,checkpoint_sequence,head_hash,signed_at,key_id,signature',
    );
    expect(text.split('\r\n\r\n')[2].split('\r\n')[1].split(',').slice(0, 3)).toEqual(['2', '0', '3']);
  });
});
