import pinned from '../fixtures/decide-pinned.json';
import { pinnedCases } from '../fixtures/pinned-decisions';
import { decide } from './decide';
import type { DecideInput } from './decision.types';

/**
 * The output of the engine, pinned: the same inputs must give the same
 * delivery (to the key order) and the same record that the audit stores,
 * however the engine is tuned. See fixtures/pinned-decisions.ts.
 */
const expected = pinned as Record<string, string>;

function expectPinned(name: string, input: DecideInput): void {
  const actual = JSON.stringify(decide(input));
  // Parsed first, so a difference shows as a readable diff; then as text, for the key order.
  expect(JSON.parse(actual)).toEqual(JSON.parse(expected[name]!));
  expect(actual).toBe(expected[name]);
}

describe('decide: pinned decisions', () => {
  const cases = pinnedCases();

  it('given the pinned cases, then every one of them is pinned (and nothing pinned is missing a case)', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(cases.map((c) => [c.name, c.input] as const))(
    'given %s, when deciding, then the decision is the pinned one',
    (name, input) => {
      expectPinned(name, input);
    },
  );

  it('given the same input objects decided again and in another order, then each decision is still the pinned one', () => {
    // given: what the engine may remember (per policy, per consents array, per event) is already remembered
    const again = pinnedCases();
    for (const { input } of again) decide(input);

    // when / then
    for (const { name, input } of [...again].reverse()) expectPinned(name, input);
    for (const { name, input } of again) expectPinned(name, input);
  });

  it('given one event object shared by every recipient, as the redaction service shares it, then each decision is the pinned one', () => {
    // given
    const again = pinnedCases();
    const shared = new Map<string, DecideInput['event']>();
    const inputs = again.map(({ name, input }) => {
      const key = JSON.stringify(input.event);
      if (!shared.has(key)) shared.set(key, input.event);
      return { name, input: { ...input, event: shared.get(key)! } };
    });

    // when / then
    for (let round = 0; round < 3; round++) {
      for (const { name, input } of inputs) expectPinned(name, input);
    }
  });
});
