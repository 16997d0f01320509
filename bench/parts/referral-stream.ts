/**
 * Publish-to-stream latency of referrals: a police unit publishes
 * `org.beacon.referral.created.v1` to its inbound topic at a steady 100 per
 * second; intake, redaction and the gateway run as real processes against
 * a real broker and Postgres; a case worker of the receiving shelter holds
 * the gateway's inbox stream (Server-Sent Events) open. Each referral
 * carries the time it was sent (`createdAt`, an operational field the
 * shelter may see); its latency is the time its redacted copy arrived on
 * the stream minus that. Sender and stream run in this process, so one
 * clock measures both ends.
 *
 * Alone: `npm run bench -- --only referral-stream`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Producer } from 'kafkajs';
import { loadExamples, withOriginator } from '@beacon/contracts';
import {
  createKafka,
  deleteNamespaceTopics,
  encodeCloudEvent,
  partnerSource,
  topicsFor,
  type BeaconApp,
  type CloudEvent,
} from '@beacon/messaging';
import { freePort } from '../../scripts/lib/free-port';
import { APPS_WITH_HTTP_AUTH, localIssuer } from '../../scripts/lib/issuer';
import { openSse, type SseStream } from '../../scripts/lib/sse-client';
import {
  appEnvironment,
  spawnApp,
  waitHealthy,
  type Infrastructure,
  type KafkaAccess,
  type RunningApp,
} from '../../scripts/lib/stack';
import { loadPartners, provision } from '../../scripts/provision';
import { summarise, type Measurement } from '../harness';

const TYPE = 'org.beacon.referral.created.v1';
const FROM = 'metro-police';
const TO = 'safe-harbour';
const RATE_PER_SECOND = 100;
const TICK_MS = 20;

export interface ReferralStreamOptions {
  seconds: number;
  runs: number;
  infra: Pick<Infrastructure, 'kafka' | 'databaseUrl' | 'database'>;
  runDir: string;
}

interface ReferralData {
  referralId: string;
  createdAt: string;
  subject: { subjectId: string };
  to: { organisation: { partnerId: string; name: string; sector: string } };
}

function referralTemplate(): ReferralData {
  const example = loadExamples().find(
    (e) => e.type === TYPE && e.name === 'shelter-and-legal-advice-for-car-wash-worker',
  );
  if (example === undefined) throw new Error(`the ${TYPE} car-wash example is missing from schemas/examples`);
  return withOriginator(TYPE, example.payload as ReferralData, FROM);
}

function referral(template: ReferralData, sentAt: number): CloudEvent<ReferralData> {
  const subjectId = randomUUID();
  const data = structuredClone(template);
  data.referralId = randomUUID();
  data.createdAt = new Date(sentAt).toISOString();
  data.subject.subjectId = subjectId;
  data.to.organisation = { partnerId: TO, name: 'Safe Harbour Shelter', sector: 'ngo' };
  return {
    id: randomUUID(),
    source: partnerSource(FROM),
    type: TYPE,
    specversion: '1.0',
    time: data.createdAt,
    subject: subjectId,
    datacontenttype: 'application/json',
    data,
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sends `count` referrals at RATE_PER_SECOND, each stamped with its send time. */
async function sendAtRate(producer: Producer, topic: string, count: number, template: ReferralData) {
  const began = Date.now();
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, Math.floor(((Date.now() - began) / 1000) * RATE_PER_SECOND) + 1);
    if (due > sent) {
      const now = Date.now();
      const events = Array.from({ length: due - sent }, () => referral(template, now));
      await producer.send({ topic, acks: -1, messages: events.map((e) => encodeCloudEvent(e)) });
      sent = due;
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  return { sent, seconds: (Date.now() - began) / 1000 };
}

/**
 * Runs the measurement in a namespace of its own (topics, ACLs, database
 * schemas), starting and stopping intake, redaction and the gateway.
 */
