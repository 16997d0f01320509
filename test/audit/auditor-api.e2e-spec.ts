/**
 * The auditor API end to end: gateway (it owns the consent tables), intake,
 * redaction and audit run as real processes against the run's Kafka and
 * Postgres. The school raises alerts about two people; redaction writes a
 * disclosure record per delivery; access records such as the gateway
 * writes are added to the audit topic. Then an auditor queries the trail:
 * every answer is checked against what the audit topic really holds,
 * computed here independently of the app's SQL.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import type { Role, Sector } from '@beacon/auth';
import { encodeCloudEvent, topicsFor, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import {
  ACCESS_RECORDED_TYPE,
  auditRecordView,
  verifyRecordsExport,
  type AuditRecordView,
  type JsonObject,
} from '../../apps/audit/src/chain';
import {
  CSV_CHECKPOINT_COLUMNS,
  CSV_RECORD_COLUMNS,
  recordCells,
} from '../../apps/audit/src/records/core/records-csv';
import type { RunningApp } from '../../scripts/lib/stack';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import {
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  testIssuer,
  withDatabase,
} from '../support/test-stack';
import { eventually } from '../support/eventually';

const PARTNERS = [
  'metro-police',
  'st-mary-hospital',
  'safe-harbour',
  'northside-school',
  'county-social-services',
];
const ALERTS_PER_SUBJECT = 3;
/** Each urgent labour alert goes to police, health care and the NGO: one disclosure record each. */
const RECIPIENTS = ['metro-police', 'safe-harbour', 'st-mary-hospital'];
const SUBJECT_A = randomUUID();
const SUBJECT_B = randomUUID();
const SUBJECT_C = randomUUID();
const OFFICER = 'mp-officer-7';

interface Data {
  subjectId?: string;
  event?: { id: string; type: string };
  recipient?: { partnerId: string };
  disclosedPaths?: string[];
  withheld?: { path: string; transformation: string; reason: string }[];
  principal?: { sub: string; partnerId: string };
  resource?: { id?: string; subjectId?: string };
  action?: string;
  outcome?: string;
  policy?: { id: string; version: string };
  consentIds?: string[];
}

interface Page {
  records: AuditRecordView[];
  nextCursor: string | null;
}

/** An access record as the gateway writes one per protected read or refusal. */
function accessRecord(
  sub: string,
  partnerId: string,
  subjectId: string,
  action: string,
  outcome: 'allowed' | 'denied',
): CloudEvent {
  const recordId = randomUUID();
  const now = new Date().toISOString();
  return {
    id: recordId,
    source: 'urn:beacon:gateway',
    type: ACCESS_RECORDED_TYPE,
    specversion: '1.0',
    time: now,
    subject: subjectId,
    datacontenttype: 'application/json',
    data: {
      recordId,
      recordedAt: now,
      principal: { sub, partnerId, roles: ['case-worker'], sector: 'law-enforcement' },
      action,
      resource: { type: 'alert', id: randomUUID(), subjectId },
      outcome,
      reason: outcome === 'allowed' ? 'recipient of the alert; role case-worker' : 'not a recipient',
      breakGlass: false,
      client: { address: '127.0.0.1', userAgent: 'beacon-e2e' },
      correlationId: randomUUID(),
    },
  };
}

