import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Makes sure `pid` dies with this process, even when this process is killed
 * with SIGKILL and cannot run its own shutdown: a watchdog shell holds a pipe
 * from us, and when the pipe closes (we are gone) it sends SIGTERM, then
 * SIGKILL after a grace period. Returns the watchdog so that a clean stop
 * can dismiss it.
 */
export function killWithParent(pid: number, graceSeconds = 20): ChildProcess {
  const script = `cat >/dev/null; kill -TERM ${pid} 2>/dev/null; i=0; while kill -0 ${pid} 2>/dev/null && [ $i -lt ${graceSeconds * 2} ]; do sleep 0.5; i=$((i+1)); done; kill -KILL ${pid} 2>/dev/null; true`;
  const watchdog = spawn('sh', ['-c', script], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
  return watchdog;
}

/** Dismisses a watchdog without letting it kill anything. */
export function dismissWatchdog(watchdog: ChildProcess): void {
  watchdog.kill('SIGKILL');
}

/** Sends SIGTERM and waits for the exit; SIGKILL after `timeoutMs`. */
export async function terminate(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
