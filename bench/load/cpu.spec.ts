import { spawn } from 'node:child_process';
import { CpuMeter, cpuSeconds } from './cpu';

function spin(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

describe('cpuSeconds', () => {
  it('given this process after some work, when read, then it is the CPU time Node itself reports', () => {
    spin(300);
    const fromProc = cpuSeconds(process.pid) as number;
    const { user, system } = process.cpuUsage();
    // /proc counts in 1/100 s ticks; process.cpuUsage in microseconds
    expect(fromProc).toBeGreaterThan(0.25);
    expect(Math.abs(fromProc - (user + system) / 1e6)).toBeLessThan(0.1);
  });

  it('given a pid that does not exist, when read, then there is no figure', () => {
    expect(cpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });

  it('given a parent whose child burned CPU and exited, when read with its children, then the child’s time counts', async () => {
    // given: a child that spins for 400 ms, waited for (reaped) by this process
    const before = cpuSeconds(process.pid, { children: true }) as number;
    await new Promise<void>((resolve) =>
      spawn(process.execPath, ['-e', 'const t = Date.now() + 400; while (Date.now() < t);']).on('exit', () =>
        resolve(),
      ),
    );

    // when
    const after = cpuSeconds(process.pid, { children: true }) as number;
    const ownOnly = cpuSeconds(process.pid) as number;

    // then
    expect(after - before).toBeGreaterThan(0.3);
    expect(after).toBeGreaterThan(ownOnly + 0.3);
  });
});

describe('CpuMeter', () => {
  it('given work between start and stop, when stopped, then it reports that work per process and leaves out the missing', () => {
    const meter = new CpuMeter(() => ({ self: { pid: process.pid }, gone: { pid: 2 ** 22 + 1 } }));
    meter.start();
    spin(200);
    const used = meter.stop();
    expect(used.self).toBeGreaterThan(0.15);
    expect(used.self).toBeLessThan(1);
    expect(used).not.toHaveProperty('gone');
  });
});
