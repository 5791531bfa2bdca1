import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanWorkspace, looksMinified } from '../../src/core/scan/workspace';
import { Project } from '../../src/core/scan/project';
import { frontEnds, parseFile } from '../../src/core/scan/engine/frontends';
import { runSync } from '../../src/core/scan/engine/project';
import { ParsePool, parseWorkerPath } from '../../src/core/scan/engine/pool';
import { FIXTURES, fixtureNames, scanFixture } from './scan-fixture-util';

const CALL = (fn: string, model = 'claude-haiku-4-5') => `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function ${fn}(q: string) {
  return client.messages.create({ model: "${model}", max_tokens: 10, messages: [{ role: "user", content: q }] });
}
`;

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'tierwise-scan-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

test('default ignores, root and nested .gitignore (with negation), user exclude globs', async () => {
  const root = tree({
    '.gitignore': 'generated/\n*.gen.ts\n',
    'src/a.ts': CALL('a'),
    'src/b.gen.ts': CALL('b'),
    'generated/c.ts': CALL('c'),
    'node_modules/sdk/d.ts': CALL('d'),
    'dist/e.js': CALL('e'),
    'coverage/f.js': CALL('f'),
    '.next/g.js': CALL('g'),
    'pkg/.gitignore': 'local/\n!keep.gen.ts\n',
    'pkg/local/h.ts': CALL('h'),
    'pkg/keep.gen.ts': CALL('keep'),
    'legacy/old.ts': CALL('old'),
  });
  try {
    const r = await scanWorkspace(root, [], { exclude: ['legacy/**'] });
    assert.deepEqual(r.calls.map((c) => c.file).sort(), ['pkg/keep.gen.ts', 'src/a.ts']);
    const all = await scanWorkspace(root, [], { gitignore: false, defaultIgnores: false });
    assert.ok(all.calls.some((c) => c.file === 'node_modules/sdk/d.ts'));
    assert.ok(all.calls.some((c) => c.file === 'generated/c.ts'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('large, minified, binary and non-UTF-8 files are skipped with a reason; an unparsable file keeps what can be recovered', async () => {
  const big = CALL('big') + `export const pad = "${'x'.repeat(1024 * 1024)}";\n`;
  const minified = `import Anthropic from "@anthropic-ai/sdk";const c=new Anthropic();${'export const v=c.messages.create({model:"claude-haiku-4-5",max_tokens:1,messages:[]});'.repeat(60)}`;
  const root = tree({
    'src/ok.ts': CALL('ok'),
    'src/big.ts': big,
    'src/vendor.js': minified,
    'src/lib.min.js': CALL('min'),
    'src/blob.ts': Buffer.from([0x61, 0x00, 0x62, 0x6e, 0x74, 0x68]),
    // A source file with one NUL character typed into a regular expression is text, not binary.
    'src/nul.ts': `${CALL('nul')}\nexport const clean = (s: string) => s.replace(/\u0000/g, '');\n${'// padding so one NUL is rare\n'.repeat(40)}`,
    'src/latin1.js': Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\n' + CALL('latin'))]),
    'src/broken.ts': `${CALL('first')}\nexport function broken( {\n  return 1;\n}\n\nexport async function after(q: string) {\n  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 5, messages: [{ role: "user", content: q }] });\n}\n`,
  });
  try {
    const r = await scanWorkspace(root);
    const reason = (f: string) => r.skipped.find((s) => s.file === f)?.reason ?? '';
    assert.match(reason('src/big.ts'), /larger than 1024 KB/);
    assert.match(reason('src/vendor.js'), /minified/);
    assert.match(reason('src/lib.min.js'), /minified/);
    assert.match(reason('src/blob.ts'), /binary/);
    assert.match(reason('src/latin1.js'), /UTF-8/);
    assert.match(reason('src/broken.ts'), /syntax error at line 8: .* read as TypeScript recovers it: every line was read/);
    const fns = r.calls.map((c) => `${c.file}#${c.enclosingFunction}`).sort();
    assert.deepEqual(fns, ['src/broken.ts#after', 'src/broken.ts#first', 'src/nul.ts#nul', 'src/ok.ts#ok']);
    assert.equal(r.filesRead, 8);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('symlink loops and dangling links are reported, never followed forever', async () => {
  const root = tree({ 'src/a.ts': CALL('a') });
  try {
    symlinkSync('..', join(root, 'src', 'up'));
    symlinkSync(join(root, 'src'), join(root, 'again'));
    symlinkSync('self', join(root, 'self'));
    symlinkSync('missing.ts', join(root, 'dangling.ts'));
    const r = await scanWorkspace(root);
    assert.deepEqual(r.calls.map((c) => c.file), ['src/a.ts']);
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.file, s.reason]));
    assert.match(reasons['src/up'], /symlink loop/);
    assert.match(reasons['self'], /symlink loop/);
    assert.match(reasons['again'], /already scanned/);
    assert.match(reasons['dangling.ts'], /broken symlink/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('unreadable files are skipped with a reason', { skip: process.getuid?.() === 0 ? 'root can read anything' : false }, async () => {
  const root = tree({ 'src/a.ts': CALL('a'), 'src/locked.ts': CALL('locked') });
  try {
    const { chmodSync } = await import('node:fs');
    chmodSync(join(root, 'src', 'locked.ts'), 0);
    const r = await scanWorkspace(root);
    assert.match(r.skipped.find((s) => s.file === 'src/locked.ts')?.reason ?? '', /unreadable/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('callers of a wrapper are found in files that never mention an SDK; only the given paths are scanned', async () => {
  const root = tree({
    'src/lib/llm.ts': `import Anthropic from "@anthropic-ai/sdk";\nconst c = new Anthropic();\nexport async function ask(model: string, p: string) {\n  return c.messages.create({ model, max_tokens: 50, messages: [{ role: "user", content: p }] });\n}\n`,
    'src/features/one.ts': `import { ask } from "../lib/llm";\nexport const one = () => ask("claude-haiku-4-5", "hi");\n`,
    'src/features/two.ts': `import { ask } from "../lib/llm";\nexport async function two() {\n  return ask("claude-sonnet-4-5", "hello");\n}\n`,
    'src/features/none.ts': `export const unrelated = 1;\n`,
    'other/x.ts': CALL('x'),
  });
  try {
    const r = await scanWorkspace(root, ['src']);
    assert.deepEqual(
      r.calls.map((c, i) => [r.ids[i], c.sdk, c.model.resolved]),
      [
        ['src/features/one.ts#one', 'wrapper', 'claude-haiku-4-5'],
        ['src/features/two.ts#two', 'wrapper', 'claude-sonnet-4-5'],
      ],
    );
    assert.equal(r.filesParsed, 3, 'the unrelated file is never parsed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('cancel with an AbortSignal; progress is reported', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 600; i++) files[`src/f${i}.ts`] = `export const v${i} = ${i};\n`;
  const root = tree(files);
  try {
    const phases = new Set<string>();
    await scanWorkspace(root, [], { onProgress: (p) => phases.add(p.phase) });
    assert.ok(phases.has('reading') && phases.has('done'));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(scanWorkspace(root, [], { signal: ac.signal }), /cancelled/);
    const ac2 = new AbortController();
    await assert.rejects(
      scanWorkspace(root, [], { signal: ac2.signal, onProgress: (p) => p.phase === 'reading' && p.done > 0 && ac2.abort() }),
      /cancelled/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Project re-parses a file only when its text changed; delete removes its calls', () => {
  const p = new Project(frontEnds());
  const texts: Record<string, string> = { 'src/a.ts': CALL('a'), 'src/b.ts': 'export const nothing = 1;\n' };
  const run = () => runSync(p.compute((f) => texts[f] ?? null), (r) => parseFile(r.file, r.text, r.options));
  for (const [f, t] of Object.entries(texts)) p.setFile(f, t);
  assert.equal(run().calls[0].model.resolved, 'claude-haiku-4-5');
  assert.equal(p.parses, 1, 'a file that cannot matter is not parsed');
  p.setFile('src/a.ts', CALL('a'));
  run();
  assert.equal(p.parses, 1, 'same text: cached');
  texts['src/a.ts'] = CALL('a', 'claude-sonnet-4-5');
  p.setFile('src/a.ts', texts['src/a.ts']);
  assert.equal(run().calls[0].model.resolved, 'claude-sonnet-4-5');
  assert.equal(p.parses, 2);
  p.deleteFile('src/a.ts');
  assert.equal(run().calls.length, 0);
});

test('minified detection tells bundles from hand-written source by more than line length', () => {
  assert.equal(looksMinified('const a = 1;\n'.repeat(5000)), false);
  assert.equal(looksMinified('var a=1;'.repeat(2000)), true);
  // A prompt constant of 45 KB on one line is prose, not a bundle.
  const prose = 'You are a careful support agent. Read the ticket below and decide which team should handle it. '.repeat(480);
  assert.equal(looksMinified(`export const PROMPT = "${prose}";\nexport const x = 1;\n`), false);
  // Bundler signs: a source map comment, a banner.
  assert.equal(looksMinified(`${'a'.repeat(5000)} b c\n//# sourceMappingURL=x.js.map`), true);
});

test('a hand-written file whose prompt is one long line keeps its call (it is not taken for a minified bundle)', async () => {
  const prose = 'Decide whether the message is spam. Consider the sender, the links and the wording carefully. '.repeat(500);
  const root = tree({ 'src/spam.ts': `import Anthropic from "@anthropic-ai/sdk";\nconst c = new Anthropic();\nconst PROMPT = "${prose}";\nexport async function isSpam(m: string) {\n  return c.messages.create({ model: "claude-haiku-5-5", max_tokens: 5, system: PROMPT, messages: [{ role: "user", content: m }] });\n}\n` });
  try {
    const r = await scanWorkspace(root);
    assert.deepEqual(r.ids, ['src/spam.ts#isSpam']);
    assert.equal(r.skipped.length, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('parsing in the worker pool finds the same call sites and skip reasons as in place; a file over its time budget is skipped, the others kept', async () => {
  const files: Record<string, string | Buffer> = {
    'src/lib/llm.ts': `import Anthropic from "@anthropic-ai/sdk";\nconst c = new Anthropic();\nexport async function ask(model: string, p: string) {\n  return c.messages.create({ model, max_tokens: 50, messages: [{ role: "user", content: p }] });\n}\n`,
    'src/blob.ts': Buffer.from([0x61, 0x00, 0x62]),
    'src/latin1.js': Buffer.from([0x2f, 0x2f, 0xe9, 0x0a]),
  };
  for (let i = 0; i < 30; i++) files[`src/f${i}.ts`] = i % 10 === 0 ? CALL(`call${i}`) : i % 7 === 0 ? `import { ask } from "./lib/llm";\nexport const w${i} = () => ask("claude-haiku-4-5", "x");\n` : `export const v${i} = ${i};\n`;
  const root = tree(files);
  const where = parseWorkerPath();
  assert.ok(where, 'the parse worker is found');
  const pool = new ParsePool(where, { size: 1, fileTimeoutMs: 60_000 });
  try {
    const one = await scanWorkspace(root, []);
    const two = await scanWorkspace(root, [], { pool });
    assert.deepEqual(two.ids, one.ids);
    assert.deepEqual(two.skipped, one.skipped);
    assert.equal(one.calls.filter((c) => c.sdk === 'wrapper').length, 4);
  } finally {
    await pool.close();
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * A parse worker that reads files with the real front-ends, except that it never finishes a file whose name holds
 * `slow` (an input a parser cannot finish): the budget's behaviour, independent of how fast this machine parses.
 */
function slowWorker(): { file: string; eval: string } {
  const frontends = join(__dirname, '..', '..', 'src', 'core', 'scan', 'engine', 'frontends.ts');
  const all = join(__dirname, '..', '..', 'src', 'core', 'scan', 'engine', 'frontendsAll.ts');
  const parse = join(__dirname, '..', '..', 'src', 'core', 'scan', 'ts', 'parse.ts');
  return {
    file: frontends,
    eval: `require('tsx/cjs/api').register();
const { parentPort } = require('node:worker_threads');
const fe = require(${JSON.stringify(frontends)});
require(${JSON.stringify(all)});
fe.loadFrontEnds().then(() => {
  require(${JSON.stringify(parse)}).preloadTsParser();
  parentPort.postMessage({ type: 'ready' });
});
parentPort.on('message', (m) => {
  for (const r of m.reqs) {
    if (r.file.includes('slow')) for (;;) {}
    const a = fe.parseFile(r.file, r.text, r.options);
    if (!('skipped' in a)) a.text = '';
    parentPort.postMessage({ type: 'result', json: JSON.stringify(a) });
  }
});`,
  };
}

test('the per-file time budget stops a file that takes too long, reports it, and keeps every other file (sent with it too)', async () => {
  // One batch holds all three files: the slow one is stopped, the one after it goes to a fresh worker.
  const root = tree({ 'src/a.ts': CALL('a'), 'src/b-slow.ts': CALL('slow'), 'src/c.ts': CALL('c') });
  const pool = new ParsePool(slowWorker(), { size: 1, fileTimeoutMs: 4000 });
  try {
    const r = await scanWorkspace(root, [], { pool });
    assert.deepEqual(r.ids, ['src/a.ts#a', 'src/c.ts#c']);
    assert.deepEqual(r.skipped.map((s) => s.file), ['src/b-slow.ts']);
    assert.match(r.skipped[0].reason, /took longer than 4 s to read \(the per-file time budget\)/);
    assert.deepEqual(pool.timedOut, ['src/b-slow.ts']);
  } finally {
    await pool.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('the walker finds the same call sites as the in-memory scan on every fixture (follow-up through import keys)', async () => {
  for (const name of fixtureNames()) {
    const walked = await scanWorkspace(join(FIXTURES, name));
    assert.deepEqual(walked.ids, scanFixture(name).ids, name);
  }
});
