/**
 * Disclosure records as the redaction service writes them for the load's
 * events: the real engine (routing, the shipped policy, per-recipient
 * hashing) over the events partners publish, so the audit figures are for
 * records of the real size and shape (tens of paths, each with the rule that
 * decided it), not for a hand-made small one.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from 'kafkajs';
import { SchemaRegistry } from '@beacon/contracts';
import { topicsFor, type CloudEvent } from '@beacon/messaging';
import { compilePolicy } from '@beacon/policy';
import { redactEvent, type RedactionContext } from '../../apps/redaction/src/disclosure/redact-event';
import { referralPartiesOf } from '../../apps/redaction/src/disclosure/referral-parties';
import { EventFactory, type LoadPartner } from './events';

const POLICY_FILE = join(__dirname, '..', '..', 'config', 'policies', 'beacon-default.v1.json');

export class DisclosureFactory {
  private readonly events: EventFactory;
  private readonly context: RedactionContext;

  constructor(partners: readonly LoadPartner[], namespace: string) {
    const text = readFileSync(POLICY_FILE, 'utf8');
    const compiled = compilePolicy(JSON.parse(text), {
      fileSha256: createHash('sha256').update(text).digest('hex'),
    });
    if (!compiled.ok) throw new Error(`${POLICY_FILE}: ${JSON.stringify(compiled.errors)}`);
    const secret = randomBytes(32);
    const keys = new Map<string, Buffer>();
    this.events = new EventFactory(partners);
    this.context = {
      registry: SchemaRegistry.load(),
      topics: topicsFor(namespace),
      policy: compiled.policy,
      partners: partners.map((p) => ({ partnerId: p.id, sector: p.sector })),
      consentsFor: () => [],
      hashKeys: (partnerId) => {
        let key = keys.get(partnerId);
        if (!key) keys.set(partnerId, (key = createHmac('sha256', secret).update(partnerId).digest()));
        return key;
      },
      now: () => new Date(),
      categoryCache: new Map(),
      routingContext: referralPartiesOf,
    };
  }

  /** The load's event `n` (a new subject and ids each time it is made). */
  eventOf(n: number): CloudEvent {
    return this.events.make(n).event;
  }

  /** The disclosure records (as Kafka records) of the load's event `n`: one per recipient. */
  records(n: number): Message[] {
    const event = this.eventOf(n);
    const position = { topic: this.context.topics.events, partition: n % 3, offset: String(n) };
    return redactEvent(event, position, this.context).records;
  }

  /** At least `count` records, from events `first`, `first + 1`, …; returns them and the next event number. */
  take(first: number, count: number): { records: Message[]; next: number } {
    const records: Message[] = [];
    let n = first;
    while (records.length < count) records.push(...this.records(n++));
    return { records: records.slice(0, count), next: n };
  }
}
