// Cost of one call from the usage the API reported, priced with the shared price table (src/core/cost).
import type { PriceBook } from '../cost/prices';
import type { UsageTokens } from './types';

/** USD for one call, or null when the model is not in the table. Applies the prompt-length band (Haiku 5.5 over 100k). */
export function callCostUsd(book: PriceBook, model: string, usage: UsageTokens, date = new Date().toISOString().slice(0, 10)): number | null {
  const entry = book.find(model);
  if (!entry) return null;
  let prices = book.pricesOn(entry, date);
  const promptTokens = usage.input + usage.cacheRead + usage.cacheWrite;
  if (entry.band && promptTokens > entry.band.overPromptTokens) prices = entry.band.prices;
  return (
    (usage.input * prices.input + usage.output * prices.output + usage.cacheRead * prices.cacheRead + usage.cacheWrite * prices.cacheWrite5m) /
    1e6
  );
}

/** Upper bound of a run before it happens: every input token, and max_tokens of output. */
export function estimateCallUsd(book: PriceBook, model: string, inputTokens: number, maxTokens: number): number | null {
  return callCostUsd(book, model, { input: inputTokens, output: maxTokens, cacheRead: 0, cacheWrite: 0 });
}
