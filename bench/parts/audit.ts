/**
 * The audit trail's two figures, measured against a real broker, a real
 * Postgres and the real audit app (a process built from dist/):
 *
 * (a) records written per second end to end: disclosure records produced to
 *     an audit topic, until every one is a chained row in Postgres;
 * (b) the time of a subject query (`GET /v1/audit/records?subject=`) over one
 *     million records.
 *
 * The million rows are made through the chain-appending code path itself
 * (the ledger adapter's `append` with `planAppend`, the same code the audit
 * app runs per Kafka batch: lock, head, hashing, one INSERT per batch), in
 * batches of 5,000, so they are valid chained rows that `/v1/audit/verify`
 * accepts; only Kafka is left out of that load.
 *
 *   npm run bench -- --only audit
 *
 * runs it alone.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { createKafka, encodeCloudEvent, topicsFor, type CloudEvent } from '@beacon/messaging';
import { planAppend, summarizeRecord, type JsonObject, type PendingRecord } from '../../apps/audit/src/chain';
import { TypeOrmAuditLedger } from '../../apps/audit/src/trail/database/typeorm-audit-ledger.adapter';
import { loadOrCreateSigningKey } from '../../apps/audit/src/trail/signing/signing-key.file';
import { freePort } from '../../scripts/lib/free-port';
import { localIssuer } from '../../scripts/lib/issuer';
import { loadPartners, provision } from '../../scripts/provision';
import {
  appEnvironment,
  build,
  spawnApp,
  waitHealthy,
  type Infrastructure,
  type RunningApp,
} from '../../scripts/lib/stack';
import { summarise, type Measurement } from '../harness';
import { DisclosureFactory } from '../load/disclosures';
import { loadPartners as loadPartnersForLoad } from '../load/events';

const PART = 'audit';
const PARTITIONS = 3;
const LOAD_BATCH = 5000;
/** Records per subject in the bulk load: the queried subject has as many as any other. */
const RECORDS_PER_SUBJECT = 20;

export interface AuditBenchOptions {
  seconds: number;
  runs: number;
  infra: Pick<Infrastructure, 'kafka' | 'databaseUrl' | 'database'>;
  runDir: string;
  /** Rows in the trail for the subject query; one million unless told. */
  rows?: number;
  log?: (line: string) => void;
}

/** A disclosure record as redaction writes one per delivery. */
function disclosure(subjectId: string, partnerId: string, time: string): CloudEvent {
  const recordId = randomUUID();
  const eventId = randomUUID();
  return {
    id: recordId,
    source: 'urn:beacon:service:redaction',
    type: 'org.beacon.disclosure.recorded.v1',
    specversion: '1.0',
    time,
    subject: subjectId,
    datacontenttype: 'application/json',
    causationid: eventId,
    data: {
      recordId,
      recordedAt: time,
      event: {
        id: eventId,
        type: 'org.beacon.alert.raised.v1',
        source: 'urn:beacon:partner:northside-school',
        time,
        topic: 'beacon.events',
        partition: 1,
        offset: '42',
      },
      subjectId,
      recipient: { partnerId, sector: 'law-enforcement' },
      purpose: 'safeguarding',
      policy: { id: 'beacon-default', version: 'sha256:0123456789abcdef' },
      consentIds: [],
      disclosedPaths: ['/alertId', '/urgency', '/category', '/subject/subjectId', '/subject/givenName'],
      withheld: [
        { path: '/subject/dateOfBirth', reason: 'sector-policy', transformation: 'generalize' },
        { path: '/narrative', reason: 'narrative-scrubbed', transformation: 'scrub' },
        { path: '/subject/documents/0/number', reason: 'sector-policy', transformation: 'mask' },
      ],
      breakGlass: { used: false },
      delivery: { topic: `beacon.deliver.${partnerId}`, id: randomUUID() },
    },
  };
}