/** Polls `probe` until `done` holds of its answer; fails with the last answer after `timeoutMs`. */
/** RFC 4180 rows of a CSV text (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('audit: the auditor API answers from the trail exactly, refuses bad input and non-auditors, and signs what it exports', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let workDir: string;
  const apps: RunningApp[] = [];
  let audit: RunningApp | undefined;
  let school: Producer | undefined;
  let recorder: Producer | undefined;
  /** What the audit topic holds: the source of truth every answer is checked against. */
  let records: Collected[] = [];

  const schema = () => `"${ns.namespace}_audit"`;
  const token = (roles: Role[], sector: Sector = 'law-enforcement') =>
    testIssuer(stack).mint({ subject: `${roles[0]}-e2e`, partnerId: 'metro-police', sector, roles }, 900);
  const auditor = () => token(['auditor']);
  /** GET on the audit app as an auditor, as another principal, or (null) without a token. */
  const get = (path: string, bearer: string | null = auditor()) =>
    fetch(`http://127.0.0.1:${audit?.port}${path}`, {
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
    });
  const url = (path: string, params: Record<string, string>) => `${path}?${new URLSearchParams(params)}`;
  const rowCount = async () =>
    withDatabase(
      stack,
      async (db) =>
        (await db.query(`SELECT count(*)::int AS n FROM ${schema()}.audit_records`)).rows[0].n as number,
    );
  const data = (r: Collected) => r.event.data as Data;
  const disclosures = () => records.filter((r) => r.event.type === 'org.beacon.disclosure.recorded.v1');

  /** Every page of a listing, with the cursor; fails on a repeated record. */
  async function walk(params: Record<string, string>, limit = 500): Promise<AuditRecordView[]> {
    const seen: AuditRecordView[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(
        url('/v1/audit/records', { ...params, limit: String(limit), ...(cursor ? { cursor } : {}) }),
      );
      expect(response.status).toBe(200);
      const page = (await response.json()) as Page;
      expect(page.records.length).toBeLessThanOrEqual(limit);
      seen.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen.map((r) => r.recordId)).size).toBe(seen.length);
    return seen;
  }

  /** The record ids of the topic that a filter must return, computed from the records themselves. */
  function expected(match: (d: Data, r: Collected) => boolean): string[] {
    return records
      .filter((r) => match(data(r), r))
      .map((r) => r.event.id)
      .sort();
  }
  const subjectOf = (d: Data) => d.subjectId ?? d.resource?.subjectId;
  const partnerOf = (d: Data) => d.recipient?.partnerId ?? d.principal?.partnerId;
  const ids = (views: AuditRecordView[]) => views.map((v) => v.recordId).sort();

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, PARTNERS);
    topics = topicsFor(ns.namespace);
    workDir = mkdtempSync(join(tmpdir(), 'beacon-auditor-e2e-'));
    apps.push(await startApp(stack, 'gateway', ns.namespace));
    apps.push(await startApp(stack, 'intake', ns.namespace));
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    audit = await startApp(stack, 'audit', ns.namespace, {
      AUDIT_SIGNING_KEY_FILE: join(workDir, 'audit-keys', 'signing-key.pem'),
      AUDIT_CHECKPOINT_EVERY: '4',
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1',
    });

    school = kafkaAs(stack.kafka.partners['northside-school'], 'northside-mis').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await school.connect();
    const alerts = [
      ...Array.from({ length: ALERTS_PER_SUBJECT }, (_, i) => schoolAlert(`auditor-a-${i}`, SUBJECT_A)),
      ...Array.from({ length: ALERTS_PER_SUBJECT }, (_, i) => schoolAlert(`auditor-b-${i}`, SUBJECT_B)),
    ];
    await school.send({ topic: topics.inbound('northside-school'), messages: alerts.map(encodeCloudEvent) });
    const reader = kafkaAs(stack.kafka.admin, 'auditor-e2e-reader');
    await collect(reader, topics.audit, {
      count: alerts.length * RECIPIENTS.length,
      timeoutMs: 180_000,
      settleMs: 500,
    });

    // What the gateway records when people read: after the deliveries, so the officer had the data.
    recorder = kafkaAs(stack.kafka.admin, 'auditor-e2e-recorder').producer();
    await recorder.connect();
    await recorder.send({
      topic: topics.audit,
      messages: [
        accessRecord(OFFICER, 'metro-police', SUBJECT_A, 'read', 'allowed'),
        accessRecord('sh-worker-3', 'safe-harbour', SUBJECT_B, 'read', 'denied'),
        accessRecord(OFFICER, 'metro-police', SUBJECT_B, 'search', 'allowed'),
      ].map(encodeCloudEvent),
    });
    records = await collect(reader, topics.audit, {
      count: alerts.length * RECIPIENTS.length + 3,
      timeoutMs: 60_000,
      settleMs: 2000,
    });
    expect(records).toHaveLength(alerts.length * RECIPIENTS.length + 3);
    await eventually(
      'the trail holding every record of the audit topic',
      rowCount,
      (n) => n >= records.length,
    );
  }, 420_000);

  afterAll(async () => {
    await school?.disconnect();
    await recorder?.disconnect();
    await audit?.stop();
    await Promise.all(apps.map((a) => a.stop()));
    if (ns) {
      await withDatabase(stack, async (db) => {
        for (const app of ['gateway', 'redaction', 'audit'])
          await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
      });
      await ns.dispose();
    }
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('given no token, then every auditor route answers 401; given a token without the auditor role, 403; the public key is public', async () => {
    const disclosure = disclosures()[0];
    const routes = [
      '/v1/audit/verify',
      '/v1/audit/export?format=ndjson',
      '/v1/audit/records',
      '/v1/audit/records/export?format=ndjson',
      url('/v1/audit/who-could-see', { subject: SUBJECT_A, path: '/subject' }),
      url('/v1/explain', { event: data(disclosure).event?.id ?? '', partner: 'metro-police' }),
    ];
    for (const route of routes) {
      const anonymous = await get(route, null);
      expect({ route, status: anonymous.status }).toEqual({ route, status: 401 });
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      for (const roles of [['case-worker'], ['partner-system']] as Role[][]) {
        const refused = await get(route, token(roles));
        expect({ route, roles, status: refused.status }).toEqual({ route, roles, status: 403 });
        expect(((await refused.json()) as { code: string }).code).toBe('insufficient_role');
      }
      expect({ route, status: (await get(route, 'not-a-token')).status }).toEqual({ route, status: 401 });
    }
    // an administrator may ask explain, and nothing else of the trail
    for (const route of routes) {
      const status = (await get(route, token(['admin'], 'beacon'))).status;
      expect({ route, status }).toEqual({ route, status: route.startsWith('/v1/explain') ? 200 : 403 });
    }
    const key = await get('/v1/audit/public-key', null);
    expect(key.status).toBe(200);
    expect(((await key.json()) as { publicKeyPem: string }).publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
  });

  it('given each filter alone and together, then exactly the matching records come back, in the documented shape', async () => {
    const [first] = disclosures();
    const firstData = data(first);
    const disclosedPath = firstData.disclosedPaths?.[0] as string;
    const withheldPath = disclosures()
      .flatMap((r) => data(r).withheld ?? [])
      .map((w) => w.path)[0];
    expect(disclosedPath).toBeDefined();
    expect(withheldPath).toBeDefined();
    // Records decided in one batch share their time: split on distinct times, so that
    // some records fall before `to` and some at or after `from` whatever the batching.
    const times = [...new Set(records.map((r) => new Date(r.event.time as string).toISOString()))].sort();
    const from = times[Math.floor(times.length / 3)] as string;
    const to =
      times[Math.max(1, Math.floor((2 * times.length) / 3))] ??
      new Date(Date.parse(times[0] as string) + 1).toISOString();

    const cases: [Record<string, string>, (d: Data, r: Collected) => boolean][] = [
      [{}, () => true],
      [{ subject: SUBJECT_A }, (d) => subjectOf(d) === SUBJECT_A],
      [{ subject: SUBJECT_B }, (d) => subjectOf(d) === SUBJECT_B],
      [{ partner: 'metro-police' }, (d) => partnerOf(d) === 'metro-police'],
      [{ partner: 'safe-harbour' }, (d) => partnerOf(d) === 'safe-harbour'],
      [{ actor: OFFICER }, (d) => d.principal?.sub === OFFICER],
      [{ eventId: firstData.event?.id as string }, (d) => d.event?.id === firstData.event?.id],
      [
        { path: disclosedPath },
        (d) =>
          (d.disclosedPaths ?? []).includes(disclosedPath) ||
          (d.withheld ?? []).some((w) => w.path === disclosedPath),
      ],
      [
        { path: withheldPath },
        (d) =>
          (d.disclosedPaths ?? []).includes(withheldPath) ||
          (d.withheld ?? []).some((w) => w.path === withheldPath),
      ],
      [{ action: 'deliver' }, (d) => d.event !== undefined],
      [{ action: 'read' }, (d) => d.action === 'read'],
      [{ outcome: 'denied' }, (d) => d.outcome === 'denied'],
      [{ outcome: 'allowed' }, (d) => d.event !== undefined || d.outcome === 'allowed'],
      [{ from }, (_, r) => new Date(r.event.time as string).toISOString() >= from],
      [{ to }, (_, r) => new Date(r.event.time as string).toISOString() < to],
      [
        { subject: SUBJECT_A, partner: 'metro-police', action: 'deliver' },
        (d) => subjectOf(d) === SUBJECT_A && partnerOf(d) === 'metro-police' && d.event !== undefined,
      ],
      [
        { subject: SUBJECT_B, actor: OFFICER, outcome: 'allowed' },
        (d) => subjectOf(d) === SUBJECT_B && d.principal?.sub === OFFICER && d.outcome === 'allowed',
      ],
    ];
    for (const [params, match] of cases) {
      const want = expected(match);
      expect({ params, some: want.length > 0 }).toEqual({ params, some: true });
      expect({ params, ids: ids(await walk(params)) }).toEqual({ params, ids: want });
    }

    // the shape: every field derived from the record as the topic holds it, and its place in the chain
    const response = await get(url('/v1/audit/records', { eventId: firstData.event?.id as string }));
    const page = (await response.json()) as Page;
    const view = page.records.find((v) => v.recordId === first.event.id) as AuditRecordView;
    const stored = JSON.parse(JSON.stringify(first.event)) as JsonObject;
    expect(view).toEqual({ ...auditRecordView({ ...view.chain, recordId: view.recordId, record: stored }) });
    expect(view).toMatchObject({
      actor: { partnerId: firstData.recipient?.partnerId, subject: null },
      action: 'deliver',
      resource: { id: firstData.event?.id, type: firstData.event?.type, subjectId: firstData.subjectId },
      outcome: 'allowed',
      policy: firstData.policy,
      consentIds: firstData.consentIds,
      disclosedPaths: firstData.disclosedPaths,
      withheld: firstData.withheld?.map((w) => ({
        path: w.path,
        transformation: w.transformation,
        reason: w.reason,
      })),
      breakGlass: { used: false, reason: null },
      chain: { partition: first.partition },
    });
    expect(view.chain.hash).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await withDatabase(
      stack,
      async (db) =>
        (
          await db.query(
            `SELECT partition, sequence::int AS sequence, hash FROM ${schema()}.audit_records WHERE record_id = $1`,
            [first.event.id],
          )
        ).rows as { partition: number; sequence: number; hash: string }[],
    );
    expect(view.chain).toMatchObject(row);
    // the subjects of the page, for the gateway's access recorder
    expect(response.headers.get('x-beacon-subject-ids')).toBe(firstData.subjectId);
    const both = await get(url('/v1/audit/records', { partner: 'metro-police' }));
    expect((both.headers.get('x-beacon-subject-ids') ?? '').split(',').sort()).toEqual(
      [SUBJECT_A, SUBJECT_B].sort(),
    );
  });

  it('given bad parameters, then 400 names the parameter; given SQL and wildcards in every filter, then nothing leaks and the tables are intact', async () => {
    const bad: [string, Record<string, string>][] = [
      ['limit', { limit: '0' }],
      ['limit', { limit: '501' }],
      ['limit', { limit: '10; DROP TABLE audit_records' }],
      ['cursor', { cursor: 'bm90LWEtY3Vyc29y' }],
      ['from', { from: 'yesterday' }],
      ['to', { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
      ['subjectId', { subjectId: SUBJECT_A }],
      ['action', { action: 'delete' }],
      ['partner', { partner: 'Metro Police' }],
    ];
    for (const [parameter, params] of bad) {
      const response = await get(url('/v1/audit/records', params));
      expect({ params, status: response.status }).toEqual({ params, status: 400 });
      expect(await response.json()).toMatchObject({ statusCode: 400, code: 'invalid_parameter', parameter });
    }

    const before = await rowCount();
    const nasty = [
      "' OR 1=1 --",
      "' OR '1'='1",
      '"; DROP TABLE audit_records; --',
      "'); DELETE FROM audit_records; --",
      "1' UNION SELECT * FROM audit_checkpoints --",
      '%',
      '_',
      '/%',
      '/_',
      '/subject/%',
      '*',
      'ünï©ødé ☃ 名前 \u202e',
      '\u0000',
      'x'.repeat(5000),
      `${SUBJECT_A}' OR subject_id IS NOT NULL --`,
    ];
    const filters = [
      'subject',
      'partner',
      'actor',
      'eventId',
      'path',
      'action',
      'outcome',
      'from',
      'to',
      'cursor',
    ];
    for (const value of nasty) {
      for (const name of filters) {
        const response = await get(url('/v1/audit/records', { [name]: value }));
        const body = (await response.json()) as Page & { parameter?: string };
        const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
        if (response.status === 400)
          expect({ name, shown, parameter: body.parameter }).toEqual({ name, shown, parameter: name });
        else
          expect({ name, shown, status: response.status, records: body.records }).toEqual({
            name,
            shown,
            status: 200,
            records: [],
          });
      }
      for (const [route, params] of [
        ['/v1/audit/records/export', { format: 'ndjson', subject: value }],
        ['/v1/audit/who-could-see', { subject: value, path: '/subject' }],
        ['/v1/audit/who-could-see', { subject: SUBJECT_A, path: value }],
        ['/v1/audit/who-could-see', { subject: SUBJECT_A, path: '/subject', at: value }],
        ['/v1/explain', { event: value, partner: 'metro-police' }],
        ['/v1/explain', { event: data(disclosures()[0]).event?.id as string, partner: value }],
      ] as [string, Record<string, string>][]) {
        const response = await get(url(route, params));
        const text = await response.text();
        const shown = `${route} ${JSON.stringify(params).slice(0, 80)}`;
        if (response.status === 400) continue;
        if (route === '/v1/explain')
          expect({ shown, status: response.status }).toEqual({ shown, status: 404 });
        else if (route === '/v1/audit/who-could-see')
          expect({
            shown,
            status: response.status,
            partners: (JSON.parse(text) as { partners: unknown[] }).partners,
          }).toEqual({
            shown,
            status: 200,
            partners: [],
          });
        else
          expect({
            shown,
            status: response.status,
            records: text.split('\n').filter((l) => l.includes('"kind":"record"')),
          }).toEqual({
            shown,
            status: 200,
            records: [],
          });
      }
    }
    // the tables are all there, unchanged, and the chains still verify
    expect(await rowCount()).toBe(before);
    const verification = (await (await get('/v1/audit/verify')).json()) as { ok: boolean };
    expect(verification.ok).toBe(true);
  });

  it('given NDJSON and CSV exports, then they hold exactly what the JSON API returns, the NDJSON verifies offline, and one changed byte fails it', async () => {
    const filter = { partner: 'metro-police' };
    const api = await walk(filter, 3);
    expect(api.length).toBeGreaterThan(0);

    // the covering checkpoints are signed within a second of the rows
    const ndjson = await eventually(
      'an export whose rows are all covered by checkpoints',
      async () => (await get(url('/v1/audit/records/export', { ...filter, format: 'ndjson' }))).text(),
      (text) => text.includes('"uncoveredPartitions":[]'),
      30_000,
    );
    const lines = ndjson
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; record?: unknown });
    expect(lines[0]).toMatchObject({
      kind: 'header',
      format: 'beacon.audit.records-export.v1',
      filters: filter,
    });
    const exported = lines
      .filter((l) => l.kind === 'record')
      .map(({ kind: _k, record: _r, ...view }) => view);
    expect(exported).toEqual(api);
    expect(lines.filter((l) => l.kind === 'checkpoint').length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatchObject({ kind: 'trailer', records: api.length, uncoveredPartitions: [] });

    const { publicKeyPem } = (await (await get('/v1/audit/public-key', null)).json()) as {
      publicKeyPem: string;
    };
    expect(verifyRecordsExport(ndjson, publicKeyPem)).toMatchObject({
      ok: true,
      records: api.length,
      problems: [],
    });
    const keyFile = join(workDir, 'audit-public.pem');
    const exportFile = join(workDir, 'records.ndjson');
    writeFileSync(keyFile, publicKeyPem);
    writeFileSync(exportFile, ndjson);
    // Run as a child without blocking this process, so the HTTP client sees idle sockets close meanwhile.
    const cli = () =>
      new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            join(REPO_ROOT, 'scripts', 'cli', 'beacon.mjs'),
            'audit',
            'verify',
            '--export',
            exportFile,
            '--public-key',
            keyFile,
          ],
          { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout }));
      });
    expect(await cli()).toMatchObject({ status: 0, stdout: expect.stringMatching(/: intact/) });

    // one byte of one record's data changed: the record's hash and the file's signature both fail
    const at = ndjson.indexOf('"recordedAt":"') + '"recordedAt":"'.length;
    const changed = `${ndjson.slice(0, at)}${ndjson[at] === '3' ? '4' : '3'}${ndjson.slice(at + 1)}`;
    const broken = verifyRecordsExport(changed, publicKeyPem);
    expect(broken.ok).toBe(false);
    expect(broken.problems.join('\n')).toMatch(/does not hash to its stored hash/);
    expect(broken.problems.join('\n')).toMatch(/the export was changed/);
    writeFileSync(exportFile, changed);
    expect(await cli()).toMatchObject({ status: 1, stdout: expect.stringMatching(/NOT INTACT/) });

    // CSV: the records, then the checkpoints, then the signed trailer, each after an empty line
    const csvResponse = await get(url('/v1/audit/records/export', { ...filter, format: 'csv' }));
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
    const sections = (await csvResponse.text()).split('\r\n\r\n');
    expect(sections).toHaveLength(3);
    const [head, ...rows] = parseCsv(`${sections[0]}\r\n`);
    expect(head).toEqual([...CSV_RECORD_COLUMNS]);
    expect(rows).toEqual(api.map((v) => recordCells(v).map((c) => (c === null ? '' : String(c)))));
    const [checkpointHead, ...checkpoints] = parseCsv(`${sections[1]}`);
    expect(checkpointHead).toEqual([...CSV_CHECKPOINT_COLUMNS]);
    expect(checkpoints.length).toBe(lines.filter((l) => l.kind === 'checkpoint').length);
    const [, trailer] = parseCsv(sections[2]);
    expect(trailer.slice(0, 3)).toEqual([String(api.length), String(checkpoints.length), '']);

    // an export about one subject names it for the access recorder
    const bySubject = await get(url('/v1/audit/records/export', { subject: SUBJECT_A }));
    expect(bySubject.headers.get('x-beacon-subject-ids')).toBe(SUBJECT_A);
    await bySubject.text();
  });

  it('given a field of a subject, then who-could-see names exactly the partners that received it (or a part of it) up to that time, and the people there who opened the record', async () => {
    const ofA = disclosures().filter((r) => data(r).subjectId === SUBJECT_A);
    const path = data(ofA[0]).disclosedPaths?.find((p) => p.startsWith('/subject/')) as string;
    expect(path).toBeDefined();
    const parent = path.split('/').slice(0, 2).join('/');
    const now = new Date().toISOString();

    const receipts = (asked: string) =>
      ofA
        .flatMap((r) => {
          const d = data(r);
          const related = (p: string) =>
            p === asked || p.startsWith(`${asked}/`) || asked.startsWith(`${p}/`);
          return [
            ...(d.disclosedPaths ?? []).filter(related).map((p) => `${partnerOf(d)} ${p} none`),
            ...(d.withheld ?? [])
              .filter((w) => related(w.path) && w.transformation !== 'drop' && w.transformation !== 'nullify')
              .map((w) => `${partnerOf(d)} ${w.path} ${w.transformation}`),
          ];
        })
        .filter((v, i, all) => all.indexOf(v) === i)
        .sort();

    for (const asked of [path, parent]) {
      const response = await get(
        url('/v1/audit/who-could-see', { subject: SUBJECT_A, path: asked, at: now }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('x-beacon-subject-ids')).toBe(SUBJECT_A);
      const answer = (await response.json()) as {
        partners: {
          partnerId: string;
          path: string;
          transformation: string;
          received: string;
          firstDisclosedAt: string;
          lastDisclosedAt: string;
          disclosures: number;
          policyVersions: string[];
        }[];
        users: { partnerId: string; subject: string; accesses: number }[];
      };
      const want = receipts(asked);
      expect(want.length).toBeGreaterThan(0);
      expect(answer.partners.map((p) => `${p.partnerId} ${p.path} ${p.transformation}`).sort()).toEqual(want);
      for (const p of answer.partners) {
        expect(p.received).toBe(p.transformation === 'none' ? 'as-is' : 'transformed');
        expect(p.firstDisclosedAt <= p.lastDisclosedAt).toBe(true);
        expect(p.policyVersions.length).toBeGreaterThan(0);
      }
      // the officer at the police, which received the field, opened the subject's record afterwards
      const police = answer.partners.some((p) => p.partnerId === 'metro-police');
      expect(answer.users).toEqual(
        police
          ? [
              {
                partnerId: 'metro-police',
                subject: OFFICER,
                accesses: 1,
                firstAccessAt: expect.any(String),
                lastAccessAt: expect.any(String),
              },
            ]
          : [],
      );
    }

    // before the first delivery nobody could see it
    const before = new Date(
      Date.parse(ofA.map((r) => r.event.time as string).sort()[0]) - 60_000,
    ).toISOString();
    const early = await get(url('/v1/audit/who-could-see', { subject: SUBJECT_A, path, at: before }));
    expect(await early.json()).toMatchObject({ partners: [], users: [] });
    // another subject's field was never disclosed under this subject's id
    const other = await get(url('/v1/audit/who-could-see', { subject: SUBJECT_C, path, at: now }));
    expect(await other.json()).toMatchObject({ partners: [], users: [] });
  });

  it('given an event and a partner, then explain tells for every path what that partner received and what decided it; 404 for a partner that never received it', async () => {
    const record = disclosures().find((r) => data(r).recipient?.partnerId === 'safe-harbour') as Collected;
    const d = data(record);
    const response = await get(url('/v1/explain', { event: d.event?.id as string, partner: 'safe-harbour' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-beacon-subject-ids')).toBe(d.subjectId);
    const answer = (await response.json()) as {
      eventId: string;
      partnerId: string;
      deliveries: {
        recordId: string;
        policy: { id: string; version: string };
        consentIds: string[];
        breakGlass: { used: boolean };
        paths: {
          path: string;
          outcome: string;
          transformation: string;
          reason: string | null;
          decidedBy: { kind: string; rule: string | null };
        }[];
      }[];
    };
    expect(answer).toMatchObject({ eventId: d.event?.id, partnerId: 'safe-harbour' });
    expect(answer.deliveries).toHaveLength(1);
    const [delivery] = answer.deliveries;
    expect(delivery).toMatchObject({
      recordId: record.event.id,
      policy: d.policy,
      consentIds: d.consentIds,
      breakGlass: { used: false },
    });
    const want = [
      ...(d.disclosedPaths ?? []).map((path) => ({
        path,
        outcome: 'disclosed',
        transformation: 'none',
        reason: null,
      })),
      ...(d.withheld ?? []).map((w) => ({
        path: w.path,
        outcome: w.transformation === 'drop' || w.transformation === 'nullify' ? 'withheld' : 'transformed',
        transformation: w.transformation,
        reason: w.reason,
      })),
    ];
    expect(delivery.paths.map(({ decidedBy: _d, ...p }) => p)).toEqual(want);
    expect(delivery.paths.length).toBeGreaterThan(0);
    for (const p of delivery.paths) {
      if (p.reason === 'default-deny' || p.reason === 'uncategorised')
        expect(p.decidedBy.kind).toBe('default-deny');
      if (p.reason === 'sector-policy') expect(p.decidedBy.kind).toBe('sector-policy');
      if (p.outcome === 'disclosed') expect(p.decidedBy.kind).toMatch(/^(sector-policy|consent-permit)$/);
      // The record names, for every path, the rule or consent the policy engine applied.
      // (grouped: each rule once, with the paths it decided)
      expect({ path: p.path, rule: p.decidedBy.rule }).toEqual({
        path: p.path,
        rule: (d as { rules?: { by: string; paths: string[] }[] }).rules?.find((r) =>
          r.paths.includes(p.path),
        )?.by,
      });
      expect(p.decidedBy.rule).toEqual(expect.any(String));
    }

    // the school raised it and social services were never sent it
    for (const partner of ['county-social-services', 'northside-school']) {
      const none = await get(url('/v1/explain', { event: d.event?.id as string, partner }));
      expect({ partner, status: none.status }).toEqual({ partner, status: 404 });
    }
    expect((await get(url('/v1/explain', { event: randomUUID(), partner: 'safe-harbour' }))).status).toBe(
      404,
    );
  });

  it('given records appended while an auditor pages through, then the walk meets every earlier record exactly once, in order', async () => {
    const earlier = expected(() => true);
    const seen: AuditRecordView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(url('/v1/audit/records', { limit: '2', ...(cursor ? { cursor } : {}) }));
      expect(response.status).toBe(200);
      const page = (await response.json()) as Page;
      seen.push(...page.records);
      cursor = page.nextCursor;
      pages += 1;
      if (pages === 2) {
        // meanwhile, the gateway records four more reads
        await recorder?.send({
          topic: topics.audit,
          messages: Array.from({ length: 4 }, () =>
            encodeCloudEvent(accessRecord('walker', 'metro-police', SUBJECT_C, 'read', 'allowed')),
          ),
        });
        await eventually('the new rows stored', rowCount, (n) => n >= earlier.length + 4);
      }
    } while (cursor !== null);
    expect(pages).toBeGreaterThan(earlier.length / 2 - 1);
    // no record twice, none of the earlier ones missing
    expect(new Set(seen.map((r) => r.recordId)).size).toBe(seen.length);
    const seenIds = new Set(seen.map((r) => r.recordId));
    expect(earlier.filter((id) => !seenIds.has(id))).toEqual([]);
    // in listing order: time, then partition, then sequence
    const key = (v: AuditRecordView) => [v.time ?? '', v.chain.partition, v.chain.sequence] as const;
    for (let i = 1; i < seen.length; i += 1) {
      const [a, b] = [key(seen[i - 1]), key(seen[i])];
      const ordered = a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));
      expect({ at: i, ordered }).toEqual({ at: i, ordered: true });
    }
  });
});
