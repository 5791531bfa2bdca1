// The CLI on bad input (issue 12, item 7): no stack trace, no hang, no flood, no silent zero.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';

const REPO = path.join(__dirname, '..', '..');
const CALL = (name: string) =>
  `import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic();\nexport async function ${name}(t: string) {\n  return c.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, system: 'Label the ticket.', messages: [{ role: 'user', content: t }] });\n}\n`;

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tierwise-cli-'));
  mkdirSync(path.join(dir, 'src'));
  for (let i = 0; i < 300; i++) writeFileSync(path.join(dir, 'src', `f${i}.ts`), CALL(`label${i}`));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], cwd = dir) {
  let out = '';
  let err = '';
  const code = await runCli(args, (s) => (out += s), (s) => (err += s), cwd);
  return { code, out, err };
}

/**
 * The CLI in a child process, killed after `ms`: a synchronous read of a FIFO would block this test process for
 * good, so anything that could hang runs out here and a hang fails the test.
 */
function cliChild(args: string[], cwd: string, ms: number): Promise<{ code: number | null; out: string; err: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'cli', 'main.ts'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, ms);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, timedOut });
    });
  });
}

describe('CLI arguments that mean nothing are refused', () => {
  it('--exclude "" is a usage error (exit 2), not a crash', async () => {
    const r = await run(['scan', '.', '--exclude', '']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--exclude needs a glob pattern/);
    assert.doesNotMatch(r.err, /\n\s+at /, 'a stack trace');
  });

  it('--calls-per-day "" (and other non-numbers) is refused, never read as 0; a plain number is fine', async () => {
    for (const bad of ['', '   ', '0x10', 'ten', '-5', '1e308', 'Infinity']) {
      const r = await run(['scan', '.', '--calls-per-day', bad]);
      assert.equal(r.code, 2, `--calls-per-day "${bad}" gave ${r.code}`);
      assert.match(r.err, /--calls-per-day/);
    }
    const ok = await run(['scan', '.', '--format', 'json', '--calls-per-day', '1e3']);
    assert.equal(ok.code, 0);
    assert.ok(JSON.parse(ok.out).callSites.every((s: { callsPerDay: number }) => s.callsPerDay === 1000));
  });
});

describe('CLI output into a closed pipe', () => {
  it('tierwise scan … | head: the program ends quietly, exit 0, no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'cli', 'main.ts'), 'scan', dir, '--format', 'json'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    // Read the first chunk, then close our end like `head -c 10` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(killer);
    assert.equal(code, 0, err);
    assert.doesNotMatch(err, /EPIPE|\n\s+at /, err);
  });
});

describe('the usage file is read only when it is a small regular file', () => {
  const usage = () => path.join(dir, '.tierwise.json');
  const clear = () => rmSync(usage(), { force: true });

  it('a FIFO as .tierwise.json: no hang, a clear message, defaults apply', { skip: process.platform === 'win32' }, async () => {
    clear();
    execFileSync('mkfifo', [usage()]);
    try {
      const r = await cliChild(['scan', dir, '--format', 'json'], REPO, 30_000);
      assert.equal(r.timedOut, false, 'the scan hung on the FIFO');
      assert.equal(r.code, 0);
      assert.match(r.err, /cannot read .*\.tierwise\.json: it is a named pipe \(FIFO\), not a regular file; defaults apply/);
      assert.equal(JSON.parse(r.out).callSites.length, 300);
    } finally {
      clear();
    }
  });

  it('a link to /dev/zero as .tierwise.json: no hang, no memory blow-up', { skip: process.platform === 'win32' }, async () => {
    clear();
    symlinkSync('/dev/zero', usage());
    try {
      const r = await cliChild(['scan', dir, '--format', 'json'], REPO, 30_000);
      assert.equal(r.timedOut, false, 'the scan hung reading /dev/zero');
      assert.equal(r.code, 0);
      assert.match(r.err, /it is a device, not a regular file/);
    } finally {
      clear();
    }
  });

  it('a usage file over the size cap is refused unread (one message), the scan goes on', async () => {
    clear();
    const entries = Array.from({ length: 60_000 }, (_v, i) => `"src/missing${i}.ts#fn${i}": { "callsPerDay": ${i} }`);
    writeFileSync(usage(), `{ "callSites": {\n${entries.join(',\n')}\n} }\n`);
    try {
      const t0 = performance.now();
      const r = await run(['scan', '.', '--format', 'json']);
      assert.equal(r.code, 0);
      assert.match(r.err, /the file is \d+\.\d MB, above the 2\.0 MB limit for a usage file\. It is ignored; defaults apply/);
      assert.equal(r.err.trim().split('\n').length, 1, r.err.slice(0, 500));
      assert.ok(performance.now() - t0 < 30_000);
    } finally {
      clear();
    }
  });

  it('thousands of warnings of one kind print as a few lines and a count', async () => {
    clear();
    const entries = Array.from({ length: 20_000 }, (_v, i) => `"src/missing${i}.ts#fn${i}": { "callsPerDay": 5 }`);
    writeFileSync(usage(), `{ "callSites": {\n${entries.join(',\n')}\n} }\n`);
    try {
      const r = await run(['scan', '.', '--format', 'json']);
      assert.equal(r.code, 0);
      const lines = r.err.trim().split('\n');
      assert.ok(lines.length <= 10, `${lines.length} lines of warnings`);
      assert.match(r.err, /no call site has the id "src\/missing0\.ts#fn0"/);
      assert.match(r.err, /… and 19,995 more like “warning: no call site has the id …/);
    } finally {
      clear();
    }
  });
});

describe('file names that are not valid UTF-8', () => {
  // Linux names are bytes: a name with invalid UTF-8 is listed decoded (U+FFFD for the bad bytes) and opened by
  // its bytes. Before, it was opened under the decoded name and lost as "unreadable (ENOENT)".
  it(
    'a call in a file whose name has invalid UTF-8 bytes is found, in a folder whose name has them too',
    { skip: process.platform !== 'linux' ? 'Linux file names are bytes; elsewhere they are not' : false },
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'tierwise-utf8-'));
      try {
        mkdirSync(path.join(root, 'src'));
        const name = Buffer.concat([Buffer.from(path.join(root, 'src', 'tri')), Buffer.from([0xff]), Buffer.from('age.ts')]);
        writeFileSync(name, CALL('labelBytes'));
        const dir = Buffer.concat([Buffer.from(path.join(root, 'src', 'l')), Buffer.from([0xe9]), Buffer.from('gacy')]);
        mkdirSync(dir);
        writeFileSync(Buffer.concat([dir, Buffer.from('/old.ts')]), CALL('labelOld'));
        const r = await run(['scan', '.', '--format', 'json'], root);
        const report = JSON.parse(r.out) as { callSites: Array<{ id: string; file: string }>; skipped: Array<{ file: string; reason: string }> };
        assert.deepEqual(report.skipped, [], 'a file was lost');
        assert.deepEqual(
          report.callSites.map((s) => s.id).sort(),
          ['src/l\uFFFDgacy/old.ts#labelOld', 'src/tri\uFFFDage.ts#labelBytes'],
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  );
});
