/**
 * `npm run bench`: measures Beacon's parts on this machine, prints a table,
 * and keeps the figures in bench/results/<date>.json and .md.
 *
 *   npm run bench [-- --seconds 2 --runs 5 --only contracts]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machine, type Measurement } from './harness';
import { benchAuditAlone } from './parts/audit';
import { benchPolicy } from './parts/policy';
import { benchReferralStreamAlone } from './parts/referral-stream';
import { benchValidation } from './parts/validation';

const PARTS: Record<
  string,
  (o: { seconds: number; runs: number }) => Measurement[] | Promise<Measurement[]>
> = {
  contracts: benchValidation,
  policy: benchPolicy,
  // Starts its own broker and Postgres (see bench/parts/audit.ts; benchAudit takes a running one).
  audit: benchAuditAlone,
  'referral-stream': benchReferralStreamAlone,
};

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '2' },
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
    },
  });
  const options = { seconds: Number(values.seconds), runs: Number(values.runs) };
  const host = machine();
  const selected = values.only ? values.only.split(',') : Object.keys(PARTS);
  const rows: Measurement[] = [];
  for (const name of selected) {
    const part = PARTS[name];
    if (!part) throw new Error(`unknown part "${name}"; parts: ${Object.keys(PARTS).join(', ')}`);
    process.stdout.write(`measuring ${name}…\n`);
    rows.push(...(await part(options)));
  }

  const header = `| part | metric | median | min | max | unit | runs |\n| --- | --- | ---: | ---: | ---: | --- | ---: |`;
  const lines = rows.map(
    (r) =>
      `| ${r.part} | ${r.metric} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.max)} | ${r.unit} | ${r.runs} |`,
  );
  const machineLine = `${host.cores} × ${host.cpu}, ${host.memoryGiB} GiB, Node ${host.node}, ${host.platform}`;
  const markdown = `# Beacon benchmark, ${new Date().toISOString()}\n\nMachine: ${machineLine}. Each figure: ${options.runs} runs of ${options.seconds} s after a warm-up; median, min and max.\n\n${header}\n${lines.join('\n')}\n`;
  process.stdout.write(`\n${markdown}`);

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify({ machine: host, options, rows }, null, 2));
  writeFileSync(join(dir, `${stamp}.md`), markdown);
  process.stdout.write(`\nwritten to bench/results/${stamp}.{json,md}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
