/**
 * A quick measure of validation speed: validates the examples of one event
 * type (default org.beacon.alert.raised.v1) in a loop, valid ones and one
 * broken copy each, and prints validations per second.
 *
 *   npx tsx scripts/contracts/bench-validate.ts [type] [seconds]
 */
import { loadExamples } from '@beacon/contracts/examples';
import { SchemaRegistry } from '@beacon/contracts/schema-registry';

const type = process.argv[2] ?? 'org.beacon.alert.raised.v1';
const seconds = Number(process.argv[3] ?? 3);
const registry = SchemaRegistry.load();
const valid = loadExamples()
  .filter((example) => example.type === type)
  .map((example) => example.payload as Record<string, unknown>);
if (valid.length === 0) throw new Error(`no examples for ${type}`);
// A broken copy has several errors, so the error path (message building) is measured too.
const broken = valid.map((payload) => ({ ...payload, urgency: 'asap', surplus: true }));

function run(payloads: readonly unknown[], expectOk: boolean): number {
  for (let i = 0; i < 2_000; i += 1) registry.validate(type, payloads[i % payloads.length]); // warm up the JIT
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1_000; i += 1) {
      if (registry.validate(type, payloads[count % payloads.length]).ok !== expectOk)
        throw new Error('unexpected result');
      count += 1;
    }
  }
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

const rate = (n: number) => `${Math.round(n).toLocaleString('en-GB')} validations/s`;
console.log(`${type}, ${valid.length} examples, ${seconds} s each, Node ${process.version}`);
console.log(`valid data:   ${rate(run(valid, true))}`);
console.log(`invalid data: ${rate(run(broken, false))}`);
