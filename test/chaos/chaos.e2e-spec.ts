import { loadPartners as shippedPartners } from '../../scripts/provision';
import { MUST_BE_ZERO } from '../../bench/chaos/ledger';
import { runChaos, type ChaosResult } from '../../bench/chaos/scenario';
import { BeaconFlow } from '../../bench/load/beacon-apps';
import { loadPartners } from '../../bench/load/events';
import { loadTestStack, uniqueName } from '../support/test-stack';

// The reduced fault run (`npm run chaos` is the full one, with the same counting):
// about 2,000 events while redaction and then intake are killed with SIGKILL
// and started again. Exactly-once must hold through both.
describe('chaos: SIGKILL of redaction and intake while partners publish', () => {
  const stack = loadTestStack();
  let flow: BeaconFlow | undefined;
  let result: ChaosResult;

  beforeAll(async () => {
    flow = await BeaconFlow.create({
      infra: stack,
      namespace: uniqueName('tchaos'),
      partners: loadPartners(5, shippedPartners()),
      partitions: 3,
      runDir: stack.runDir,
    });
    await flow.startAll();
    result = await runChaos(flow, {
      events: 2000,
      rate: 80,
      faults: [
        { kind: 'kill', app: 'redaction' },
        { kind: 'kill', app: 'intake' },
      ],
      drainTimeoutMs: 120_000,
      settleMs: 3000,
    });
  }, 400_000);

  afterAll(async () => {
    // The count and the timeline, for whoever reads the run's output.
    if (result) {
      const { examples: _examples, ...counts } = result.counts;
      process.stdout.write(
        `chaos e2e: ${JSON.stringify(counts)}\n${result.timeline.map((l) => `  ${l}`).join('\n')}\n`,
      );
    }
    await flow?.dispose();
  }, 120_000);

  it('given both kills, then both apps came back and every published event was acknowledged', () => {
    expect(result.timeline.filter((line) => /SIGKILL beacon-(redaction|intake)/.test(line))).toHaveLength(2);
    expect(result.timeline.filter((line) => /started again and healthy/.test(line))).toHaveLength(2);
    expect(result.counts.published).toBe(2000);
    expect(result.counts.expectedDeliveries).toBeGreaterThan(2000);
  });

  it('then nothing is lost, duplicated, delivered without an audit row or audited without a delivery', () => {
    const findings = Object.fromEntries(MUST_BE_ZERO.map((name) => [name, result.counts[name]]));
    expect({ findings, examples: result.counts.examples }).toEqual({
      findings: Object.fromEntries(MUST_BE_ZERO.map((name) => [name, 0])),
      examples: {},
    });
    expect(result.counts).toMatchObject({
      accepted: 2000,
      delivered: result.counts.expectedDeliveries,
      audited: result.counts.expectedDeliveries,
    });
  });
});
