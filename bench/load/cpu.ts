/**
 * CPU time of the processes a run involves, from /proc (Linux): where the
 * two cores went, so a figure says which stage to make cheaper.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime, in seconds. */
  own: number;
  /** cutime + cstime: children that exited and were waited for, in seconds. */
  reaped: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const tick = (i: number) => Number(fields[i]) / TICKS_PER_SECOND;
    return { ppid: Number(fields[1]), own: tick(11) + tick(12), reaped: tick(13) + tick(14) };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds a process has used; with `children`, also its live children's
 * and those it reaped (a Postgres postmaster's backends come and go).
 */
export function cpuSeconds(pid: number, options: { children?: boolean } = {}): number | undefined {
  const stat = procStat(pid);
  if (!stat) return undefined;
  if (!options.children) return stat.own;
  let total = stat.own + stat.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(Number(entry));
    if (child?.ppid === pid) total += child.own;
  }
  return total;
}

/** A process to account for: its pid, and whether its children count as its own. */
export interface MeteredProcess {
  pid: number;
  children?: boolean;
}

/** CPU seconds each named process used between {@link CpuMeter.start} and {@link CpuMeter.stop}. */
export class CpuMeter {
  private readonly before = new Map<string, number>();

  constructor(private readonly processes: () => Record<string, MeteredProcess>) {}

  start(): void {
    this.before.clear();
    for (const [name, p] of Object.entries(this.processes())) {
      const seconds = cpuSeconds(p.pid, p);
      if (seconds !== undefined) this.before.set(name, seconds);
    }
  }

  /** Seconds per process since start; a process that was restarted or is gone is left out. */
  stop(): Record<string, number> {
    const used: Record<string, number> = {};
    for (const [name, p] of Object.entries(this.processes())) {
      const before = this.before.get(name);
      const now = cpuSeconds(p.pid, p);
      if (before !== undefined && now !== undefined && now >= before) used[name] = now - before;
    }
    return used;
  }
}
