import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pruneForScan } from '../../src/core/scan/typescript/prune';
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

test('pruning blanks unrelated functions and keeps offsets and lines', () => {
  const text = `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\n${FILLER}\nexport async function ask(q: string) {\n  return client.messages.create({ model: "m", max_tokens: 1, messages: [{ role: "user", content: q }] });\n}\n`;
  const pruned = pruneForScan(text, MAY_MATTER);
  assert.ok(pruned, 'something was blanked');
  assert.equal(pruned!.length, text.length);
  assert.equal(pruned!.split('\n').length, text.split('\n').length);
  assert.ok(!pruned!.includes('helper3'), 'an unrelated function is blanked');
  assert.ok(pruned!.includes('export async function ask'), 'the function with the call is kept');
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
