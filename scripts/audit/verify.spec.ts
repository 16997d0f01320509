import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuditExportWriter,
  auditRecordView,
  publicKeyPem,
  RecordsExportWriter,
} from '../../apps/audit/src/chain';
import { chainOf, newSigner } from '../../apps/audit/src/chain/testing/chain-fixtures';
import { describeReport, runAuditCommand, verifyExport } from './verify';

const signer = newSigner();

function exportText(): string {
  const { rows, checkpoints } = chainOf(signer, { partition: 0, count: 5, every: 2 });
  const writer = new AuditExportWriter(signer);
  return [
    writer.header('2025-03-01T12:00:00.000Z'),
    ...rows.map((r) => writer.record(r)),
    ...checkpoints.map((c) => writer.checkpoint(c)),
    writer.trailer(),
  ].join('');
}

/** A filtered records export: rows 2 and 3 of a chain, with the checkpoint at row 4 covering them. */
function recordsExportText(): string {
  const { rows, checkpoints } = chainOf(signer, { partition: 0, count: 5, every: 2 });
  const writer = new RecordsExportWriter(signer);
  return [
    writer.header('2025-03-01T12:00:00.000Z', { partner: 'metro-police' }),
    ...rows.slice(1, 3).map((r) => writer.record(auditRecordView(r), r.record)),
    writer.checkpoint(checkpoints[1]),
    writer.trailer(),
  ].join('');
}

describe('beacon audit verify', () => {
  let dir: string;
  let out: string;
  let write: jest.SpyInstance;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'beacon-audit-verify-'));
    writeFileSync(join(dir, 'key.pem'), publicKeyPem(signer.publicKey));
    out = '';
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    process.exitCode = undefined;
  });

  afterEach(() => {
    write.mockRestore();
    process.exitCode = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('given an intact export and the public key, when verified, then it says intact and exits 0', async () => {
    writeFileSync(join(dir, 'trail.ndjson'), exportText());

    await runAuditCommand([
      'verify',
      '--export',
      join(dir, 'trail.ndjson'),
      '--public-key',
      join(dir, 'key.pem'),
    ]);

    expect(process.exitCode).toBe(0);
    expect(out).toMatch(
      /trail\.ndjson: intact\n {2}partition 0: 5 rows, head 5 [0-9a-f]{16}…, 2 checkpoints, signed through 4/,
    );
  });

  it('given an export with one byte changed, when verified, then it names the row and exits 1', async () => {
    // the record's own purpose (the summary column before it is followed by "policyId", not "policy")
    const text = exportText().replace(
      '"purpose":"safeguarding","policy"',
      '"purpose":"safeguardinh","policy"',
    );
    writeFileSync(join(dir, 'trail.ndjson'), text);

    await runAuditCommand([
      'verify',
      '--export',
      join(dir, 'trail.ndjson'),
      '--public-key',
      join(dir, 'key.pem'),
    ]);

    expect(process.exitCode).toBe(1);
    expect(out).toMatch(/NOT INTACT/);
    expect(out).toMatch(/first broken: partition 0, row 1 .*hash-mismatch/);
  });

  it('given missing arguments, when run, then it prints the usage and exits 2', async () => {
    await runAuditCommand(['verify', '--export', 'x.ndjson']);

    expect(process.exitCode).toBe(2);
    expect(out).toMatch(/usage:/);
  });

  it('given the library entry point, when called, then it is the same verifier', () => {
    const report = verifyExport(exportText(), publicKeyPem(signer.publicKey));

    expect(report.ok).toBe(true);
    expect(describeReport(report, 'x')).toMatch(/^x: intact/);
  });

  it('given a filtered records export, when verified, then its header selects the records check: intact exits 0, one changed byte exits 1', async () => {
    const file = join(dir, 'records.ndjson');
    const args = ['verify', '--export', file, '--public-key', join(dir, 'key.pem')];
    writeFileSync(file, recordsExportText());

    await runAuditCommand(args);
    expect(process.exitCode).toBe(0);
    expect(out).toMatch(
      /records\.ndjson: intact\n {2}filtered records export: 2 records, 1 covering checkpoints/,
    );

    out = '';
    const text = recordsExportText();
    const at = text.lastIndexOf('"purpose":"safeguarding"') + '"purpose":"s'.length;
    writeFileSync(file, `${text.slice(0, at)}S${text.slice(at + 1)}`);
    await runAuditCommand(args);
    expect(process.exitCode).toBe(1);
    expect(out).toMatch(/NOT INTACT/);
    expect(out).toMatch(/does not hash to its stored hash/);
  });
});
