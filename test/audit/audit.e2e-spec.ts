/**
 * The audit trail end to end: gateway, intake, redaction and audit run as
 * real processes against the run's Kafka and Postgres. The school raises
 * urgent alerts; redaction writes one disclosure record per delivery to the
 * audit topic; the audit app chains each of them into Postgres once, signs
 * checkpoints, refuses changes, and lets an auditor prove (online, and
 * offline from an export) that nobody quietly changed a row.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { generateSigningKey, writeJwksFile } from '@beacon/auth';
import { encodeCloudEvent, topicsFor, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import { verifyExport, type VerificationReport } from '../../apps/audit/src/chain';
import type { RunningApp } from '../../scripts/lib/stack';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { schoolAlert } from '../support/alerts';
import { collect, type Collected } from '../support/collect';
import {
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  auditorHeaders,
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
const ALERTS = 6;
/** Each urgent labour alert goes to police, health care and the NGO: one disclosure record each. */
const RECIPIENTS_PER_ALERT = 3;

const alert = (seq: number): CloudEvent => schoolAlert(`audit-run-${seq}`);

interface DisclosureData {
  event: { id: string };
  recipient: { partnerId: string };
  disclosedPaths: string[];
}

interface StoredRow {
  partition: number;
  sequence: number;
  record_id: string;
  actor: string;
  action: string;
  resource_id: string;
  disclosed_paths: string[];
  withheld: Record<string, unknown>[];
}

