// Issue #11, item 7: test files are left out without a word (one repository hid 9 grader calls that way), skipped
// files are announced but not listed, and the tree's descriptions are clipped at the default side-bar width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { parseCommandLine } from '../../src/cli/args';
import { reportHtml } from '../../src/core/present/report';
import { groupSites, siteCosts, siteLabels, treeDescription } from '../../src/core/present/summary';
import { scanWorkspace } from '../../src/core/scan/workspace';
import { isTestFile, summarizeTestFiles, testFilesNote } from '../../src/core/testFiles';
import type { CallSite } from '../../src/core/types';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

const TS_CALL = (fn: string) =>
  `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport async function ${fn}(text: string) {\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 300, system: "Grade the answer from 1 to 5.", messages: [{ role: "user", content: text }] });\n}\n`;
const PY_CALL = (fn: string) =>
  `import anthropic\nclient = anthropic.Anthropic()\n\ndef ${fn}(text):\n    return client.messages.create(model="claude-sonnet-4-6", max_tokens=300, system="Grade the answer from 1 to 5.", messages=[{"role": "user", "content": text}])\n`;

/** A workspace with one LLM call per file: production code, and tests in every layout the scanners know. */
function workspaceWithTests(): { dir: string; files: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-tests-'));
  const files = [
    'src/grade.ts',
    'src/grade.test.ts',
    'src/grade.spec.js',
    'tests/grader.ts',
    'test/e2e/grader.mjs',
    'src/__tests__/grader.tsx',
    'src/__mocks__/client.ts',
    'spec/grader.cts',
    'app/grade.py',
    'tests/test_grader.py',
    'app/grader_test.py',
    'conftest.py',
    'testing/helpers.py',
    'app/contest.py',
    'src/latest/testimony.ts',
    // Named like a test, outside a tests folder, holding none: a module of the app (it writes tests).
    'app/generator/unit_test.py',
  ];
  files.forEach((f, i) => {
    mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
    // (A pytest file outside a tests folder is a test by what it holds.)
    const py = (f === 'app/grader_test.py' ? 'import pytest\n\n' : '') + PY_CALL(`grade_${i}`);
    writeFileSync(path.join(dir, f), f.endsWith('.py') ? py : TS_CALL(`grade${i}`));
  });
  return { dir, files };
}

