// A plumbing function that branches on whether its caller gives a schema (`schema ? generateObject : generateText`):
// the site of a caller that passes one shows that schema (and so its short, constrained answer); a caller that passes
// none shows the plain text request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanTexts } from '../../src/core/scan/project';
import { buildCard } from '../../src/core/infer/card';

const root = join(__dirname, '..', 'fixtures', 'scan-ts', 'layer-spread-forwarding');

function tree(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tree(p, out);
    else if (name !== 'expected.json') out[relative(root, p)] = readFileSync(p, 'utf8');
  }
  return out;
}

test('the branch whose schema the caller fills stands for the site', () => {
  const { calls } = scanTexts(tree(root));
  const card = (fn: string) => buildCard(calls.find((c) => c.enclosingFunction === fn)!);
  const products = card('extractProducts');
  assert.equal(products.output.structured, true);
  assert.deepEqual(products.output.schema?.fields.map((f) => f.name), ['items']);
  assert.equal(card('pageSummary').output.schema, null);
  assert.equal(card('pageSummary').output.structured, false);
});
