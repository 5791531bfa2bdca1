import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICE_TABLE } from '../../src/core/cost/prices';
import { renderPricingDoc } from '../../scripts/gen-pricing-docs';

// docs/pricing.md shows the price table and every row's sources; they are generated from the data
// (`node --import tsx scripts/gen-pricing-docs.ts`). This fails when someone edits one without the other.

test('docs/pricing.md is generated from the price table (rows, sources, date)', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'pricing.md'), 'utf8');
  assert.equal(doc, renderPricingDoc(doc), 'run: node --import tsx scripts/gen-pricing-docs.ts');
  for (const m of PRICE_TABLE.models) assert.ok(doc.includes(`| \`${m.id}\` |`), m.id);
  assert.ok(doc.includes(`as of **${PRICE_TABLE.asOf}**`));
});
