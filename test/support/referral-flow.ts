/**
 * The apps a referral passes through, started for one suite in its own
 * namespace: intake and redaction (partner → canonical log → deliveries),
 * the referrals service, and the gateway in front of it. The originator's
 * partner system is a connected producer on its inbound topic.
 */
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { loadExamples, SchemaRegistry, type ReferralCreatedV1Data } from '@beacon/contracts';
import { partnerSource, topicsFor, type CloudEvent, type TopicRegistry } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { kafkaAs, startApp, SuiteNamespace, withDatabase, type TestStack } from './test-stack';
import { assertNoWithheldValues, callerOfToken, isCheckedRoute, rememberSubject } from './withheld-values';

export interface ReferralFlow {
  ns: SuiteNamespace;
  topics: TopicRegistry;
  gatewayUrl: string;
  /** The originator's partner system, producing to its own inbound topic. */
  originator: Producer;
  stop(): Promise<void>;
}

export async function startReferralFlow(
  stack: TestStack,
  options: {
    originator: string;
    partnerIds: string[];
    referralsEnv?: Record<string, string>;
    gatewayEnv?: Record<string, string>;
  },
): Promise<ReferralFlow> {
  const ns = await SuiteNamespace.create(stack, options.partnerIds);
  const apps: RunningApp[] = [];
  let originator: Producer | undefined;
  const stop = async () => {
    await originator?.disconnect();
    await Promise.all(apps.map((app) => app.stop()));
    await withDatabase(stack, async (db) => {
      for (const app of ['gateway', 'redaction', 'referrals'])
        await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
    });
    await ns.dispose();
  };
  try {
    const referrals = await startApp(stack, 'referrals', ns.namespace, options.referralsEnv);
    apps.push(referrals);
    const gateway = await startApp(stack, 'gateway', ns.namespace, {
      REFERRALS_URL: `http://127.0.0.1:${referrals.port}`,
      ...options.gatewayEnv,
    });
    apps.push(gateway);
    apps.push(await startApp(stack, 'intake', ns.namespace));
    // After the gateway, which owns the consent tables redaction reads.
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    originator = kafkaAs(stack.kafka.partners[options.originator], `${options.originator}-system`).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await originator.connect();
    return {
      ns,
      topics: topicsFor(ns.namespace),
      gatewayUrl: `http://127.0.0.1:${gateway.port}`,
      originator,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

export const REFERRAL_CREATED_TYPE = 'org.beacon.referral.created.v1';

/** The shipped example of a referral to a shelter, which the referral suites send in turn. */
export const REFERRAL_EXAMPLE = loadExamples().find(
  (e) => e.type === REFERRAL_CREATED_TYPE && e.name === 'shelter-and-legal-advice-for-car-wash-worker',
)?.payload as ReferralCreatedV1Data;

/**
 * The example with fresh ids, as `originator`'s records system sends it to
 * its inbound topic. Its subject is remembered, so every later gateway
 * answer is checked for values the policy withholds about them.
 */
export function referralCreated(
  originator: string,
  subjectId: string = randomUUID(),
  overrides: Partial<ReferralCreatedV1Data> = {},
): CloudEvent<ReferralCreatedV1Data> {
  const event: CloudEvent<ReferralCreatedV1Data> = {
    id: randomUUID(),
    source: partnerSource(originator),
    type: REFERRAL_CREATED_TYPE,
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: subjectId,
    dataschema: SchemaRegistry.load().dataschemaFor(REFERRAL_CREATED_TYPE),
    datacontenttype: 'application/json',
    data: {
      ...REFERRAL_EXAMPLE,
      referralId: randomUUID(),
      createdAt: new Date().toISOString(),
      subject: { ...REFERRAL_EXAMPLE.subject, subjectId },
      ...overrides,
    },
  };
  rememberSubject(event.data);
  return event;
}

/** A gateway answer: status, parsed JSON body and headers. */
export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * Calls the gateway at `baseUrl` with a bearer token, sending `body` as JSON
 * when there is one. Every answer is checked (but the caller's own records
 * the policy lists as operational): it must hold no value the policy
 * withholds from the token's partner about any subject the suite made up
 * (test/support/withheld-values.ts).
 */
export async function callGateway<T>(
  baseUrl: string,
  bearer: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = { status: response.status, body: (await response.json()) as T, headers: response.headers };
  const caller = callerOfToken(bearer);
  if (caller !== undefined && isCheckedRoute(method, path)) assertNoWithheldValues(caller, answer.body);
  return answer;
}
