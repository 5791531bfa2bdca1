// A tiny mocha-like runner that runs inside the real extension host. The harness bundles it with
// every test/e2e/api/*.test.ts into one module whose run() VS Code calls (extensionTestsPath).
// Results go to the console (forwarded to the harness) and to a JSON file the harness reads.
import { writeFileSync } from 'node:fs';

export type TestFn = () => unknown | Promise<unknown>;
interface TestCase { name: string; fn: TestFn; timeoutMs: number; only: boolean }
export interface TestResult { name: string; ok: boolean; ms: number; error?: string; skipped?: string }

class Skip extends Error {}

/** Ends the current test as skipped (counted neither passed nor failed), e.g. until a feature lands. */
export function skip(reason: string): never {
  throw new Skip(reason);
}

const tests: TestCase[] = [];
const prefixes: string[] = [];
const beforeAlls: TestFn[] = [];

/** Groups tests: their names are prefixed with the suite name. */
export function suite(name: string, body: () => void): void {
  prefixes.push(name);
  try {
    body();
  } finally {
    prefixes.pop();
  }
}

/** Declares a test. Default timeout 30 s. */
export function test(name: string, fn: TestFn, opts: { timeoutMs?: number } = {}): void {
  tests.push({ name: [...prefixes, name].join(' › '), fn, timeoutMs: opts.timeoutMs ?? 30_000, only: false });
}

/** Runs once before the first test (for example: wait for the extension to activate). */
export function beforeAll(fn: TestFn): void {
  beforeAlls.push(fn);
}

function withTimeout(p: Promise<unknown>, ms: number, name: string): Promise<unknown> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.stack ?? e.message;
  return String(e);
}

/** Called by the generated entry's run(); rejects when any test failed (the workbench then exits with 1). */
export async function runAll(): Promise<void> {
  const grep = process.env.TIERWISE_E2E_GREP ? new RegExp(process.env.TIERWISE_E2E_GREP, 'i') : undefined;
  const selected = tests.filter((t) => !grep || grep.test(t.name));
  const results: TestResult[] = [];
  const resultFile = process.env.TIERWISE_E2E_RESULT;
  const flush = () => {
    if (resultFile) writeFileSync(resultFile, JSON.stringify({ done: results.length === selected.length, results }, null, 2));
  };
  flush();
  let setupError: string | undefined;
  for (const fn of beforeAlls) {
    try {
      await withTimeout(Promise.resolve().then(fn), 60_000, 'beforeAll');
    } catch (e) {
      setupError = describe(e);
      break;
    }
  }
  for (const t of selected) {
    const start = Date.now();
    try {
      if (setupError) throw new Error(`beforeAll failed: ${setupError}`);
      await withTimeout(Promise.resolve().then(t.fn), t.timeoutMs, t.name);
      results.push({ name: t.name, ok: true, ms: Date.now() - start });
      console.log(`[e2e api] ✓ ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      if (e instanceof Skip) {
        results.push({ name: t.name, ok: true, ms: Date.now() - start, skipped: e.message });
        console.log(`[e2e api] - ${t.name} (skipped: ${e.message})`);
        continue;
      }
      results.push({ name: t.name, ok: false, ms: Date.now() - start, error: describe(e) });
      console.log(`[e2e api] ✗ ${t.name}\n${describe(e)}`);
    }
    flush();
  }
  flush();
  const failed = results.filter((r) => !r.ok).length;
  if (failed) throw new Error(`${failed} API test(s) failed`);
}