/** Polls `probe` until `done` holds of its answer; fails with the last answer after `timeoutMs`. */
/** Runs `beacon audit verify` as a person would, and returns its exit status and output. */
function beaconAuditVerify(exportFile: string, keyFile: string) {
  const result = spawnSync(
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
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('audit: every disclosure is stored once, append-only, in signed hash chains an auditor can check offline', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let workDir: string;
  const apps: RunningApp[] = [];
  let audit: RunningApp | undefined;
  let school: Producer | undefined;
  let records: Collected[] = [];

  const schema = () => `"${ns.namespace}_audit"`;
  const keyFile = () => join(workDir, 'audit-keys', 'signing-key.pem');
  const auditEnv = (extra: Record<string, string> = {}) => ({
    AUDIT_SIGNING_KEY_FILE: keyFile(),
    // Small numbers so a handful of records makes both kinds of checkpoint.
    AUDIT_CHECKPOINT_EVERY: '4',
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: '1',
    ...extra,
  });
  // The trail's routes need the auditor role (the public key does not).
  const auditGet = (path: string) =>
    fetch(`http://127.0.0.1:${audit?.port}${path}`, { headers: auditorHeaders(stack) });
  const verifyOnline = async () => (await (await auditGet('/v1/audit/verify')).json()) as VerificationReport;
  const query = <T>(sql: string, params: unknown[] = []) =>
    withDatabase(stack, async (db) => (await db.query(sql, params)).rows as T[]);
  const rowCount = async () =>
    (await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema()}.audit_records`))[0].n;
  const heads = () =>
    query<{ partition: number; head: string; checkpoints: number }>(
      `SELECT r.partition, max(r.sequence)::text AS head,
              (SELECT count(*)::int FROM ${schema()}.audit_checkpoints c WHERE c.partition = r.partition) AS checkpoints
         FROM ${schema()}.audit_records r GROUP BY r.partition ORDER BY r.partition`,
    );

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, PARTNERS);
    topics = topicsFor(ns.namespace);
    workDir = mkdtempSync(join(tmpdir(), 'beacon-audit-e2e-'));
    const { publicJwk } = generateSigningKey('audit-test', 'ES256');
    writeJwksFile(join(workDir, 'jwks.json'), [publicJwk]);
    // The gateway owns the consent tables the redaction service reads.
    apps.push(
      await startApp(stack, 'gateway', ns.namespace, {
        AUTH_JWKS_FILE: join(workDir, 'jwks.json'),
        AUTH_ISSUER: 'urn:beacon:test',
        AUTH_AUDIENCE: 'beacon',
      }),
    );
    apps.push(await startApp(stack, 'intake', ns.namespace));
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    audit = await startApp(stack, 'audit', ns.namespace, auditEnv());

    school = kafkaAs(stack.kafka.partners['northside-school'], 'northside-mis').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await school.connect();
    await school.send({
      topic: topics.inbound('northside-school'),
      messages: Array.from({ length: ALERTS }, (_, i) => encodeCloudEvent(alert(i))),
    });
    records = await collect(kafkaAs(stack.kafka.admin, 'audit-e2e-reader'), topics.audit, {
      count: ALERTS * RECIPIENTS_PER_ALERT,
      timeoutMs: 120_000,
      settleMs: 3000,
    });
    await eventually(
      'the audit table holding every record of the audit topic',
      rowCount,
      (n) => n >= records.length,
    );
  }, 300_000);

  afterAll(async () => {
    await school?.disconnect();
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

  it('given the school’s alerts, then every disclosure record on the audit topic is stored exactly once, in gap-free chains per partition', async () => {
    // the topic holds what redaction wrote: one disclosure record per delivery
    expect(records).toHaveLength(ALERTS * RECIPIENTS_PER_ALERT);
    expect(records.every((r) => r.event.type === 'org.beacon.disclosure.recorded.v1')).toBe(true);

    const rows = await query<StoredRow>(
      // sequence as an int: ORDER BY names the output column, and a text one would sort 1, 10, 11, 2…
      `SELECT partition, sequence::int AS sequence, record_id, actor, action, resource_id, disclosed_paths, withheld
         FROM ${schema()}.audit_records ORDER BY partition, sequence`,
    );
    // exactly once
    expect(rows.map((r) => r.record_id).sort()).toEqual(records.map((r) => r.event.id).sort());
    expect(new Set(rows.map((r) => r.record_id)).size).toBe(rows.length);

    // one chain per audit-topic partition, numbered 1, 2, 3… in the order of the topic's offsets
    for (const partition of new Set(records.map((r) => r.partition))) {
      const inTopic = records
        .filter((r) => r.partition === partition)
        .sort((a, b) => Number(BigInt(a.message.offset) - BigInt(b.message.offset)))
        .map((r) => r.event.id);
      const inChain = rows.filter((r) => r.partition === partition);
      expect({ partition, ids: inChain.map((r) => r.record_id) }).toEqual({ partition, ids: inTopic });
      expect(inChain.map((r) => r.sequence)).toEqual(inTopic.map((_, i) => i + 1));
    }

    // the columns say who received what, naming paths and transformations, never values
    for (const record of records) {
      const data = record.event.data as DisclosureData;
      const row = rows.find((r) => r.record_id === record.event.id);
      expect(row).toMatchObject({
        actor: data.recipient.partnerId,
        action: 'deliver',
        resource_id: data.event.id,
        disclosed_paths: data.disclosedPaths,
      });
      for (const withheld of row?.withheld ?? [])
        expect(Object.keys(withheld).sort()).toEqual(['path', 'reason', 'transformation']);
    }

    // the key was generated where the setting says, readable by its owner only
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);

    // every chain verifies, and within a second or two every head is signed
    const report = await eventually(
      'a checkpoint over every chain head',
      verifyOnline,
      (r) =>
        r.partitions.length > 0 &&
        r.partitions.every((p) => p.head !== null && p.signedThrough === p.head.sequence),
      30_000,
    );
    expect(report).toMatchObject({ ok: true, problems: 0 });
    expect(report.partitions.reduce((sum, p) => sum + p.rows, 0)).toBe(records.length);
  });

  it('given the audit topic read again from the start by a new consumer group, then no row is added and no chain grows', async () => {
    // given: the trail as it stands
    const before = await heads();

    // when: the audit app restarts under a new group, which starts at the beginning of the topic
    await audit?.stop();
    audit = await startApp(stack, 'audit', ns.namespace, auditEnv({ AUDIT_CONSUMER_GROUP_SUFFIX: 'replay' }));
    const lastOffsets = new Map<number, bigint>();
    for (const r of records) {
      const offset = BigInt(r.message.offset);
      if (offset > (lastOffsets.get(r.partition) ?? -1n)) lastOffsets.set(r.partition, offset);
    }
    await eventually(
      'the replay group committing past every record',
      async () => {
        const [committed] = await ns.admin.fetchOffsets({
          groupId: `${topics.consumerGroup('audit')}.replay`,
          topics: [topics.audit],
        });
        return committed.partitions.map((p) => ({ partition: p.partition, offset: p.offset }));
      },
      (partitions) =>
        [...lastOffsets].every(([partition, last]) => {
          const committed = partitions.find((p) => p.partition === partition)?.offset ?? '-1';
          return BigInt(committed) > last;
        }),
    );

    // then
    expect(await rowCount()).toBe(records.length);
    expect(await heads()).toEqual(before);
    expect(await verifyOnline()).toMatchObject({ ok: true, problems: 0 });
  });

  it('given an export and the public key, then it verifies offline, and fails once one byte of it is changed', async () => {
    // given: the key, pinned to a file, and the export
    const key = (await (await auditGet('/v1/audit/public-key')).json()) as {
      keyId: string;
      publicKeyPem: string;
    };
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const keyPem = join(workDir, 'audit-public.pem');
    writeFileSync(keyPem, key.publicKeyPem);
    const response = await auditGet('/v1/audit/export?format=ndjson');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const text = await response.text();
    const exportFile = join(workDir, 'trail.ndjson');
    writeFileSync(exportFile, text);

    // when / then: intact, with the rows and checkpoints the database holds
    const intact = verifyExport(text, key.publicKeyPem);
    expect(intact).toMatchObject({ ok: true, problems: 0, exportProblems: [] });
    expect(intact.partitions.reduce((sum, p) => sum + p.rows, 0)).toBe(records.length);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string });
    expect(lines[0]).toMatchObject({ kind: 'header', keyId: key.keyId });
    expect(lines.filter((l) => l.kind === 'checkpoint').length).toBeGreaterThan(0);
    expect(beaconAuditVerify(exportFile, keyPem)).toMatchObject({
      status: 0,
      output: expect.stringMatching(/: intact/),
    });

    // when: one byte of one record's data is changed (the year of the second record line's recordedAt)
    const target = text.split('\n')[2];
    const row = JSON.parse(target) as { partition: number; sequence: number; recordId: string };
    const at = text.indexOf(target) + target.indexOf('"recordedAt":"') + '"recordedAt":"'.length;
    const changed = `${text.slice(0, at)}${text[at] === '3' ? '4' : '3'}${text.slice(at + 1)}`;
    expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(text));
    writeFileSync(exportFile, changed);

    // then: that row is named, and the export's own signature no longer holds
    const broken = verifyExport(changed, key.publicKeyPem);
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken).toMatchObject({
      partition: row.partition,
      sequence: row.sequence,
      recordId: row.recordId,
      code: 'hash-mismatch',
    });
    expect(broken.exportProblems.join('\n')).toMatch(/the export was changed/);
    const cli = beaconAuditVerify(exportFile, keyPem);
    expect(cli.status).toBe(1);
    expect(cli.output).toMatch(new RegExp(`first broken: partition ${row.partition}, row ${row.sequence} `));
  });

  it('given the trail, when anyone (the owner included) updates, deletes or truncates it, then the trigger refuses', async () => {
    await withDatabase(stack, async (db) => {
      const refused = /refused: the audit trail is append-only/;
      await expect(db.query(`UPDATE ${schema()}.audit_records SET actor = 'someone-else'`)).rejects.toThrow(
        refused,
      );
      await expect(db.query(`DELETE FROM ${schema()}.audit_records WHERE sequence = 1`)).rejects.toThrow(
        refused,
      );
      await expect(db.query(`TRUNCATE ${schema()}.audit_records CASCADE`)).rejects.toThrow(refused);
      // statement-level: even a change that matches no row is refused rather than quietly "done"
      await expect(db.query(`UPDATE ${schema()}.audit_records SET actor = 'x' WHERE false`)).rejects.toThrow(
        refused,
      );
      await expect(db.query(`UPDATE ${schema()}.audit_checkpoints SET key_id = 'forged'`)).rejects.toThrow(
        refused,
      );
      await expect(db.query(`DELETE FROM ${schema()}.audit_checkpoints`)).rejects.toThrow(refused);
    });
    expect(await rowCount()).toBe(records.length);
    expect(await verifyOnline()).toMatchObject({ ok: true });
  });

  it('given an attacker with the owner’s rights who drops the trigger, changes one row and restores it, then verification names exactly that row', async () => {
    // given: the second row of the longest chain
    const [target] = await query<{ partition: number; sequence: string; record_id: string }>(
      `SELECT partition, sequence::text, record_id FROM ${schema()}.audit_records
        WHERE sequence = 2
          AND partition = (SELECT partition FROM ${schema()}.audit_records GROUP BY partition ORDER BY count(*) DESC LIMIT 1)`,
    );
    expect(target).toBeDefined();

    // when: the recipient is rewritten in the column and in the stored record alike, then the trigger put back
    await withDatabase(stack, async (db) => {
      await db.query(`DROP TRIGGER audit_records_append_only ON ${schema()}.audit_records`);
      await db.query(
        `UPDATE ${schema()}.audit_records
            SET actor = 'county-social-services',
                record = jsonb_set(record, '{data,recipient,partnerId}', '"county-social-services"')
          WHERE partition = $1 AND sequence = $2`,
        [target.partition, target.sequence],
      );
      await db.query(
        `CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${schema()}.audit_records
           FOR EACH STATEMENT EXECUTE FUNCTION ${schema()}.refuse_audit_change()`,
      );
    });

    // then
    const report = await verifyOnline();
    expect(report.ok).toBe(false);
    expect(report.problems).toBe(1);
    expect(report.firstBroken).toMatchObject({
      partition: target.partition,
      sequence: Number(target.sequence),
      recordId: target.record_id,
      code: 'hash-mismatch',
    });
    await withDatabase(stack, async (db) => {
      await expect(db.query(`DELETE FROM ${schema()}.audit_records`)).rejects.toThrow(/append-only/);
    });
  });
});
