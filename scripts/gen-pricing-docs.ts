// Regenerates the price table in docs/pricing.md from src/core/cost/prices.ts (the data):
//   node --import tsx scripts/gen-pricing-docs.ts
// test/unit/cost-docs.test.ts fails when the two disagree.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICE_TABLE, PriceBook } from '../src/core/cost/prices';
import { priceTableMarkdown } from '../src/core/present/priceTable';

export function renderPricingDoc(doc: string): string {
  const { table, sources } = priceTableMarkdown(PRICE_TABLE, new PriceBook(PRICE_TABLE));
  const replace = (text: string, name: string, body: string): string => {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`docs/pricing.md has no ${start} … ${end} block`);
    return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
  };
  let out = replace(doc, 'price-table', table);
  out = replace(out, 'price-sources', sources);
  return out.replace(/Prices as of \*\*\d{4}-\d{2}-\d{2}\*\*/, `Prices as of **${PRICE_TABLE.asOf}**`);
}

if (require.main === module) {
  const file = join(__dirname, '..', 'docs', 'pricing.md');
  const next = renderPricingDoc(readFileSync(file, 'utf8'));
  writeFileSync(`${file}.tmp`, next);
  renameSync(`${file}.tmp`, file);
  process.stdout.write(`docs/pricing.md: ${PRICE_TABLE.models.length} models as of ${PRICE_TABLE.asOf}\n`);
}
