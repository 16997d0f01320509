import { randomUUID } from 'node:crypto';
import { EventPublisher, topicsFor, type CloudEvent } from '@beacon/messaging';
import { collect } from '../support/collect';
import { kafkaAs, loadTestStack, SuiteNamespace } from '../support/test-stack';

function event(): CloudEvent {
  return {
    id: randomUUID(),
    source: 'urn:beacon:partner:metro-police',
    type: 'org.beacon.alert.raised.v1',
    specversion: '1.0',
    time: new Date().toISOString(),
    subject: 'subj-acl',
    datacontenttype: 'application/json',
    data: { probe: true },
  };
}

async function publishAs(access: Parameters<typeof kafkaAs>[0], topic: string): Promise<void> {
  const publisher = EventPublisher.create(kafkaAs(access, 'acl-probe'));
  await publisher.connect();
  try {
    await publisher.publish(topic, event());
  } finally {
    await publisher.disconnect();
  }
}

describe('the broker enforces each principal’s ACLs', () => {
  const stack = loadTestStack();
  let ns: SuiteNamespace;

  beforeAll(async () => {
    if (stack.kafka.external)
      throw new Error('ACL suites need the broker that npm test starts (KAFKA_BROKERS is set)');
    ns = await SuiteNamespace.create(stack, ['metro-police', 'safe-harbour'], 1);
  });
  afterAll(async () => {
    await ns.dispose();
  });

  it('given the intake principal, when it writes the canonical events topic it may write, then the write succeeds', async () => {
    await expect(publishAs(stack.kafka.apps.intake, topicsFor(ns.namespace).events)).resolves.toBeUndefined();
  });

  it('given the intake principal, when it writes a delivery topic, then the broker refuses it', async () => {
    await expect(
      publishAs(stack.kafka.apps.intake, topicsFor(ns.namespace).deliver('safe-harbour')),
    ).rejects.toThrow(/Not authorized to access topics/);
  });

  it('given the audit principal, when it writes the audit topic it only reads, then the broker refuses it', async () => {
    // With no WRITE grant anywhere, the broker already refuses the idempotent producer's id.
    await expect(publishAs(stack.kafka.apps.audit, topicsFor(ns.namespace).audit)).rejects.toThrow(
      /not authorized|authorization failed/i,
    );
  });

  it('given the gateway principal, when its inbox projector reads a delivery topic in its inbox group, then it reads, and writing one is refused', async () => {
    const deliveries = topicsFor(ns.namespace).deliver('safe-harbour');
    await expect(publishAs(stack.kafka.apps.redaction, deliveries)).resolves.toBeUndefined();
    const read = await collect(kafkaAs(stack.kafka.apps.gateway, 'acl-inbox-probe'), deliveries, {
      count: 1,
      groupId: topicsFor(ns.namespace).consumerGroup('gateway.inbox'),
      settleMs: 0,
      timeoutMs: 60_000,
    });
    expect(read.map((r) => r.event.subject)).toEqual(['subj-acl']);
    await expect(publishAs(stack.kafka.apps.gateway, deliveries)).rejects.toThrow(
      /Not authorized to access topics/,
    );
  });

  it('given a partner principal, when it writes its own inbound topic, then it succeeds, and another partner’s is refused', async () => {
    const police = stack.kafka.partners['metro-police'];
    await expect(publishAs(police, topicsFor(ns.namespace).inbound('metro-police'))).resolves.toBeUndefined();
    await expect(publishAs(police, topicsFor(ns.namespace).inbound('safe-harbour'))).rejects.toThrow(
      /Not authorized to access topics/,
    );
  });
});
