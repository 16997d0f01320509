import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaRegistry } from '@beacon/contracts';
import {
  compileCategoryMap,
  compilePolicy,
  decide,
  type CompiledPolicy,
  type Consent,
  type DecideInput,
  type DecisionEvent,
  type HashKeySource,
} from '@beacon/policy';
import { SUBJECT_ID, alertEvent } from '../../libs/policy/fixtures/alert-raised-v2.fixture';
import { measureRate, type Measurement } from '../harness';

const TYPE = 'org.beacon.alert.raised.v2';
const POLICY_FILE = join(__dirname, '..', '..', 'config', 'policies', 'beacon-default.v1.json');
const DECISION_TIME = '2025-12-02T04:00:00Z';

/** The shipped policy, loaded as the redaction service loads it. */
function shippedPolicy(): CompiledPolicy {
  const text = readFileSync(POLICY_FILE, 'utf8');
  const loaded = compilePolicy(JSON.parse(text), {
    fileSha256: createHash('sha256').update(text).digest('hex'),
  });
  if (!loaded.ok) throw new Error(`${POLICY_FILE}: ${JSON.stringify(loaded.errors)}`);
  return loaded.policy;
}

/** Deterministic 40-byte keys, one per partner (the service derives its own from a secret). */
const hashKeys: HashKeySource = (partnerId) => `bench-key-for-${partnerId}`.padEnd(40, '#');

interface Recipient {
  readonly label: string;
  readonly input: Omit<DecideInput, 'event' | 'categories' | 'policy' | 'decisionTime' | 'hashKeys'>;
  /** Builds the recipient's consents for a subject (the police consent names the subject). */
  readonly consents: (subjectId: string) => Consent[];
}

const RECIPIENTS: readonly Recipient[] = [
  {
    label: 'police (law-enforcement), investigation, with consent',
    input: {
      recipient: { partnerId: 'metro-police', sector: 'law-enforcement' },
      purpose: 'investigation',
      consents: [],
    },
    consents: (subjectId) => [
      {
        consentId: 'c-bench',
        subjectId,
        status: 'active',
        provisions: [
          {
            type: 'permit',
            grantee: { kind: 'sector', sector: 'law-enforcement' },
            purposes: ['investigation'],
            categories: ['identity', 'contact'],
          },
        ],
      },
    ],
  },
  {
    label: 'police (law-enforcement), investigation, no consent (identity hashed)',
    input: {
      recipient: { partnerId: 'metro-police', sector: 'law-enforcement' },
      purpose: 'investigation',
      consents: [],
    },
    consents: () => [],
  },
  {
    label: 'NGO, safety-planning, no consent (narrative scrubbed)',
    input: {
      recipient: { partnerId: 'safe-harbour', sector: 'ngo' },
      purpose: 'safety-planning',
      consents: [],
    },
    consents: () => [],
  },
  {
    label: 'school (education), care-coordination, no consent',
    input: {
      recipient: { partnerId: 'northside-school', sector: 'education' },
      purpose: 'care-coordination',
      consents: [],
    },
    consents: () => [],
  },
];

/**
 * A new alert about a new person: a fresh object decoded from JSON, as the
 * redaction service decodes each record, with names, numbers and subject
 * id of its own, so nothing the engine keeps per event or per identifier
 * set is reused from the previous one.
 */
function freshAlert(template: string, n: number): DecisionEvent {
  const event = JSON.parse(template) as DecisionEvent & {
    data: { subject: Record<string, unknown>; narrative: string };
  };
  const hex = n.toString(16).padStart(12, '0').slice(-12);
  const subjectId = `${SUBJECT_ID.slice(0, 24)}${hex}`;
  const given = `Ana${n.toString(36)}`;
  const phone = `+4072${String(n).padStart(7, '0').slice(-7)}`;
  const subject = event.data.subject;
  subject.subjectId = subjectId;
  subject.givenName = given;
  subject.familyName = `Popescu${n % 997}`;
  subject.phoneNumbers = [phone];
  subject.emailAddresses = [`${given.toLowerCase()}@example.ro`];
  event.data.narrative = event.data.narrative
    .replace(/Ana/g, given)
    .replace('+40 721 555 012', phone)
    .replace('ana.popescu@example.ro', `${given.toLowerCase()}@example.ro`);
  return { ...event, subject: subjectId };
}

/**
 * Decisions per second of the consent-and-redaction engine (`decide` in
 * libs/policy) for the fixture alert (`org.beacon.alert.raised.v2`, 55
 * leaves) under the shipped policy, with the category map the schema
 * registry derives, as the redaction service runs it.
 *
 * - One row per recipient, and one for the four in turn, the same event
 *   decided again and again: what one decision costs once the policy, map,
 *   consents and event are known.
 * - Fan-out: each alert is a new object about a new person, decoded from
 *   JSON and decided for the four recipients in turn (the decode is
 *   counted): what the service does per record of the canonical log.
 */
export function benchPolicy(options: { seconds: number; runs: number }): Measurement[] {
  const policy = shippedPolicy();
  const categories = compileCategoryMap(SchemaRegistry.load().categoryMap(TYPE));
  const event = alertEvent();
  const base = { categories, policy, decisionTime: DECISION_TIME, hashKeys };
  const check = (input: DecideInput): void => {
    if (decide(input).outcome !== 'decided') throw new Error(`benchmark input was refused: ${input.purpose}`);
  };
  const part = 'policy';
  const inputs: DecideInput[] = RECIPIENTS.map((recipient) => ({
    ...base,
    ...recipient.input,
    event,
    consents: recipient.consents(event.subject),
  }));
  const rows: Measurement[] = RECIPIENTS.map((recipient, i) => ({
    part,
    metric: `decide(), one alert, ${recipient.label}`,
    unit: 'decisions/s',
    ...measureRate(() => check(inputs[i]!), options),
  }));
  // The mix of libs/policy/bench/decide.bench.ts: the four recipients in turn.
  rows.push({
    part,
    metric: `decide(), one alert, the ${RECIPIENTS.length} recipients above in turn`,
    unit: 'decisions/s',
    ...measureRate((i) => check(inputs[i % inputs.length]!), options),
  });

  const template = JSON.stringify(event);
  let current: { n: number; event: DecisionEvent; consents: Consent[][] } | undefined;
  // Counted across the warm-up and every run, so no subject comes back.
  let decisions = 0;
  rows.push({
    part,
    metric: `decide(), a new alert about a new subject (decoded from JSON) for the ${RECIPIENTS.length} recipients in turn`,
    unit: 'decisions/s',
    ...measureRate(() => {
      const i = decisions++;
      const n = Math.floor(i / RECIPIENTS.length);
      if (current?.n !== n) {
        const fresh = freshAlert(template, n);
        current = { n, event: fresh, consents: RECIPIENTS.map((r) => r.consents(fresh.subject)) };
      }
      const which = i % RECIPIENTS.length;
      check({
        ...base,
        ...RECIPIENTS[which]!.input,
        event: current.event,
        consents: current.consents[which]!,
      });
    }, options),
  });
  return rows;
}
