// `npm run test:e2e`: Tierwise in a real VS Code (code-server) driven by Debian's Chromium.
// Installs what is missing into .cache/e2e, builds and packages the .vsix, then runs
//   1. API suites (test/e2e/api/*.test.ts) inside the real extension host, via the smoke-test
//      driver payload (extensionDevelopmentPath/extensionTestsPath as vscode-remote:// URIs);
//   2. UI suites (test/e2e/ui/*.ui.ts) with Playwright against the installed .vsix.
// Always stops what it started. Last line: `N passed, N failed`; exit code 1 on any failure.
// Options: --grep <re> (test names), --file <re> (suite files), --api-only, --ui-only,
//          --skip-install, --skip-build, --keep (leave the last server running for debugging).
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, cpSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiTestFiles, buildApiSuite, buildVsix, installTools } from './lib/build';
import { launchBrowser, type Browser } from './lib/browser';
import { startCodeServer, type CodeServer } from './lib/codeServer';
import { startFakeAnthropic, type FakeAnthropic } from './lib/fakeAnthropic';
import { E2E, FIXTURE_WORKSPACE, RESULTS, RUNS } from './lib/paths';
import { onCleanup, runCleanups, sleep, waitFor } from './lib/proc';
import { registered, Skip, type UiContext } from './lib/ui';
import { Workbench } from './lib/workbench';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    file: { type: 'string' },
    'api-only': { type: 'boolean', default: false },
    'ui-only': { type: 'boolean', default: false },
    'skip-install': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'api-timeout': { type: 'string', default: '300' },
  },
});

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (s: string) => console.log(`[e2e ${elapsed()}] ${s}`);
const grep = opts.grep ? new RegExp(opts.grep, 'i') : undefined;
const fileRe = opts.file ? new RegExp(opts.file, 'i') : undefined;

interface Outcome { kind: 'api' | 'ui'; name: string; ok: boolean; ms: number; error?: string; skipped?: string }
const outcomes: Outcome[] = [];
const runDirsToDrop: string[] = [];
let keepServer: CodeServer | undefined;

function safeName(s: string): string {
  return s.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 100);
}

/** Drops a suite's screenshots and logs of earlier runs (not the whole folder: others may run other suites meanwhile). */
function clearResults(prefix: string): void {
  if (!existsSync(RESULTS)) return;
  for (const f of readdirSync(RESULTS)) if (f.startsWith(`${prefix}-`)) rmSync(path.join(RESULTS, f), { force: true });
  rmSync(path.join(RESULTS, 'logs', prefix), { recursive: true, force: true });
}

/** The extension host sees the fake server's URL and key (ANTHROPIC_API_KEY is how users pass a key too). */
function fakeEnv(fake: FakeAnthropic): Record<string, string> {
  return { FAKE_ANTHROPIC_URL: fake.url, ANTHROPIC_API_KEY: fake.apiKey };
}

function userSettings(fake?: FakeAnthropic, extra: Record<string, unknown> = {}): Record<string, unknown> {
  // test/e2e/settings.json: settings every suite runs with; "${FAKE_ANTHROPIC_URL}" is replaced.
  const file = path.join(E2E, 'settings.json');
  let base: Record<string, unknown> = {};
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').replace(/\$\{FAKE_ANTHROPIC_URL\}/g, fake?.url ?? 'http://127.0.0.1:9');
    base = JSON.parse(text) as Record<string, unknown>;
  }
  return { ...base, ...extra };
}

/** Copies the server's logs (code-server + extension host) next to the screenshots. */
function keepLogs(server: CodeServer, label: string): string {
  const dest = path.join(RESULTS, 'logs', safeName(label));
  mkdirSync(dest, { recursive: true });
  cpSync(server.logFile, path.join(dest, 'code-server.log'));
  const logs = path.join(server.runDir, 'user-data', 'logs');
  if (existsSync(logs)) cpSync(logs, path.join(dest, 'vscode-logs'), { recursive: true });
  for (const f of readdirSync(server.runDir)) if (f.startsWith('browser-console-')) cpSync(path.join(server.runDir, f), path.join(dest, f));
  return dest;
}

async function stopServer(server: CodeServer, failed: boolean): Promise<void> {
  if (opts.keep) {
    keepServer = server;
    return;
  }
  await server.stop();
  if (!failed) runDirsToDrop.push(server.runDir);
}

