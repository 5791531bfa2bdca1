// Process plumbing for the harness: free loopback ports, child processes in their own process
// group (so stopping one stops everything it spawned), bounded waits, and cleanup on exit/Ctrl-C.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream } from 'node:fs';
import http from 'node:http';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns a truthy value; throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, intervalMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

export function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

const groups = new Set<ChildProcess>();

/** Spawns `cmd` detached, in a process group of its own; output goes to `logFile` (and is also kept in memory). */
export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions & { logFile: string; echo?: boolean }): ChildProcess & { output: () => string } {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  let buf = '';
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { output: () => string };
  const onData = (d: Buffer) => {
    log.write(d);
    if (buf.length < 1_000_000) buf += d.toString();
    if (opts.echo) process.stdout.write(d);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('exit', () => {
    groups.delete(child);
    log.end();
  });
  child.output = () => buf;
  groups.add(child);
  return child;
}

function alive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the whole group, SIGKILL after `graceMs`. Resolves when the group is gone. */
export async function stopGroup(child: ChildProcess, graceMs = 4000): Promise<void> {
  const pid = child.pid;
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    groups.delete(child);
    return;
  }
  const end = Date.now() + graceMs;
  while (alive(pid) && Date.now() < end) await sleep(100);
  if (alive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  groups.delete(child);
}

function killAllNow(): void {
  for (const c of groups) {
    if (c.pid) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  groups.clear();
}

const cleanups: Array<() => Promise<void>> = [];

/** Registers async cleanup run (in reverse order) by `runCleanups` and on SIGINT/SIGTERM. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try {
      await Promise.race([fn(), sleep(10_000)]);
    } catch (e) {
      console.error(`[e2e] cleanup failed: ${String(e)}`);
    }
  }
  killAllNow();
}

let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    if (signalled) {
      killAllNow();
      process.exit(130);
    }
    signalled = true;
    console.error(`\n${sig}: stopping everything…`);
    void runCleanups().finally(() => process.exit(130));
  });
}
// Last resort: never leave a code-server behind, even on an uncaught error.
process.on('exit', killAllNow);

/** Runs a command to completion (inheriting stdio unless `quiet`); rejects on non-zero exit. */
export function run(cmd: string, args: string[], opts: SpawnOptions & { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', opts.quiet ? 'pipe' : 'inherit', opts.quiet ? 'pipe' : 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}${out ? `\n${out.slice(-4000)}` : ''}`));
    });
  });
}
