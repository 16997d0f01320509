/**
 * The fault run that `npm run chaos` and the chaos end-to-end suite share:
 * while partners publish, kill apps with SIGKILL one at a time and start
 * them again (and, when the caller can, restart the broker), then count
 * per event what was published, accepted, delivered and audited.
 */
import type { Kafka } from 'kafkajs';
import type { BeaconFlow, FlowApp } from '../load/beacon-apps';
import { kafkaFor } from '../load/beacon-apps';
import { EventFactory } from '../load/events';
import { AuditTable, FlowObserver } from '../load/observe';
import { PartnerPublishers } from '../load/publisher';
import { ExpectedRouting } from '../load/routing';
import { countChaos, type ChaosCounts, type PublishedEvent } from './ledger';

/** One fault, done once the published count passes its share of the load. */
export type Fault = { kind: 'kill'; app: FlowApp } | { kind: 'restart-broker' };

export interface ChaosPlan {
  events: number;
  /** Offered events per second while the faults happen. */
  rate: number;
  /** Spread evenly over the run: fault i comes after (i + 1) / (faults + 1) of the events. */
  faults: readonly Fault[];
  /** Stops and starts the broker on the same data; needed when a fault restarts it. */
  restartBroker?: () => Promise<void>;
  /** How long to wait for the last deliveries and audit rows after publishing ends. */
  drainTimeoutMs: number;
  /** Listen this long after everything arrived, so that a late duplicate is seen too. */
  settleMs?: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  counts: ChaosCounts;
  /** What happened when, in seconds from the start. */
  timeline: string[];
  /** Apps that exited on their own (e.g. through a broker restart) and were started again. */
  supervisorRestarts: number;
  publishRetries: number;
  seconds: number;
}

/**
 * Runs the plan against `flow` (its apps already running) and returns the
 * count. Apps that exit on their own are started again, as a supervisor
 * would; apps this run kills are started again by the run.
 */
export async function runChaos(flow: BeaconFlow, plan: ChaosPlan): Promise<ChaosResult> {
  const began = Date.now();
  const timeline: string[] = [];
  const mark = (what: string) => {
    const line = `${((Date.now() - began) / 1000).toFixed(1)} s: ${what}`;
    timeline.push(line);
    plan.log?.(line);
  };
  const partnerIds = flow.partners.map((p) => p.id);
  const factory = new EventFactory(flow.partners);
  const routing = new ExpectedRouting(flow.partners);
  const published: PublishedEvent[] = [];
  const kafka: Kafka = kafkaFor(flow.infra.kafka.admin, `${flow.namespace}-chaos-observer`);
  const observer = new FlowObserver(kafka, flow.topics, partnerIds);
  const audit = new AuditTable(flow.infra.databaseUrl, `${flow.namespace}_audit`);
  const publishers = new PartnerPublishers(flow.infra, flow.topics, partnerIds, {
    persistent: true,
    onPublished: ({ event }) => published.push({ id: event.id, expected: routing.recipients(event) }),
  });

  // The supervisor: an app that exits without being told to is started again.
  const intended = new Set<FlowApp>();
  let supervising = true;
  let supervisorRestarts = 0;
  const supervisor = (async () => {
    while (supervising) {
      for (const [app, running] of flow.running) {
        const exited = running.child.exitCode !== null || running.child.signalCode !== null;
        if (!exited || intended.has(app) || !supervising) continue;
        mark(
          `beacon-${app} exited by itself (status ${running.child.exitCode ?? running.child.signalCode}); starting it again`,
        );
        intended.add(app);
        try {
          await flow.start(app);
          supervisorRestarts += 1;
          mark(`beacon-${app} healthy again`);
        } catch (error) {
          mark(
            `beacon-${app} did not come back yet (${(error as Error).message.split('\n')[0]}); trying again`,
          );
        } finally {
          intended.delete(app);
        }
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  await Promise.all([observer.start(), publishers.connect()]);
  mark(`publishing ${plan.events} events at ${plan.rate}/s from ${partnerIds.length} partners`);
  const publishing = publishers.paced(factory, 0, plan.rate, plan.events / plan.rate);
  // Restarts go on while the load goes on: the next fault does not wait for them.
  // An app still booting when the broker goes away may fail; the supervisor starts it again.
  const restarts: Promise<void>[] = [];
  try {
    for (const [i, fault] of plan.faults.entries()) {
      const threshold = Math.floor(((i + 1) * plan.events) / (plan.faults.length + 1));
      while (publishers.published < threshold) await new Promise((r) => setTimeout(r, 50));
      if (fault.kind === 'kill') {
        intended.add(fault.app);
        await flow.kill(fault.app);
        mark(`SIGKILL beacon-${fault.app} (${publishers.published} events published)`);
        restarts.push(
          flow.start(fault.app).then(
            () => {
              intended.delete(fault.app);
              mark(`beacon-${fault.app} started again and healthy`);
            },
            (error: Error) => {
              // The supervisor tries again.
              intended.delete(fault.app);
              mark(`beacon-${fault.app} did not start again: ${error.message.split('\n')[0]}`);
            },
          ),
        );
      } else {
        if (!plan.restartBroker)
          throw new Error('the plan restarts the broker, but no restartBroker was given');
        mark(`stopping the broker (${publishers.published} events published)`);
        await plan.restartBroker();
        mark('broker started again on the same data');
      }
    }
    await publishing;
    mark(`all ${published.length} events acknowledged (${publishers.retries} sends retried)`);
    await Promise.all(restarts);

    const expected = () => published.reduce((sum, e) => sum + e.expected.length, 0);
    const deliveredPairs = () =>
      new Set(observer.deliveries.map((d) => `${d.eventId}\u0000${d.partnerId}`)).size;
    try {
      await observer.waitFor(
        async () => deliveredPairs() >= expected() && (await audit.count()) >= expected(),
        plan.drainTimeoutMs,
        'every expected delivery and audit row',
      );
      mark(`${expected()} deliveries and audit rows arrived`);
    } catch (error) {
      // Counted below all the same: what is missing is the finding.
      mark((error as Error).message);
    }
    await new Promise((r) => setTimeout(r, plan.settleMs ?? 3000));
  } finally {
    supervising = false;
    await supervisor;
    await publishers.disconnect().catch(() => undefined);
    await observer.stop();
  }
  const counts = countChaos({
    published,
    accepted: observer.accepted,
    deliveries: observer.deliveries,
    auditRows: await audit.rows().finally(() => audit.close()),
  });
  return {
    counts,
    timeline,
    supervisorRestarts,
    publishRetries: publishers.retries,
    seconds: (Date.now() - began) / 1000,
  };
}