async function runApiSuites(vsix: string, fake?: FakeAnthropic): Promise<void> {
  const files = apiTestFiles(fileRe);
  if (!files.length) return;
  clearResults('api');
  const suite = await buildApiSuite(files);
  const resultFile = path.join(path.dirname(suite), 'result.json');
  rmSync(resultFile, { force: true });
  const env: Record<string, string> = { TIERWISE_E2E_RESULT: resultFile };
  if (opts.grep) env.TIERWISE_E2E_GREP = opts.grep;
  if (fake) Object.assign(env, fakeEnv(fake));
  const server = await startCodeServer({ workspace: FIXTURE_WORKSPACE, vsix, smokeTestDriver: true, settings: userSettings(fake), env, label: 'api' });
  onCleanup(() => server.stop());
  log(`API: code-server on ${server.url}; ${files.length} file(s): ${files.map((f) => path.basename(f)).join(', ')}`);
  let browser: Browser | undefined;
  let failed = true;
  try {
    browser = await launchBrowser(server.runDir);
    const b = browser;
    onCleanup(() => b.close());
    let exitCode: number | undefined;
    await b.page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
    });
    await b.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args);
      // Test lines to the terminal; the rest (the workbench's own noise) to a file kept on failure.
      if (text.includes('[e2e api]')) console.log(`  ${text.replace(/\n/g, '\n  ')}`);
      else appendFileSync(path.join(server.runDir, 'browser-console-api-host.log'), `[${type}] ${text}\n`);
    });
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', server.remoteUri(server.extensionDir)],
      ['extensionTestsPath', server.remoteUri(suite)],
      ['skipWelcome', 'true'],
    ];
    await b.page.goto(server.folderUrl(payload), { timeout: 60_000 });
    const timeoutMs = Number(opts['api-timeout']) * 1000;
    try {
      await waitFor('the API suites to finish (codeAutomationExit)', timeoutMs, () => exitCode !== undefined, 250);
    } catch (e) {
      const shot = path.join(RESULTS, 'api-timeout.png');
      await b.page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${String(e)}: the workbench hung or the suite never started (screenshot ${path.relative(process.cwd(), shot)})`);
    }
    const result = existsSync(resultFile)
      ? (JSON.parse(readFileSync(resultFile, 'utf8')) as { done: boolean; results: Array<{ name: string; ok: boolean; ms: number; error?: string; skipped?: string }> })
      : undefined;
    if (!result) throw new Error(`the API suite exited with ${exitCode} without writing results: it failed to load (see the extension host log)`);
    for (const r of result.results) outcomes.push({ kind: 'api', ...r });
    if (exitCode !== 0 && result.results.every((r) => r.ok)) {
      throw new Error(`the API suite exited with ${exitCode} after ${result.results.length} passing test(s)`);
    }
    failed = result.results.some((r) => !r.ok);
    if (failed) await b.page.screenshot({ path: path.join(RESULTS, 'api-failure.png') }).catch(() => undefined);
  } catch (e) {
    outcomes.push({ kind: 'api', name: 'API suites', ok: false, ms: 0, error: String(e instanceof Error ? e.message : e) });
  } finally {
    if (failed) log(`API logs kept in ${path.relative(process.cwd(), keepLogs(server, 'api'))}`);
    await browser?.close();
    await stopServer(server, failed);
  }
}

async function runUiFile(file: string, vsix: string, fake?: FakeAnthropic): Promise<void> {
  const base = path.basename(file, '.ts');
  registered.tests = [];
  registered.options = {};
  await import(file);
  const tests = registered.tests.filter((t) => !grep || grep.test(`${base} › ${t.name}`));
  const options = registered.options;
  if (!tests.length) return;
  clearResults(safeName(base));
  if (options.needsFakeAnthropic && !fake) {
    for (const t of tests) outcomes.push({ kind: 'ui', name: `${base} › ${t.name}`, ok: false, ms: 0, error: 'needs the fake Anthropic server (test/fake-anthropic/server.ts), which is missing' });
    return;
  }
  const env = fake ? fakeEnv(fake) : {};
  if (options.apiKeyInEnv === false) delete env.ANTHROPIC_API_KEY;
  const started = Date.now();
  const server = await startCodeServer({
    workspace: options.workspace ?? FIXTURE_WORKSPACE, vsix, settings: userSettings(fake, options.settings), label: `ui-${safeName(base)}`, env,
    untrusted: options.untrusted, extraFolders: options.extraFolders,
  });
  onCleanup(() => server.stop());
  log(`UI ${base}: code-server on ${server.url} (${((Date.now() - started) / 1000).toFixed(1)} s to start)`);
  let anyFailed = false;
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser(server.runDir);
    const b = browser;
    onCleanup(() => b.close());
    const wb = new Workbench(b.page);
    const opening = Date.now();
    await b.page.goto(server.folderUrl(), { timeout: 60_000 });
    await wb.ready();
    log(`UI ${base}: workbench ready in ${((Date.now() - opening) / 1000).toFixed(1)} s`);
    for (const t of tests) {
      const name = `${base} › ${t.name}`;
      const ctx: UiContext = {
        page: b.page, wb, workspace: server.workspace, folders: server.folders, serverUrl: server.url, fakeAnthropicUrl: fake?.url, log,
        screenshot: async (n) => {
          mkdirSync(RESULTS, { recursive: true });
          const p = path.join(RESULTS, `${safeName(base)}--${safeName(n)}.png`);
          await b.page.screenshot({ path: p });
          return p;
        },
      };
      const start = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          t.fn(ctx),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs / 1000} s`)), t.timeoutMs))),
        ]);
        outcomes.push({ kind: 'ui', name, ok: true, ms: Date.now() - start });
        console.log(`  ✓ ${name} (${Date.now() - start} ms)`);
      } catch (e) {
        if (e instanceof Skip) {
          outcomes.push({ kind: 'ui', name, ok: true, ms: Date.now() - start, skipped: e.message });
          console.log(`  - ${name} (skipped: ${e.message})`);
          continue;
        }
        anyFailed = true;
        const shot = await ctx.screenshot(`FAILED-${t.name}`).catch(() => undefined);
        // What the extension said at the time (an error toast often names the cause the screenshot hides).
        const toasts = await wb.notifications().catch(() => [] as string[]);
        const msg = (e instanceof Error ? e.stack ?? e.message : String(e))
          + (toasts.length ? `\n  notifications: ${toasts.map((n) => JSON.stringify(n)).join('; ')}` : '')
          + (shot ? `\n  screenshot: ${path.relative(process.cwd(), shot)}` : '');
        outcomes.push({ kind: 'ui', name, ok: false, ms: Date.now() - start, error: msg });
        console.log(`  ✗ ${name}\n  ${msg.replace(/\n/g, '\n  ')}`);
        await wb.escape().catch(() => undefined);
      } finally {
        clearTimeout(timer);
      }
    }
    if (b.blocked.length) log(`UI ${base}: blocked ${b.blocked.length} off-loopback request(s), e.g. ${b.blocked[0]}`);
  } catch (e) {
    anyFailed = true;
    const shot = path.join(RESULTS, `${safeName(base)}--FAILED-setup.png`);
    await browser?.page.screenshot({ path: shot }).catch(() => undefined);
    outcomes.push({ kind: 'ui', name: `${base} (setup)`, ok: false, ms: 0, error: `${e instanceof Error ? e.message : String(e)}\n  screenshot: ${path.relative(process.cwd(), shot)}` });
  } finally {
    if (anyFailed) log(`UI ${base}: logs kept in ${path.relative(process.cwd(), keepLogs(server, base))}`);
    await browser?.close();
    await stopServer(server, anyFailed);
  }
}

