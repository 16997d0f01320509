/**
 * The apps an alert and a consent pass through, started for one suite in its
 * own namespace: the gateway (which owns the consent tables, so it starts
 * first), intake and redaction, with the school's partner system as a
 * connected producer on its inbound topic.
 */
import type { Producer } from 'kafkajs';
import { topicsFor, type TopicRegistry } from '@beacon/messaging';
import type { RunningApp } from '../../scripts/lib/stack';
import { kafkaAs, startApp, SuiteNamespace, withDatabase, type TestStack } from './test-stack';

export interface AlertFlow {
  ns: SuiteNamespace;
  topics: TopicRegistry;
  gateway: RunningApp;
  /** The school's partner system, producing to its own inbound topic. */
  school: Producer;
  /** Stops what `startAlertFlow` started and drops the suite's schemas and topics. */
  stop(): Promise<void>;
}

export async function startAlertFlow(
  stack: TestStack,
  options: { partnerIds: string[]; gatewayEnv?: Record<string, string> },
): Promise<AlertFlow> {
  const ns = await SuiteNamespace.create(stack, options.partnerIds);
  const apps: RunningApp[] = [];
  let school: Producer | undefined;
  const stop = async () => {
    await school?.disconnect();
    await Promise.all(apps.map((app) => app.stop()));
    await withDatabase(stack, async (db) => {
      for (const app of ['gateway', 'redaction'])
        await db.query(`DROP SCHEMA IF EXISTS "${ns.namespace}_${app}" CASCADE`);
    });
    await ns.dispose();
  };
  try {
    const gateway = await startApp(stack, 'gateway', ns.namespace, options.gatewayEnv);
    apps.push(gateway);
    apps.push(await startApp(stack, 'intake', ns.namespace));
    apps.push(await startApp(stack, 'redaction', ns.namespace));
    school = kafkaAs(stack.kafka.partners['northside-school'], 'northside-mis').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await school.connect();
    return { ns, topics: topicsFor(ns.namespace), gateway, school, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
