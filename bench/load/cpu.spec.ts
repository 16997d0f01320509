import { spawn } from 'node:child_process';
import { CpuMeter, cpuSeconds } from './cpu';

/** Burns `ms` of CPU time (not wall time: on a busy machine the two differ). */
function spin(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
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
    // given: a child that burns 400 ms of CPU, waited for (reaped) by this process
    const before = cpuSeconds(process.pid, { children: true }) as number;
    await new Promise<void>((resolve) =>
      spawn(process.execPath, [
        '-e',
        'const s = process.cpuUsage(); while (process.cpuUsage(s).user < 400000);',
      ]).on('exit', () => resolve()),
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
    // only what was used since start, not the process's whole life
    expect(used.self).toBeLessThan(2);
    expect(used).not.toHaveProperty('gone');
  });
});
