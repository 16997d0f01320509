/**
 * How many disclosure decisions per second one core makes for a realistic
 * alert (about 60 leaves, the ~40 fields of alert.raised.v2 with their array
 * items): `npx tsx libs/policy/bench/decide.bench.ts`. Not a test; a figure
 * to watch when the engine changes.
 *
 * Measures the shipped policy for four recipients (police with and without
 * consent, an NGO, a school), so narrative scrubbing, hashing and
 * generalization are all in the mix. The category map and the policy are
 * compiled once, as the redaction service does.
 */
/* eslint-disable no-console -- a benchmark talks to the person who runs it */
import beaconDefaultV1 from '../../../config/policies/beacon-default.v1.json';
import { ALERT_V2_CATEGORIES, SUBJECT_ID, alertEvent } from '../fixtures/alert-raised-v2.fixture';
import { hashKeys } from '../fixtures/policy-builders';
import { type Consent, type DecideInput, compileCategoryMap, compilePolicy, decide } from '../src';

const loaded = compilePolicy(beaconDefaultV1);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
const policy = loaded.policy;
const categories = compileCategoryMap(ALERT_V2_CATEGORIES);
const event = alertEvent();
const consent: Consent = {
  consentId: 'c-1',
  subjectId: SUBJECT_ID,
  status: 'active',
  provisions: [
    {
      type: 'permit',
      grantee: { kind: 'sector', sector: 'law-enforcement' },
      purposes: ['investigation'],
      categories: ['identity', 'contact'],
    },
  ],
};
const base = { event, categories, policy, decisionTime: '2025-12-02T04:00:00Z', hashKeys };
const inputs: DecideInput[] = [
  {
    ...base,
    recipient: { partnerId: 'metro-police', sector: 'law-enforcement' },
    consents: [],
    purpose: 'investigation',
  },
  {
    ...base,
    recipient: { partnerId: 'metro-police', sector: 'law-enforcement' },
    consents: [consent],
    purpose: 'investigation',
  },
  {
    ...base,
    recipient: { partnerId: 'safe-harbour', sector: 'ngo' },
    consents: [],
    purpose: 'safety-planning',
  },
  {
    ...base,
    recipient: { partnerId: 'northside-school', sector: 'education' },
    consents: [],
    purpose: 'care-coordination',
  },
];

function leafCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  return Object.values(value).reduce((sum: number, child) => sum + leafCount(child), 0);
}

function run(iterations: number): number {
  let withheld = 0;
  for (let i = 0; i < iterations; i++) {
    const decision = decide(inputs[i % inputs.length]!);
    if (decision.outcome === 'decided') withheld += decision.record.withheld.length;
  }
  return withheld;
}

// Warm-up, so the JIT has compiled the hot paths before the clock starts.
run(5_000);
const samples: number[] = [];
for (let round = 0; round < 5; round++) {
  const iterations = 20_000;
  const start = process.hrtime.bigint();
  run(iterations);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  samples.push(iterations / seconds);
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)]!;
console.log(
  `decide(): ${Math.round(median).toLocaleString('en')} decisions/s ` +
    `(median of ${samples.length} rounds of 20,000; alert with ${leafCount(event.data)} leaves; ` +
    `min ${Math.round(samples[0]!).toLocaleString('en')}, max ${Math.round(samples.at(-1)!).toLocaleString('en')}; ` +
    `node ${process.version})`,
);