export async function benchReferralStream(options: ReferralStreamOptions): Promise<Measurement[]> {
  const { infra, runDir } = options;
  const namespace = `bench${randomBytes(4).toString('hex')}`;
  const topics = topicsFor(namespace);
  const kafka = (access: KafkaAccess, clientId: string) => createKafka({ clientId, ...access });
  const admin = kafka(infra.kafka.admin, `${namespace}-admin`).admin();
  await admin.connect();
  const apps: RunningApp[] = [];
  let producer: Producer | undefined;
  let stream: SseStream | undefined;
  const logDir = join(runDir, 'logs', namespace);
  try {
    const partners = loadPartners().filter((p) => p.id === FROM || p.id === TO);
    await provision(kafka(infra.kafka.admin, `${namespace}-provision`), admin, {
      namespace,
      partners,
      partitions: 3,
      replicationFactor: 1,
      acls: !infra.kafka.external,
    });
    const issuer = localIssuer(join(runDir, 'keys'));
    const start = async (app: BeaconApp, extra: Record<string, string> = {}) => {
      const env = appEnvironment(app, infra, {
        ...(APPS_WITH_HTTP_AUTH.has(app)
          ? { AUTH_JWKS_FILE: issuer.jwksFile, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience }
          : {}),
        PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        BEACON_TOPIC_NAMESPACE: namespace,
        DATABASE_SCHEMA: `${namespace}_${app}`,
        ...extra,
      });
      const running = spawnApp(app, env, logDir);
      apps.push(running);
      await waitHealthy(running, 120_000);
      return running;
    };
    const gateway = await start('gateway', { RELATIONSHIP_SCHEMA: `${namespace}_redaction` });
    await start('intake');
    await start('redaction', {
      REDACTION_HASH_SECRET: randomBytes(32).toString('hex'),
      CONSENT_SCHEMA: `${namespace}_gateway`,
    });

    const partnerAccess = infra.kafka.partners[FROM] ?? infra.kafka.admin;
    producer = kafka(partnerAccess, 'bench-police-rms').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const token = issuer.mint(
      { subject: 'bench-worker', partnerId: TO, sector: 'ngo', roles: ['case-worker'] },
      3600,
    );
    stream = await openSse(`http://127.0.0.1:${gateway.port}/v1/inbox/stream`, {
      authorization: `Bearer ${token}`,
    });
    if (stream.status !== 200)
      throw new Error(`the stream answered ${stream.status}: ${JSON.stringify(stream.body)}`);
    const template = referralTemplate();

    // Warm-up: one referral through the whole path (consumer groups joined, connections open).
    await sendAtRate(producer, topics.inbound(FROM), 1, template);
    await stream.waitFor((s) => s.messages.length >= 1, 120_000, 'the warm-up referral');

    const p50: number[] = [];
    const p95: number[] = [];
    const p99: number[] = [];
    const notes: string[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const before = stream.messages.length;
      const count = Math.max(1, Math.round(options.seconds * RATE_PER_SECOND));
      const sent = await sendAtRate(producer, topics.inbound(FROM), count, template);
      await stream.waitFor(
        (s) => s.messages.length >= before + count,
        60_000 + options.seconds * 10_000,
        `${count} referrals on the stream`,
      );
      const latencies = stream.messages
        .slice(before, before + count)
        .map((m) => m.receivedAt - Date.parse((JSON.parse(m.data) as { data: ReferralData }).data.createdAt))
        .sort((a, b) => a - b);
      p50.push(percentile(latencies, 50));
      p95.push(percentile(latencies, 95));
      p99.push(percentile(latencies, 99));
      notes.push(`${sent.sent} in ${sent.seconds.toFixed(1)} s`);
    }
    const row = (metric: string, values: number[]): Measurement => ({
      part: 'referral-stream',
      metric,
      unit: 'ms',
      ...summarise(values),
      note: `${RATE_PER_SECOND} referrals/s; sent per run: ${notes.join(', ')}`,
    });
    return [
      row(`publish-to-stream latency p50, ${RATE_PER_SECOND} referrals/s`, p50),
      row(`publish-to-stream latency p95, ${RATE_PER_SECOND} referrals/s`, p95),
      row(`publish-to-stream latency p99, ${RATE_PER_SECOND} referrals/s`, p99),
    ];
  } finally {
    stream?.close();
    await producer?.disconnect();
    await Promise.all(apps.map((a) => a.stop()));
    await deleteNamespaceTopics(admin, namespace).catch(() => undefined);
    await admin.disconnect();
    const db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
    try {
      for (const app of ['gateway', 'redaction'])
        await db.query(`DROP SCHEMA IF EXISTS "${namespace}_${app}" CASCADE`);
    } finally {
      await db.end();
    }
  }
}
