import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICE_TABLE, PriceBook, type ModelPrice } from '../../src/core/cost/prices';

// docs/pricing.md shows the price table; this keeps it generated from the data (regenerate with the function below).

const f = (n: number) => String(Math.round(n * 1e6) / 1e6);

function row(book: PriceBook, m: ModelPrice): string {
  const p = book.pricesOn(m, PRICE_TABLE.asOf);
  const notes: string[] = [];
  for (const e of m.effective ?? []) {
    const keys = Object.keys(e).filter((k) => k !== 'from');
    notes.push(`from ${e.from}: ${keys.map((k) => `${k} ${(e as unknown as Record<string, number>)[k]}`).join(', ')} (before: ${keys.map((k) => (m.prices as unknown as Record<string, number>)[k]).join(', ')})`);
  }
  if (m.band) {
    const b = m.band.prices;
    notes.push(`over ${m.band.overPromptTokens.toLocaleString('en-US')} prompt tokens: ${[b.input, b.output, b.cacheWrite5m, b.cacheWrite1h, b.cacheRead].map(f).join(' / ')}`);
  }
  if (m.notes?.some((n) => /Unverified/.test(n))) notes.push('**unverified** (see below)');
  return `| \`${m.id}\` | ${m.aliases.map((a) => `\`${a}\``).join(', ')} | ${m.status} | ${m.retires ?? ''} | ${m.tokenizer} | ${f(p.input)} | ${f(p.output)} | ${f(p.cacheWrite5m)} | ${f(p.cacheWrite1h)} | ${f(p.cacheRead)} | ${notes.join('; ')} |`;
}

test('docs/pricing.md lists every model of the price table with the same figures', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'pricing.md'), 'utf8');
  const block = doc.slice(doc.indexOf('<!-- price-table:start -->'), doc.indexOf('<!-- price-table:end -->'));
  const rows = block.split('\n').filter((l) => l.startsWith('| `'));
  const book = new PriceBook(PRICE_TABLE);
  assert.deepEqual(rows, PRICE_TABLE.models.map((m) => row(book, m)));
  assert.ok(doc.includes(`as of **${PRICE_TABLE.asOf}**`));
});
