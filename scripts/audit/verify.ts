/**
 * The offline audit verifier: checks an export of the audit trail with the
 * audit service's public key and nothing else (no Beacon running, no
 * network, no database).
 *
 *   npx tsx scripts/audit/verify.ts --export FILE --public-key FILE [--json]
 *   npx beacon audit verify --export FILE --public-key FILE [--json]
 *
 * Get the export from `GET /v1/audit/export?format=ndjson` (the whole
 * trail) or `GET /v1/audit/records/export?format=ndjson&…` (the records
 * matching filters; the file's header says which it is), and the key from
 * `GET /v1/audit/public-key` (its `publicKeyPem`), both on the audit app.
 * Pin the key once: a key fetched next to the export vouches for nothing.
 *
 * Exit status: 0 intact, 1 broken or changed, 2 usage or unreadable input.
 *
 * It runs the audit app's own pure chain code (apps/audit/src/chain), so
 * the service and the auditor cannot disagree on what "intact" means.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  RECORDS_EXPORT_FORMAT,
  verifyExport,
  verifyRecordsExport,
  type ExportVerificationReport,
  type RecordsExportReport,
} from '../../apps/audit/src/chain';

export { verifyExport, verifyRecordsExport };

const USAGE = `usage:
  beacon audit verify --export <file.ndjson> --public-key <key.pem> [--json]

Checks every hash, link and column of every chain, every checkpoint signature,
and the export's own signed trailer. A filtered records export (its header
names ${RECORDS_EXPORT_FORMAT}) is checked record by record instead: each
hash and field, each checkpoint signature, and the signed trailer.
Exit status 0 when intact, 1 when not.`;

/** A person's summary of a report: one line for the verdict, one per partition, then the problems. */
export function describeReport(report: ExportVerificationReport, source: string): string {
  const lines = [
    report.ok
      ? `${source}: intact`
      : `${source}: NOT INTACT (${report.problems} chain problem${report.problems === 1 ? '' : 's'}, ${report.exportProblems.length} export problem${report.exportProblems.length === 1 ? '' : 's'})`,
  ];
  for (const p of report.partitions) {
    const head = p.head ? `head ${p.head.sequence} ${p.head.hash.slice(0, 16)}…` : 'empty';
    lines.push(
      `  partition ${p.partition}: ${p.rows} rows, ${head}, ${p.checkpoints} checkpoints, signed through ${p.signedThrough}`,
    );
  }
  if (report.partitions.length === 0) lines.push('  no rows');
  if (report.firstBroken) {
    const b = report.firstBroken;
    lines.push(
      `  first broken: partition ${b.partition}, row ${b.sequence}${b.recordId ? ` (record ${b.recordId})` : ''}: ${b.code}: ${b.problem}`,
    );
  }
  for (const problem of report.exportProblems) lines.push(`  export: ${problem}`);
  return `${lines.join('\n')}\n`;
}

/** A person's summary of a records-export report. */
export function describeRecordsReport(report: RecordsExportReport, source: string): string {
  const lines = [
    `${source}: ${report.ok ? 'intact' : `NOT INTACT (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})`}`,
    `  filtered records export: ${report.records} records, ${report.checkpoints} covering checkpoints`,
  ];
  if (report.uncoveredPartitions.length > 0)
    lines.push(
      `  not yet covered by a checkpoint: partition ${report.uncoveredPartitions.join(', ')} (export again in a few seconds)`,
    );
  for (const problem of report.problems) lines.push(`  ${problem}`);
  return `${lines.join('\n')}\n`;
}

/** Whether the export's first line names the filtered records-export format. */
function isRecordsExport(text: string): boolean {
  const first = text.slice(0, text.indexOf('\n') >>> 0);
  try {
    return (JSON.parse(first) as { format?: unknown }).format === RECORDS_EXPORT_FORMAT;
  } catch {
    return false;
  }
}

/** Runs `audit <verb> …` and sets the exit status; `beacon audit …` hands over here. */
export async function runAuditCommand(argv: string[]): Promise<void> {
  let values: { export?: string; 'public-key'?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        export: { type: 'string' },
        'public-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`beacon audit: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // `verify` may be left out when this script is run directly.
  const verb = positionals[0] ?? 'verify';
  if (values.help || verb !== 'verify' || positionals.length > 1 || !values.export || !values['public-key']) {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  let text: string;
  let pem: string;
  try {
    text = readFileSync(values.export, 'utf8');
    pem = readFileSync(values['public-key'], 'utf8');
  } catch (error) {
    process.stderr.write(`beacon audit verify: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  let ok: boolean;
  let output: string;
  try {
    if (isRecordsExport(text)) {
      const report = verifyRecordsExport(text, pem);
      ok = report.ok;
      output = values.json
        ? JSON.stringify(report, null, 2) + '\n'
        : describeRecordsReport(report, values.export);
    } else {
      const report: ExportVerificationReport = verifyExport(text, pem);
      ok = report.ok;
      output = values.json ? JSON.stringify(report, null, 2) + '\n' : describeReport(report, values.export);
    }
  } catch (error) {
    process.stderr.write(`beacon audit verify: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(output);
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  runAuditCommand(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`beacon audit: ${error.message}\n`);
    process.exitCode = 2;
  });
}
