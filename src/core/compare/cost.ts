// Cost of one call from the usage the API reported, priced with the shared price table (src/core/cost).
import type { PriceBook } from '../cost/prices';
import { GENERATION_FACTOR } from '../cost/tokens';
import type { CurrentReference } from './stats';
import type { CompareColumn, UsageTokens } from './types';

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

/**
 * The call's current model priced on a compared run's tokens: the run of the same family (a Haiku-family model is
 * read off the Haiku column, anything else off the Sonnet column), its counts converted to the current model's
 * tokenizer generation (the newer tokenizer counts about 1.3× the same text).
 */
export function currentReference(book: PriceBook, models: Record<CompareColumn, string>, currentModel: string): CurrentReference {
  const cur = book.find(currentModel);
  const column: CompareColumn = cur?.family === 'haiku' || (!cur && /haiku/i.test(currentModel)) ? 'haiku' : 'sonnet';
  const from = book.find(models[column]);
  const ratio = cur && from ? GENERATION_FACTOR[cur.tokenizer] / GENERATION_FACTOR[from.tokenizer] : 1;
  const scale = (n: number): number => Math.round(n * ratio);
  return {
    model: currentModel,
    column,
    costOf: (run) =>
      cur && run.usage
        ? callCostUsd(book, cur.id, { input: scale(run.usage.input), output: scale(run.usage.output), cacheRead: scale(run.usage.cacheRead), cacheWrite: scale(run.usage.cacheWrite) })
        : null,
  };
}