async function rowCount(databaseUrl: string, schema: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(`SELECT count(*)::int AS n FROM "${schema}".audit_records`);
    return (result.rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

async function until(done: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * (b)'s bulk load: `rows` chained rows through the ledger adapter, spread
 * over the partitions, `RECORDS_PER_SUBJECT` per subject; returns one subject.
 */
async function bulkLoad(
  databaseUrl: string,
  schema: string,
  keyFile: string,
  rows: number,
  log: (l: string) => void,
) {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    extra: { options: `-c search_path="${schema}"` },
  });
  await dataSource.initialize();
  const ledger = new TypeOrmAuditLedger(dataSource);
  // The app's own key, so the checkpoints of the loaded rows verify like the ones it signs.
  const { signer } = loadOrCreateSigningKey(keyFile);
  const partners = ['metro-police', 'st-mary-hospital', 'safe-harbour'];
  const subjects = Array.from({ length: Math.ceil(rows / RECORDS_PER_SUBJECT) }, () => randomUUID());
  const began = Date.now();
  const start = Date.parse('2026-01-01T00:00:00Z');
  try {
    for (let done = 0; done < rows; done += LOAD_BATCH) {
      const count = Math.min(LOAD_BATCH, rows - done);
      const partition = (done / LOAD_BATCH) % PARTITIONS;
      const records: PendingRecord[] = Array.from({ length: count }, (_, i) => {
        const n = done + i;
        // Subjects spread over the whole load, as records of one person arrive over months.
        const subject = subjects[n % subjects.length];
        const record = JSON.parse(
          JSON.stringify(
            disclosure(subject, partners[n % partners.length], new Date(start + n * 1000).toISOString()),
          ),
        ) as JsonObject;
        return { recordId: String(record.id), record, summary: summarizeRecord(record) };
      });
      await ledger.append(
        partition,
        records.map((r) => r.recordId),
        (state) =>
          planAppend(state, records, { checkpointEvery: 1000, signer, now: new Date().toISOString() }),
      );
      if ((done / LOAD_BATCH) % 20 === 0)
        log(
          `  loaded ${done + count} of ${rows} rows (${Math.round((done + count) / ((Date.now() - began) / 1000))} rows/s)`,
        );
    }
    await dataSource.query('ANALYZE audit_records');
  } finally {
    await dataSource.destroy();
  }
  return { subject: subjects[0], loadSeconds: (Date.now() - began) / 1000 };
}

/** Measures the audit trail; see the file's comment. */
export async function benchAudit(options: AuditBenchOptions): Promise<Measurement[]> {
  const log = options.log ?? ((line: string) => process.stdout.write(`[bench:audit] ${line}\n`));
  const rows = options.rows ?? 1_000_000;
  const namespace = `bench${randomUUID().slice(0, 8)}`;
  const schema = `${namespace}_audit`;
  const topics = topicsFor(namespace);
  const kafka = createKafka({ clientId: `${namespace}-admin`, ...options.infra.kafka.admin });
  const admin = kafka.admin();
  await admin.connect();
  let app: RunningApp | undefined;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  try {
    build(log);
    await provision(kafka, admin, {
      namespace,
      partners: loadPartners(),
      partitions: PARTITIONS,
      replicationFactor: 1,
      acls: !options.infra.kafka.external,
    });
    const issuer = localIssuer(join(options.runDir, 'keys'));
    const port = await freePort();
    const keyFile = join(options.runDir, 'audit', 'signing-key.pem');
    app = spawnApp(
      'audit',
      appEnvironment('audit', options.infra, {
        PORT: String(port),
        LOG_LEVEL: 'warn',
        BEACON_TOPIC_NAMESPACE: namespace,
        DATABASE_SCHEMA: schema,
        AUTH_JWKS_FILE: issuer.jwksFile,
        AUTH_ISSUER: issuer.issuer,
        AUTH_AUDIENCE: issuer.audience,
        AUDIT_SIGNING_KEY_FILE: keyFile,
      }),
      join(options.runDir, 'logs'),
    );
    await waitHealthy(app, 120_000);
    await producer.connect();

    // (a) end to end: produce, then wait until the rows are there. Twice: with the
    // small hand-made record below, and with the records redaction writes for the
    // load's events (tens of paths, each with its deciding rule: a few kB each).
    const perRun = Math.max(5000, Math.round(5000 * options.seconds));
    const realistic = new DisclosureFactory(loadPartnersForLoad(5, loadPartners()), namespace);
    let nextEvent = 0;
    const variants = {
      small: () =>
        Array.from({ length: perRun }, () =>
          encodeCloudEvent(disclosure(randomUUID(), 'metro-police', new Date().toISOString())),
        ),
      realistic: () => {
        const { records, next } = realistic.take(nextEvent, perRun);
        nextEvent = next;
        return records;
      },
    };
    const rates: Record<keyof typeof variants, number[]> = { small: [], realistic: [] };
    const bytes: Record<keyof typeof variants, number> = { small: 0, realistic: 0 };
    for (const variant of ['small', 'realistic'] as const) {
      // One warm-up round, then the measured runs.
      for (let run = 0; run <= options.runs; run += 1) {
        const before = await rowCount(options.infra.databaseUrl, schema);
        const records = variants[variant]().map((m, i) => ({ ...m, partition: i % PARTITIONS }));
        bytes[variant] = records.reduce((sum, m) => sum + Buffer.byteLength(String(m.value)), 0) / perRun;
        const began = process.hrtime.bigint();
        // 100 per request: a partition's share of 1,000 realistic records exceeds the broker's 1 MB.
        for (let i = 0; i < records.length; i += 100)
          await producer.send({ topic: topics.audit, messages: records.slice(i, i + 100) });
        await until(
          async () => (await rowCount(options.infra.databaseUrl, schema)) >= before + perRun,
          300_000,
          `${perRun} audit records stored`,
        );
        const seconds = Number(process.hrtime.bigint() - began) / 1e9;
        if (run > 0) rates[variant].push(perRun / seconds);
        log(
          `  write run ${run}${run === 0 ? ' (warm-up)' : ''}, ${variant} records: ${perRun} in ${seconds.toFixed(2)} s`,
        );
      }
    }

    // (b) a subject query over `rows` records.
    log(`loading ${rows} chained rows through the ledger…`);
    const existing = await rowCount(options.infra.databaseUrl, schema);
    const { subject, loadSeconds } = await bulkLoad(
      options.infra.databaseUrl,
      schema,
      keyFile,
      // At least a few thousand, so that a small --rows still has subjects to ask for.
      Math.max(rows - existing, RECORDS_PER_SUBJECT * 100),
      log,
    );
    const total = await rowCount(options.infra.databaseUrl, schema);
    const token = issuer.mint(
      { subject: 'bench-auditor', partnerId: 'metro-police', sector: 'law-enforcement', roles: ['auditor'] },
      3600,
    );
    const query = async () => {
      const began = process.hrtime.bigint();
      const response = await fetch(`http://127.0.0.1:${port}/v1/audit/records?subject=${subject}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { records: unknown[] };
      const ms = Number(process.hrtime.bigint() - began) / 1e6;
      if (response.status !== 200 || body.records.length !== RECORDS_PER_SUBJECT)
        throw new Error(`the subject query answered ${response.status} with ${body.records?.length} records`);
      return ms;
    };
    for (let i = 0; i < 20; i += 1) await query();
    const medians: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const times: number[] = [];
      const deadline = Date.now() + options.seconds * 1000;
      while (Date.now() < deadline) times.push(await query());
      medians.push(summarise(times).median);
    }

    return [
      {
        part: PART,
        metric:
          'audit records stored per second, end to end (topic → audit app → chained rows), records as redaction writes them',
        unit: 'records/s',
        ...summarise(rates.realistic),
        note: `${perRun} records per run over ${PARTITIONS} partitions; data ${Math.round(bytes.realistic)} bytes per record on average`,
      },
      {
        part: PART,
        metric: 'audit records stored per second, end to end, small hand-made records (5 paths, no rules)',
        unit: 'records/s',
        ...summarise(rates.small),
        note: `${perRun} records per run over ${PARTITIONS} partitions; data ${Math.round(bytes.small)} bytes per record`,
      },
      {
        part: PART,
        metric: `subject query (GET /v1/audit/records?subject=, ${RECORDS_PER_SUBJECT} of ${total.toLocaleString('en-GB')} rows), HTTP round trip`,
        unit: 'ms',
        ...summarise(medians),
        note: `bulk load through the ledger: ${Math.round((total - existing) / loadSeconds)} rows/s`,
      },
      {
        part: PART,
        metric: 'chained rows appended per second through the ledger (bulk load, 5,000 per batch)',
        unit: 'rows/s',
        ...summarise([(total - existing) / loadSeconds]),
      },
    ];
  } finally {
    await producer.disconnect().catch(() => undefined);
    await app?.stop();
    const client = new Client({ connectionString: options.infra.databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    await admin.disconnect();
  }
}
