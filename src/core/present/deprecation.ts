// Deprecated and retired model ids: what to say and which model replaces them. Pure.
import type { PriceBook } from '../cost/prices';

export interface DeprecationFinding {
  modelId: string;
  status: 'deprecated' | 'retired';
  message: string;
  /** The current model of the same tier, when there is one. */
  replacement: string | null;
}

export function deprecationOf(resolved: string | null, book: PriceBook, tiers: { haiku: string; sonnet: string }): DeprecationFinding | null {
  const m = book.find(resolved);
  if (!m || !resolved || (m.status !== 'deprecated' && m.status !== 'retired')) return null;
  let replacement: string | null = null;
  if (m.family === 'haiku') replacement = tiers.haiku;
  else if (m.family === 'sonnet') replacement = tiers.sonnet;
  else replacement = book.table.models.find((x) => x.family === m.family && x.status === 'current' && x.provider === m.provider)?.id ?? null;
  // A tier setting that itself names an old model is no fix.
  const r = replacement ? book.find(replacement) : null;
  if (replacement && r && (r.status === 'deprecated' || r.status === 'retired' || r.id === m.id)) replacement = null;
  const when =
    m.status === 'retired'
      ? `was retired${m.retires ? ` on ${m.retires}` : ''}: requests to it fail`
      : `is deprecated${m.retires ? ` and retires on ${m.retires}` : ''}`;
  return {
    modelId: resolved,
    status: m.status,
    message: `${resolved} ${when}.${replacement ? ` The current model of its tier is ${replacement}.` : ''}`,
    replacement,
  };
}

/** The new source text of a string literal with its content replaced, keeping the quotes; null when not a plain literal. */
export function replaceLiteral(sourceText: string, newValue: string): string | null {
  const m = /^(['"`])([^'"`\\$]*)\1$/.exec(sourceText.trim());
  if (!m) return null;
  return `${m[1]}${newValue}${m[1]}`;
}