test('isTestFile says which files the scanners leave out as tests (the count and the scan agree)', async () => {
  const { dir, files } = workspaceWithTests();
  try {
    const scan = await scanWorkspace(dir, []);
    const scanned = new Set(scan.calls.map((c) => c.file));
    const read = (rel: string) => readFileSync(path.join(dir, rel), 'utf8');
    for (const f of files) assert.equal(isTestFile(f, read), !scanned.has(f), `${f}: isTestFile ${isTestFile(f, read)}, scanned ${scanned.has(f)}`);
    assert.deepEqual([...scanned].sort(), ['app/contest.py', 'app/generator/unit_test.py', 'app/grade.py', 'src/grade.ts', 'src/latest/testimony.ts']);
    // Without the texts the names alone decide.
    assert.equal(isTestFile('app/generator/unit_test.py'), true);
    assert.equal(isTestFile('src/types.d.ts'), false, 'declarations are not tests');
    assert.equal(isTestFile('README.md'), false);
    const summary = summarizeTestFiles(files, false, 5, read);
    assert.equal(summary.count, 11);
    assert.equal(testFilesNote(summary), '11 test files not scanned');
    assert.equal(testFilesNote({ ...summary, included: true }), '11 test files scanned (tierwise.scanTests)');
    assert.equal(testFilesNote(summarizeTestFiles([], false)), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: says how many test files it left out, and --include-tests reaches the scan', async () => {
  const { dir } = workspaceWithTests();
  try {
    let out = '';
    let err = '';
    const code = await runCli(['scan', dir, '--format', 'json'], (s) => (out += s), (s) => (err += s), dir);
    assert.equal(code, 0);
    assert.match(err, /tierwise: 11 test files not scanned \(pass --include-tests to scan them\)/);
    // stdout stays the version-1 JSON (the editor's export must equal it).
    assert.equal(JSON.parse(out).version, 1);
    assert.equal(parseCommandLine(['scan', '--include-tests']).command === 'scan' && (parseCommandLine(['scan', '--include-tests']) as { includeTests: boolean }).includeTests, true);
    assert.equal((parseCommandLine(['scan']) as { includeTests: boolean }).includeTests, false);
    err = '';
    assert.equal(await runCli(['scan', dir, '--format', 'json', '--include-tests'], () => {}, (s) => (err += s), dir), 0);
    assert.doesNotMatch(err, /test files not scanned/);
    // The option is passed to the scan entry point (the scanner honours it; src/core/scan is the lead's).
    const main = readFileSync(path.join(ROOT, 'src', 'cli', 'main.ts'), 'utf8');
    assert.match(main, /scanWorkspace\(root, relPaths, \{[^}]*includeTests: command\.includeTests/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function site(id: string, over: Partial<CallSite> = {}): CallSite {
  return {
    id,
    file: id.split('#')[0],
    line: 3,
    column: 1,
    language: 'typescript',
    sdk: 'anthropic',
    api: 'messages.create',
    model: { expression: "'claude-sonnet-5-5'", resolved: 'claude-sonnet-5-5' },
    streaming: false,
    batch: false,
    cacheControl: false,
    taskType: 'classify_intent',
    confidence: 0.9,
    reasons: [],
    recommendedTier: 'haiku',
    tokens: { input: 600, output: 10, source: 'estimate' },
    callsPerDay: 1000,
    volumeSource: 'default',
    monthlyCost: { haiku: 2, sonnet: 40, current: 40 },
    ...over,
  };
}

const reportInput = (over: Record<string, unknown> = {}) => ({
  sites: [site('src/a.ts#f'), site('src/b.ts#g', { taskType: 'review_code', recommendedTier: 'sonnet' as const, model: { expression: 'x', resolved: 'claude-haiku-5-5' }, monthlyCost: { haiku: 2, sonnet: 40, current: 2 } })],
  pricing: { asOf: '2026-12-01', tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' } },
  folders: ['ws'],
  skipped: 2,
  skippedHref: 'command:tierwise.showSkippedFiles?%5B%5D',
  testFiles: { count: 9, included: false, examples: ['tests/test_grader.py', 'tests/test_judge.py'] },
  testFilesHref: 'command:tierwise.showTestFilesSetting?%5B%5D',
  usageProblems: 0,
  indexing: false,
  exportMarkdownHref: 'command:tierwise.exportReport?%5B%22markdown%22%5D',
  exportJsonHref: 'command:tierwise.exportReport?%5B%22json%22%5D',
  rescanHref: 'command:tierwise.rescan',
  ...over,
});

test('report: skipped files link to their list; test files left out are counted with a link to the setting', () => {
  const html = reportHtml(reportInput(), 'N', 'vscode-resource:');
  assert.match(html, /2 files skipped \(listed in the Tierwise output\)\. <a href="command:tierwise\.showSkippedFiles\?%5B%5D">Show the list<\/a>/);
  assert.match(html, /9 test files not scanned \(tests\/test_grader\.py, tests\/test_judge\.py, …\): calls in tests are not counted\. <a href="command:tierwise\.showTestFilesSetting\?%5B%5D">Include them \(tierwise\.scanTests\)<\/a>/);
  const included = reportHtml(reportInput({ testFiles: { count: 9, included: true, examples: [] }, skipped: 0 }), 'N', 'x');
  assert.match(included, /9 test files scanned \(tierwise\.scanTests\): their calls are counted\./);
  assert.doesNotMatch(included, /skipped/);
  // A workspace file name in a note is text, never markup.
  const evil = reportHtml(reportInput({ testFiles: { count: 1, included: false, examples: ['tests/<img src=x>.py'] } }), 'N', 'x');
  assert.ok(!evil.includes('<img src=x>') && evil.includes('&lt;img src=x&gt;'));
});

test('report colours: no chart colour is used as is (translucent and 1.5:1 in Light Modern); savings read in the text colour', () => {
  const html = reportHtml(reportInput(), 'N', 'x');
  const css = html.slice(html.indexOf('<style'), html.indexOf('</style>'));
  // Every use of a chart colour goes through rgb(from … / 1) (opaque) inside a color-mix with the text colour.
  for (const m of css.matchAll(/var\(--vscode-charts-(\w+)[^)]*\)/g)) {
    const at = m.index!;
    assert.match(css.slice(Math.max(0, at - 60), at), /color-mix\(in srgb, rgb\(from $/, `charts-${m[1]} used as is: ${css.slice(at - 60, at + 60)}`);
  }
  assert.match(css, /\.delta \{ color: var\(--vscode-foreground\)/);
  assert.doesNotMatch(css, /#[0-9a-f]{3,8}\b(?![^(]*\))/i, 'no hard-coded colour outside a var() fallback');
  // The saving and the extra cost carry a direction mark besides the colour.
  assert.match(html, /<span class="delta save"><span class="mark" aria-hidden="true">▼<\/span> \$38\.00<\/span>/);
  assert.match(html, /<span class="delta more"><span class="mark" aria-hidden="true">▲<\/span> \+\$38\.00<\/span>/);
});

test('tree: every description of the example workspace is at most 12 characters', async () => {
  let out = '';
  await runCli(['scan', EXAMPLES, '--format', 'json'], (s) => (out += s), () => {}, ROOT);
  const sites = (JSON.parse(out) as { callSites: CallSite[] }).callSites;
  const rows: string[] = [];
  for (const by of ['taskType', 'file'] as const) for (const g of groupSites(sites.map((s) => ({ site: s })), by)) rows.push(treeDescription(g.totals.current, g.saving));
  for (const s of sites) rows.push(treeDescription(siteCosts(s).current, siteCosts(s).saving));
  for (const r of rows) assert.ok(r.length <= 12, `"${r}" is ${r.length} characters`);
  assert.equal(treeDescription(2673, 2559.3), 'save $2,559');
  assert.equal(treeDescription(279.15, -73.53), '+$73.53');
  assert.equal(treeDescription(94.79, 0), '$94.79/mo');
});

test('tree labels: the file (or task type) alone, with the line only where two rows would read the same', () => {
  const s = (file: string, line: number, taskType = 'classify_intent') => ({ file, line, taskType });
  assert.deepEqual(siteLabels([s('src/a/triage.ts', 12), s('src/extract.ts', 3)], 'taskType'), ['triage.ts', 'extract.ts']);
  assert.deepEqual(siteLabels([s('a/triage.ts', 12), s('b/triage.ts', 12)], 'taskType'), ['triage.ts:12', 'triage.ts:12']);
  assert.deepEqual(siteLabels([s('a.ts', 3), s('a.ts', 9), s('a.ts', 20, 'review_code')], 'file'), ['classify_intent:3', 'classify_intent:9', 'review_code']);
});