function pruneOldRuns(): void {
  // Runs of failed sessions are kept for debugging; drop those older than a day.
  if (!existsSync(RUNS)) return;
  for (const d of readdirSync(RUNS)) {
    const p = path.join(RUNS, d);
    if (Date.now() - statSync(p).mtimeMs > 24 * 3600_000) rmSync(p, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  mkdirSync(RESULTS, { recursive: true });
  pruneOldRuns();
  if (!opts['skip-install']) {
    log('checking tools (scripts/e2e/install.sh)');
    await installTools();
  }
  const vsix = opts['skip-build'] && existsSync(path.join(E2E, '..', '..', 'tierwise.vsix'))
    ? path.join(E2E, '..', '..', 'tierwise.vsix')
    : await buildVsix(log);
  let fake: FakeAnthropic | undefined;
  try {
    fake = await startFakeAnthropic();
  } catch (e) {
    log(`could not start the fake Anthropic server: ${String(e)}`);
  }
  if (fake) {
    const f = fake;
    onCleanup(() => f.close());
    log(`fake Anthropic server on ${fake.url}`);
  }
  if (!opts['ui-only']) await runApiSuites(vsix, fake);
  if (!opts['api-only']) {
    const uiDir = path.join(E2E, 'ui');
    const files = readdirSync(uiDir).filter((f) => f.endsWith('.ui.ts') && (!fileRe || fileRe.test(f))).sort();
    for (const f of files) await runUiFile(path.join(uiDir, f), vsix, fake);
  }
  if (keepServer) {
    console.log(`\n--keep: ${keepServer.folderUrl()} is still running (logs: ${keepServer.logFile}). Ctrl-C to stop.`);
    await new Promise(() => undefined);
  }
  return 0;
}

function summary(): number {
  const failed = outcomes.filter((o) => !o.ok);
  const skipped = outcomes.filter((o) => o.skipped);
  const passed = outcomes.length - failed.length - skipped.length;
  if (skipped.length) {
    console.log('\nSkipped:');
    for (const s of skipped) console.log(`  - [${s.kind}] ${s.name}: ${s.skipped}`);
  }
  if (failed.length) {
    console.log('\nFailures:');
    for (const f of failed) console.log(`  ✗ [${f.kind}] ${f.name}\n    ${(f.error ?? '').replace(/\n/g, '\n    ')}`);
  }
  if (!outcomes.length) failed.push({ kind: 'api', name: 'no tests ran', ok: false, ms: 0 });
  console.log(`\ne2e finished in ${elapsed()}`);
  console.log(`${passed} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

main()
  .catch((e) => {
    outcomes.push({ kind: 'api', name: 'harness', ok: false, ms: 0, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    return 1;
  })
  .then(async () => {
    await runCleanups();
    for (const d of runDirsToDrop) rmSync(d, { recursive: true, force: true });
    const code = summary();
    await sleep(50);
    process.exit(code);
  });
