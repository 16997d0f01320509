/**
 * Reads are audited: the gateway and the audit app run as real processes
 * against the run's Kafka and Postgres. Every request to a protected route
 * leaves one `org.beacon.access.recorded.v1` record on the audit topic —
 * allowed or refused — before its answer leaves, the audit app chains it,
 * and when the record cannot be written the protected data stays in.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AclOperationTypes, AclResourceTypes, type Kafka } from 'kafkajs';
import type { AccessRecordedV1Data } from '@beacon/contracts';
import { aclEntriesFor, topicsFor, type TopicRegistry } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
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

const PARTNERS = ['safe-harbour', 'metro-police'];
const ACCESS_RECORDED = 'org.beacon.access.recorded.v1';

interface AuditRow {
  record_type: string;
  actor: string | null;
  actor_sub: string | null;
  action: string;
  resource_type: string;
  subject_id: string | null;
  outcome: string;
  correlation_id: string;
}

describe('access records: every protected request is on the audit log before its answer leaves', () => {
  const stack = loadTestStack();
  const issuer = testIssuer(stack);
  let ns: SuiteNamespace;
  let topics: TopicRegistry;
  let reader: Kafka;
  let workDir: string;
  const apps: RunningApp[] = [];
  let gatewayUrl = '';

  const caseWorker = () =>
    issuer.mint(
      { subject: 'worker:safe-harbour:7', partnerId: 'safe-harbour', sector: 'ngo', roles: ['case-worker'] },
      600,
    );
  const partnerSystem = () =>
    issuer.mint(
      {
        subject: 'system:metro-police',
        partnerId: 'metro-police',
        sector: 'law-enforcement',
        roles: ['partner-system'],
      },
      600,
    );
  const readConsents = (subjectId: string, headers: Record<string, string>) =>
    fetch(`${gatewayUrl}/v1/subjects/${subjectId}/consents`, {
      headers: { 'user-agent': 'beacon-e2e', ...headers },
    });
  /** The access records of the audit topic that carry one of `correlationIds`. */
  const accessRecords = async (correlationIds: string[], count: number): Promise<Collected[]> => {
    const wanted = new Set(correlationIds);
    const mine = (seen: readonly Collected[]) =>
      seen.filter((c) => c.event.type === ACCESS_RECORDED && wanted.has(c.event.correlationid ?? ''));
    return mine(
      await collect(reader, topics.audit, { until: (seen) => mine(seen).length >= count, settleMs: 2_000 }),
    );
  };
  const auditRows = (correlationId: string) =>
    withDatabase(
      stack,
      async (db) =>
        (
          await db.query(
            `SELECT record_type, actor, actor_sub, action, resource_type, subject_id, outcome, correlation_id
             FROM "${ns.namespace}_audit".audit_records WHERE correlation_id = $1`,
            [correlationId],
          )
        ).rows as AuditRow[],
    );

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, PARTNERS);
    topics = topicsFor(ns.namespace);
    reader = kafkaAs(stack.kafka.admin, `${ns.namespace}-reader`);
    workDir = mkdtempSync(join(tmpdir(), 'beacon-access-e2e-'));
    const gateway = await startApp(stack, 'gateway', ns.namespace, { ACCESS_LOG_WRITE_TIMEOUT_MS: '5000' });
    apps.push(gateway);
    gatewayUrl = `http://127.0.0.1:${gateway.port}`;
    apps.push(
      await startApp(stack, 'audit', ns.namespace, {
        AUDIT_SIGNING_KEY_FILE: join(workDir, 'signing-key.pem'),
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await withDatabase(stack, async (db) => {
      for (const app of ['gateway', 'audit'])
        await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
    });
    await ns?.dispose();
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('given a case worker reading a subject’s consents, then exactly one allowed record names actor, subject, route and correlation id, and the audit app stores it', async () => {
    const subjectId = randomUUID();
    const requestId = `req-${randomUUID()}`;

    const response = await readConsents(subjectId, {
      authorization: `Bearer ${caseWorker()}`,
      'x-request-id': requestId,
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subjectId, consents: [] });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(response.headers.get('x-beacon-subject-ids')).toBeNull();
    const records = await accessRecords([requestId], 1);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record.message.key?.toString()).toBe(subjectId);
    expect(record.event).toMatchObject({
      source: 'urn:beacon:service:gateway',
      subject: subjectId,
      correlationid: requestId,
    });
    const data = record.event.data as AccessRecordedV1Data;
    expect(data).toMatchObject({
      principal: {
        sub: 'worker:safe-harbour:7',
        partnerId: 'safe-harbour',
        roles: ['case-worker'],
        sector: 'ngo',
      },
      action: 'list',
      resource: {
        type: 'consent',
        method: 'GET',
        route: '/v1/subjects/:id/consents',
        path: `/v1/subjects/${subjectId}/consents`,
        subjectId,
        subjectIds: [subjectId],
      },
      outcome: 'allowed',
      status: 200,
      client: { userAgent: 'beacon-e2e' },
      correlationId: requestId,
    });
    expect(data.client?.address).toMatch(/127\.0\.0\.1$/);

    const rows = await eventually(
      'the audit app storing the record',
      () => auditRows(requestId),
      (r) => r.length > 0,
    );
    expect(rows).toEqual([
      {
        record_type: ACCESS_RECORDED,
        actor: 'safe-harbour',
        actor_sub: 'worker:safe-harbour:7',
        action: 'list',
        resource_type: 'consent',
        subject_id: subjectId,
        outcome: 'allowed',
        correlation_id: requestId,
      },
    ]);
  });

  it('given a token without the case-worker or supervisor role (403) and no token at all (401), then each leaves a denied record with its reason', async () => {
    const subjectId = randomUUID();

    const wrongRole = await readConsents(subjectId, { authorization: `Bearer ${partnerSystem()}` });
    const noToken = await readConsents(subjectId, {});

    expect(wrongRole.status).toBe(403);
    expect(noToken.status).toBe(401);
    // No x-request-id was sent: the gateway made one, and it is the record's correlation id.
    const wrongRoleId = wrongRole.headers.get('x-request-id') ?? '';
    const noTokenId = noToken.headers.get('x-request-id') ?? '';
    expect(wrongRoleId).toMatch(/^[0-9a-f-]{36}$/);
    expect(noTokenId).toMatch(/^[0-9a-f-]{36}$/);
    const records = await accessRecords([wrongRoleId, noTokenId], 2);
    expect(records).toHaveLength(2);
    const byId = new Map(records.map((r) => [r.event.correlationid, r.event.data as AccessRecordedV1Data]));
    expect(byId.get(wrongRoleId)).toMatchObject({
      principal: { sub: 'system:metro-police', partnerId: 'metro-police', roles: ['partner-system'] },
      action: 'list',
      resource: { type: 'consent', subjectIds: [subjectId] },
      outcome: 'denied',
      status: 403,
      // Supervisors read a subject's consents too: they confirm the pending ones.
      reason: 'insufficient_role: this route needs one of case-worker, supervisor',
      correlationId: wrongRoleId,
    });
    const anonymous = byId.get(noTokenId);
    expect(anonymous).toMatchObject({
      action: 'list',
      resource: { type: 'consent', subjectIds: [subjectId] },
      outcome: 'denied',
      status: 401,
      correlationId: noTokenId,
    });
    expect(anonymous?.principal).toBeUndefined();
    expect(anonymous?.reason).toMatch(/^missing_token: /);
  });

  it('given a protected route that does not exist (404), then the refusal is recorded too', async () => {
    const requestId = `req-${randomUUID()}`;
    const response = await fetch(`${gatewayUrl}/v1/consents/${randomUUID()}/no-such-action`, {
      method: 'POST',
      headers: { authorization: `Bearer ${caseWorker()}`, 'x-request-id': requestId },
    });
    expect(response.status).toBe(404);
    const [record] = await accessRecords([requestId], 1);
    expect(record.event.data).toMatchObject({
      principal: { partnerId: 'safe-harbour' },
      action: 'create',
      resource: { type: 'consent', route: '/v1/consents/*' },
      outcome: 'denied',
      status: 404,
    });
  });

  it('given the audit topic unwritable for the gateway, then the protected data is withheld (503), and the first request after recovery flows', async () => {
    const auditWrite = aclEntriesFor('gateway', topics).filter(
      (entry) =>
        entry.resourceType === AclResourceTypes.TOPIC &&
        entry.resourceName === topics.audit &&
        entry.operation === AclOperationTypes.WRITE,
    );
    expect(auditWrite).toHaveLength(1);
    const subjectId = randomUUID();
    const blockedId = `req-${randomUUID()}`;
    const recoveredId = `req-${randomUUID()}`;

    await ns.admin.deleteAcls({ filters: auditWrite });
    let blocked: Response;
    try {
      await eventually(
        'the ACL removal to be visible',
        async () =>
          (
            await ns.admin.describeAcls({
              ...auditWrite[0],
              resourcePatternType: auditWrite[0].resourcePatternType,
            })
          ).resources.length,
        (n) => n === 0,
      );
      blocked = await readConsents(subjectId, {
        authorization: `Bearer ${caseWorker()}`,
        'x-request-id': blockedId,
      });
    } finally {
      await ns.admin.createAcls({ acl: auditWrite });
    }

    expect(blocked.status).toBe(503);
    expect(blocked.headers.get('x-request-id')).toBe(blockedId);
    const body = (await blocked.json()) as Record<string, unknown>;
    expect(body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/^access_record_unwritable: /),
      code: 'access_record_unwritable',
    });
    expect(JSON.stringify(body)).not.toContain(subjectId);

    await eventually(
      'the ACL to be back',
      async () => (await ns.admin.describeAcls({ ...auditWrite[0] })).resources.length,
      (n) => n === 1,
    );
    const recovered = await readConsents(subjectId, {
      authorization: `Bearer ${caseWorker()}`,
      'x-request-id': recoveredId,
    });
    expect(recovered.status).toBe(200);
    expect(await recovered.json()).toEqual({ subjectId, consents: [] });
    const records = await accessRecords([recoveredId], 1);
    expect(records).toHaveLength(1);
    expect(records[0].event.data).toMatchObject({
      outcome: 'allowed',
      status: 200,
      correlationId: recoveredId,
    });
  });
});
