/**
 * A tiny measuring harness: runs a body for a fixed time after a warm-up,
 * several times, and reports the median rate with its spread. Rates, not
 * single timings, because one call is too short to time alone.
 */
import { cpus, totalmem } from 'node:os';

export interface Measurement {
  part: string;
  metric: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
  note?: string;
}

/** Calls `body` in batches of `batch` for `seconds`, `runs` times; returns operations per second. */
export function measureRate(
  body: (i: number) => void,
  options: { seconds: number; runs: number; batch?: number; warmup?: number },
) {
  const batch = options.batch ?? 1000;
  for (let i = 0; i < (options.warmup ?? 5000); i += 1) body(i);
  const rates: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(options.seconds * 1e9));
    let count = 0;
    while (process.hrtime.bigint() < deadline) {
      for (let i = 0; i < batch; i += 1) body(count + i);
      count += batch;
    }
    rates.push(count / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return summarise(rates);
}

export function summarise(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    min: sorted[0],
    max: sorted[sorted.length - 1],
    runs: values.length,
  };
}

export function machine() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpu: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
