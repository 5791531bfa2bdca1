import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { originalOffset, pruneForScan } from '../../src/core/scan/typescript/prune';
import { analyzeTs, type ReuseEntry } from '../../src/core/scan/typescript/analyze';
import { TypeScriptScanner } from '../../src/core/scan/typescript/index';
import { pythonScanner } from '../../src/core/scan/python/index';
import type { BaseAnalysis, LanguageScanner } from '../../src/core/scan/language';
import { MAY_MATTER } from '../../src/core/scan/typescript/sdk';
import { scanTexts } from '../../src/core/scan/project';
import { callSiteIds } from '../../src/core/scan/ids';
import { FIXTURES, fixtureNames, summarize } from './scan-fixture-util';

const FILLER = Array.from(
  { length: 30 },
  (_x, i) => `
/** Unrelated helper ${i}: quotes ' " \` and /regex/g and a template \`a \${i} \${\`b\`}\`. */
export function helper${i}(items: number[], factor = ${i}): number[] {
  const out: number[] = [];
  for (const x of items) if (x / factor > 2) out.push(x * factor); // comment with { brace
  return out.filter((v) => /\\d+/.test(String(v)));
}
export const arrow${i} = async (s: string): Promise<string> => {
  return s.replace(/[{}]/g, "").trim();
};
`,
).join('');

function readTree(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readTree(p, root, out);
    else if (name !== 'expected.json') out[relative(root, p)] = readFileSync(p, 'utf8');
  }
  return out;
}

const ASK = `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\n${FILLER}\nexport async function ask(q: string) {\n  return client.messages.create({ model: "m", max_tokens: 1, messages: [{ role: "user", content: q }] });\n}\n${FILLER}`;

test('pruning drops unrelated functions and keeps every kept token on its line and column', () => {
  const pruned = pruneForScan(ASK, MAY_MATTER);
  assert.ok(pruned, 'something was dropped');
  assert.ok(pruned.text.length < ASK.length / 4, `the kept code is short (${pruned.text.length} of ${ASK.length})`);
  assert.equal(pruned.text.split('\n').length, ASK.split('\n').length, 'same number of lines');
  assert.ok(!pruned.text.includes('helper3'), 'an unrelated function is dropped');
  const lines = ASK.split('\n');
  const kept = pruned.text.split('\n');
  for (const needle of ['export async function ask', 'client.messages.create', 'const client']) {
    const line = lines.findIndex((l) => l.includes(needle));
    assert.equal(kept[line].indexOf(needle), lines[line].indexOf(needle), `${needle}: same line and column`);
    assert.equal(originalOffset(pruned, pruned.text.indexOf(needle)), ASK.indexOf(needle), `${needle}: offset maps back`);
  }
});

/** Filler put in front of a file and before its last top-level declaration, so offsets after it move when it is dropped. */
function interleave(text: string): string {
  const starts = [...text.matchAll(/^(?:export |function |async function |class )/gm)];
  const at = starts.length ? starts[starts.length - 1].index : text.length;
  return FILLER + text.slice(0, at) + FILLER + text.slice(at);
}

function fullParseScanners() {
  return [new TypeScriptScanner({ prune: false }) as unknown as LanguageScanner<BaseAnalysis>, pythonScanner as unknown as LanguageScanner<BaseAnalysis>];
}

test('with filler interleaved, every fixture scans to exactly the calls of a full parse: every span and offset', () => {
  let pruned = 0;
  for (const name of fixtureNames()) {
    const files = readTree(join(FIXTURES, name));
    const padded = Object.fromEntries(Object.entries(files).map(([f, t]) => [f, /\.[cm]?[jt]sx?$/.test(f) && !f.endsWith('.d.ts') ? interleave(t) : t]));
    for (const t of Object.values(padded)) if (pruneForScan(t, MAY_MATTER)) pruned++;
    const full = scanTexts(padded, fullParseScanners());
    const fast = scanTexts(padded);
    assert.deepEqual(fast.calls, full.calls, name);
  }
  assert.ok(pruned > 20, `the filler made most fixture files prunable (${pruned})`);
});

test('declarations parsed in an earlier scan and moved to their new place give the calls of a full parse', () => {
  // The same scanners scan every fixture three times: with filler, with other filler (other lengths and line
  // counts), and with the first again, so the kept declarations' trees are parsed alone, placed, and moved.
  const other = FILLER.replace(/Unrelated helper (\d+):/g, 'Unrelated helper $1, longer\n * and on two lines:').replace(/\(s: string\)/g, '(s: string, extra = 0)');
  const scanners = [new TypeScriptScanner({ reuse: true }) as unknown as LanguageScanner<BaseAnalysis>, pythonScanner as unknown as LanguageScanner<BaseAnalysis>];
  for (const name of fixtureNames()) {
    const files = readTree(join(FIXTURES, name));
    const withFiller = (filler: string) => Object.fromEntries(Object.entries(files).map(([f, t]) => [f, /\.[cm]?[jt]sx?$/.test(f) && !f.endsWith('.d.ts') ? filler + t.replace(/^(export (?:async )?function )/m, `${filler}$1`) + filler : t]));
    const first = withFiller(FILLER);
    assert.deepEqual(scanTexts(first, scanners).calls, scanTexts(first, fullParseScanners()).calls, `${name}, first scan`);
    const second = withFiller(other);
    assert.deepEqual(scanTexts(second, scanners).calls, scanTexts(second, fullParseScanners()).calls, `${name}, second scan`);
    // Back: the trees placed by the second scan move again.
    const third = withFiller(FILLER);
    assert.deepEqual(scanTexts(third, scanners).calls, scanTexts(third, fullParseScanners()).calls, `${name}, third scan`);
    // Windows line endings: a dropped unit keeps "\n" only, lines and columns must still agree.
    const crlf = Object.fromEntries(Object.entries(withFiller(other)).map(([f, t]) => [f, t.replace(/\r?\n/g, '\r\n')]));
    assert.deepEqual(scanTexts(crlf, scanners).calls, scanTexts(crlf, fullParseScanners()).calls, `${name}, CRLF`);
  }
});

