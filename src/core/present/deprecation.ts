// Deprecated and retired model ids: how bad it is, what to say, and which model replaces them. Pure: today comes in.
//
// Rules (docs/pricing.md, "Statuses in the editor"):
// - retired (or deprecated past its retirement date): an error, requests to it fail;
// - deprecated: a warning with its retirement date, and "shuts down in N days" within SHUTDOWN_SOON_DAYS;
// - the replacement is the provider's named replacement, else the current model of the same tier (the tier setting for
//   Haiku and Sonnet, else the current model of the family), and only ever a model of the call's own provider: an
//   OpenAI model is replaced by an OpenAI model, a Claude model called through Bedrock or OpenRouter gets no fix.
import { daysBetween, statusOn, type PriceBook } from '../cost/prices';
import { providerOfModel } from '../scan/provider';

/** Within this many days of its retirement date a deprecated model's warning counts the days. */
export const SHUTDOWN_SOON_DAYS = 90;

export interface DeprecationFinding {
  modelId: string;
  status: 'deprecated' | 'retired';
  severity: 'error' | 'warning';
  message: string;
  retires: string | null;
  /** Days until the retirement date, for a deprecated model with a date. */
  daysLeft: number | null;
  /** The current model of the same tier and provider, when there is one. */
  replacement: string | null;
}

export interface DeprecationContext {
  tiers: { haiku: string; sonnet: string };
  /** The provider the call's requests go to (`providerOf(call)`). */
  provider: string;
  /** ISO date. */
  today: string;
}

export function deprecationOf(resolved: string | null, book: PriceBook, ctx: DeprecationContext): DeprecationFinding | null {
  const m = book.find(resolved);
  if (!m || !resolved) return null;
  const status = statusOn(m, ctx.today);
  if (status !== 'deprecated' && status !== 'retired') return null;

  const replacement = replacementFor(m.id, book, ctx);
  const daysLeft = status === 'deprecated' && m.retires ? daysBetween(ctx.today, m.retires) : null;
  let what: string;
  if (status === 'retired') what = `was retired${m.retires ? ` on ${m.retires}` : ''}: requests to it fail`;
  else if (m.retires) {
    const soon = daysLeft !== null && daysLeft <= SHUTDOWN_SOON_DAYS ? ` — shuts down in ${daysLeft} day${daysLeft === 1 ? '' : 's'}` : '';
    what = `is deprecated and retires on ${m.retires}${soon}`;
  } else what = 'is deprecated';
  const use = replacement ? ` Use ${replacement}, the current model of its tier.` : '';
  return {
    modelId: resolved,
    status,
    severity: status === 'retired' ? 'error' : 'warning',
    message: `${resolved} ${what}.${use}`,
    retires: m.retires,
    daysLeft,
    replacement,
  };
}

function replacementFor(id: string, book: PriceBook, ctx: DeprecationContext): string | null {
  const m = book.find(id);
  if (!m) return null;
  const candidates: string[] = [];
  if (m.replacement) candidates.push(m.replacement);
  if (m.provider === 'anthropic' && m.family === 'haiku') candidates.push(ctx.tiers.haiku);
  if (m.provider === 'anthropic' && m.family === 'sonnet') candidates.push(ctx.tiers.sonnet);
  for (const x of book.table.models) if (x.family === m.family && x.provider === m.provider && statusOn(x, ctx.today) === 'current') candidates.push(x.id);
  for (const c of candidates) {
    const row = book.find(c);
    // Never a model of another provider than the call's, and never one that is itself on its way out.
    const provider = row?.provider ?? providerOfModel(c);
    if (provider !== ctx.provider) continue;
    if (row && (row.id === m.id || statusOn(row, ctx.today) === 'deprecated' || statusOn(row, ctx.today) === 'retired')) continue;
    return row && !m.replacement ? row.id : c;
  }
  return null;
}

/**
 * The model id to write in place of `written`: the replacement, keeping a routing prefix the code uses
 * (`anthropic/claude-3-5-haiku` → `anthropic/claude-haiku-5-5`, `openai:gpt-5` → `openai:gpt-6.1-sol`), so the call
 * still goes through the same SDK route to the same provider.
 */
export function replacementId(written: string, replacement: string): string {
  const prefix = /^[A-Za-z][\w-]*[/:](?=[^/:]+$)/.exec(written.trim());
  return prefix ? `${prefix[0]}${replacement}` : replacement;
}

/** The new source text of a string literal with its content replaced, keeping the quotes; null when not a plain literal. */
export function replaceLiteral(sourceText: string, newValue: string): string | null {
  const m = /^(['"`])([^'"`\\$]*)\1$/.exec(sourceText.trim());
  if (!m) return null;
  return `${m[1]}${newValue}${m[1]}`;
}
