/**
 * The auditor API as a partner's auditor meets it: through the gateway,
 * which forwards `/v1/audit/*` and `/v1/explain` to the audit service.
 * Anyone without the auditor role is refused on every route, each refusal
 * is itself an access record on the audit topic, and an auditor then finds
 * those refusals with the same API.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { topicsFor } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { collect, type Collected } from '../support/collect';
import {
  auditorHeaders,
  kafkaAs,
  loadTestStack,
  startApp,
  SuiteNamespace,
  testIssuer,
  withDatabase,
} from '../support/test-stack';

const ACCESS_RECORDED = 'org.beacon.access.recorded.v1';

/** Every route of the auditor API, with the query it needs to be well formed. */
const AUDITOR_ROUTES = [
  '/v1/audit/records?limit=5',
  '/v1/audit/records/export?format=ndjson',
  '/v1/audit/records/export?format=csv',
  `/v1/audit/who-could-see?subject=${randomUUID()}&path=/subject/name`,
  '/v1/audit/verify',
  '/v1/audit/export?format=ndjson',
  `/v1/explain?event=${randomUUID()}&partner=safe-harbour`,
];

describe('the auditor API through the gateway: only auditors, and every refusal on the record', () => {
  const stack = loadTestStack();
  const issuer = testIssuer(stack);
  let ns: SuiteNamespace;
  let reader: Kafka;
  let keyDir: string;
  const apps: RunningApp[] = [];
  let gatewayUrl = '';

  const caseWorker = () =>
    issuer.mint(
      { subject: 'worker:safe-harbour:3', partnerId: 'safe-harbour', sector: 'ngo', roles: ['case-worker'] },
      600,
    );

  beforeAll(async () => {
    ns = await SuiteNamespace.create(stack, ['safe-harbour']);
    reader = kafkaAs(stack.kafka.admin, `${ns.namespace}-reader`);
    keyDir = mkdtempSync(join(tmpdir(), 'beacon-audit-gateway-'));
    const audit = await startApp(stack, 'audit', ns.namespace, {
      AUDIT_SIGNING_KEY_FILE: join(keyDir, 'signing-key.pem'),
    });
    apps.push(audit);
    const gateway = await startApp(stack, 'gateway', ns.namespace, {
      AUDIT_URL: `http://127.0.0.1:${audit.port}`,
    });
    apps.push(gateway);
    gatewayUrl = `http://127.0.0.1:${gateway.port}`;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    if (ns) {
      await withDatabase(stack, (db) =>
        db.query(
          `DROP SCHEMA IF EXISTS "${ns.namespace}_audit" CASCADE; DROP SCHEMA IF EXISTS "${ns.namespace}_gateway" CASCADE`,
        ),
      );
    }
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
    await ns?.dispose();
  });

  it('given a case worker and a caller without a token, when they call each auditor route, then each is refused and each refusal is an access record', async () => {
    const refusals = new Map<string, { route: string; status: number }>();
    for (const route of AUDITOR_ROUTES) {
      for (const [who, headers] of [
        ['case worker', { authorization: `Bearer ${caseWorker()}` }],
        ['no token', {}],
      ] as const) {
        const correlationId = randomUUID();
        const response = await fetch(`${gatewayUrl}${route}`, {
          headers: { ...headers, 'x-request-id': correlationId },
        });
        const expected = who === 'no token' ? 401 : 403;
        expect({ route, who, status: response.status }).toEqual({ route, who, status: expected });
        const body = (await response.json()) as { message?: string };
        expect(JSON.stringify(body)).not.toContain('"records"');
        refusals.set(correlationId, { route, status: expected });
      }
    }

    const mine = (seen: readonly Collected[]) =>
      seen.filter((c) => c.event.type === ACCESS_RECORDED && refusals.has(c.event.correlationid ?? ''));
    const records = mine(
      await collect(reader, topicsFor(ns.namespace).audit, {
        until: (seen) => mine(seen).length >= refusals.size,
        settleMs: 1_000,
        timeoutMs: 60_000,
      }),
    );
    // One record per refusal: none lost, none doubled.
    expect(records.map((r) => r.event.correlationid).sort()).toEqual([...refusals.keys()].sort());
    for (const record of records) {
      const data = record.event.data as { outcome: string; status: number };
      const refusal = refusals.get(record.event.correlationid as string);
      expect({ outcome: data.outcome, status: data.status }).toEqual({
        outcome: 'denied',
        status: refusal?.status,
      });
    }
  }, 120_000);

  it('given those refusals on the trail, when an auditor searches for denied reads through the gateway, then they are found', async () => {
    const deniedByWorker = async () => {
      const response = await fetch(`${gatewayUrl}/v1/audit/records?outcome=denied&limit=500`, {
        headers: auditorHeaders(stack),
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { records: { actor?: { subject?: string | null } }[] };
      return page.records.filter((r) => r.actor?.subject === 'worker:safe-harbour:3');
    };
    const deadline = Date.now() + 60_000;
    let found = await deniedByWorker();
    while (found.length < AUDITOR_ROUTES.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      found = await deniedByWorker();
    }
    expect(found).toHaveLength(AUDITOR_ROUTES.length);
  }, 90_000);

  it('given an auditor, when the export is fetched through the gateway, then it streams NDJSON with its signed trailer', async () => {
    const response = await fetch(`${gatewayUrl}/v1/audit/export?format=ndjson`, {
      headers: auditorHeaders(stack),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text()).trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
    expect(last).toMatchObject({ kind: 'trailer', signature: expect.any(String) });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ kind: 'header' });
  }, 60_000);
});