test('a function the kept code calls is kept: a prompt builder that names no SDK still gives its text', () => {
  // Found on a public repository: the judge prompt came from a builder that mentions nothing relevant itself.
  const text = `import OpenAI from 'openai';\nconst client = new OpenAI();\n${FILLER}\nfunction buildJudgePrompt(task: string) {\n  return \`You are judging a generated app. Task: \${task}. Return strict JSON only.\`;\n}\n${FILLER}\nexport async function judge(task: string) {\n  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: buildJudgePrompt(task) }] });\n}\n`;
  const fast = scanTexts({ 'src/judge.ts': text }).calls;
  assert.deepEqual(fast, scanTexts({ 'src/judge.ts': text }, fullParseScanners()).calls);
  assert.match(fast[0].prompt.map((p) => p.text).join(' '), /You are judging a generated app/);
});

test('arrow functions kept in a const are reused whole only when nothing follows them on their last line', () => {
  const route = (name: string, tail: string) =>
    `export const ${name} = async (req: { text: string }) => {\n  const r = await client.messages.create({ model: 'claude-haiku-5-5', max_tokens: 5, messages: [{ role: 'user', content: req.text }] });\n  return r;\n}${tail}\n`;
  const base = `import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();\n${FILLER}${route('POST', ';')}${FILLER}${route('PUT', ', other = 1;')}${route('GET', '')}${FILLER}`;
  const scanners = [new TypeScriptScanner({ reuse: true }) as unknown as LanguageScanner<BaseAnalysis>];
  let text = base;
  for (const edit of [(t: string) => t, (t: string) => t.replace('factor = 2)', 'factor = 2222)'), (t: string) => t.replace("max_tokens: 5, messages: [{ role: 'user', content: req.text }] });\n  return r;\n};", "max_tokens: 7, messages: [{ role: 'user', content: req.text }] });\n  return r;\n};"), (t: string) => `\n\n${t}`]) {
    text = edit(text);
    const fast = scanTexts({ 'src/routes.ts': text }, scanners).calls;
    assert.equal(fast.length, 3);
    assert.deepEqual(fast, scanTexts({ 'src/routes.ts': text }, fullParseScanners()).calls);
  }
});

test('an edit inside a dropped function reuses the analysis with moved offsets; other edits parse again', () => {
  const reuse = new Map<string, ReuseEntry>();
  const file = 'src/ask.ts';
  analyzeTs(file, ASK, { reuse });
  assert.equal(reuse.get(file)?.analysis, null, 'a file analysed once (the index) is only marked');
  analyzeTs(file, ASK, { reuse });
  assert.ok(reuse.get(file)?.analysis, 'from its second analysis on (being edited), the pruned analysis is kept');
  const check = (text: string, reused: boolean, what: string) => {
    const before = reuse.get(file);
    const got = analyzeTs(file, text, { reuse });
    assert.deepEqual(got, analyzeTs(file, text), `${what}: same analysis as without reuse`);
    assert.deepEqual(got.calls, analyzeTs(file, text, { prune: false }).calls, `${what}: the calls of a full parse`);
    assert.equal(reuse.get(file) === before, reused, `${what}: ${reused ? 'reused' : 'parsed again'}`);
    const call = got.calls[0];
    assert.equal(text.slice(call.ctx.span.start, call.ctx.span.end).startsWith('client.messages.create('), true, `${what}: the call span is on the call`);
    return text;
  };
  // Typing inside a helper in front of the call: longer text, same lines → reused, offsets moved.
  let text = check(ASK.replace('factor = 3)', 'factor = 3000)'), true, 'typing in a helper');
  // Deleting characters there too.
  text = check(text.replace('const out: number[] = [];', 'const o: number[] = [];'), true, 'deleting in a helper');
  // A new line inside a helper: lines move → parsed again.
  text = check(text.replace('factor = 5)', 'factor = 5,\n  extra = 1)'), false, 'a new line in a helper');
  // An edit in the function with the call → parsed again.
  check(text.replace('max_tokens: 1', 'max_tokens: 200'), false, 'an edit at the call');
});

test('every fixture gives the same call sites when padded with unrelated code (so it is pruned)', () => {
  for (const name of fixtureNames()) {
    const files = readTree(join(FIXTURES, name));
    const padded = Object.fromEntries(Object.entries(files).map(([f, t]) => [f, /\.[cm]?[jt]sx?$/.test(f) && !f.endsWith('.d.ts') ? t + FILLER : t]));
    const a = scanTexts(files);
    const b = scanTexts(padded);
    const sa = a.calls.map((c, i) => summarize(c, callSiteIds(a.calls)[i]));
    const sb = b.calls.map((c, i) => summarize(c, callSiteIds(b.calls)[i]));
    assert.deepEqual(sb, sa, name);
  }
});
