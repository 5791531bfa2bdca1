// `tierwise verify --check`: every task type the registry routes to Haiku has a verification that is recent enough
// and was made on the models the registry uses now.
import type { PriceBook } from '../cost/prices';
import type { RegistryInfo } from '../registry/types';
import { ageInDays } from './record';
import type { VerificationRecord } from './types';

export interface CheckProblem {
  file: string;
  line: number;
  task: string;
  kind: 'missing' | 'stale' | 'models' | 'reverted';
  message: string;
}

export interface CheckResult {
  /** Entries on Haiku, each with its verification's state. */
  checked: Array<{ file: string; line: number; task: string; model: string; ok: boolean }>;
  problems: CheckProblem[];
}

/** A Claude model id in its plain form: Bedrock's, Vertex's and gateways' spellings and dated ids named as the price table names them. */
export function canonicalModel(id: string, book: PriceBook): string {
  let s = id.trim();
  const claude = /claude-[a-z0-9.-]+/i.exec(s);
  if (claude) s = claude[0];
  s = s.replace(/-v\d+(?::\d+)?$/, '').replace(/(\d)\.(\d)/g, '$1-$2');
  return book.find(s)?.id ?? book.find(id)?.id ?? s;
}

export function isHaikuModel(id: string, book: PriceBook): boolean {
  const row = book.find(canonicalModel(id, book));
  return row ? row.family === 'haiku' : /haiku/i.test(id);
}

export function checkVerifications(i: {
  registries: ReadonlyArray<{ file: string; info: RegistryInfo }>;
  verifications: Readonly<Record<string, VerificationRecord>>;
  book: PriceBook;
  today: Date;
  maxAgeDays: number;
}): CheckResult {
  const out: CheckResult = { checked: [], problems: [] };
  for (const { file, info } of i.registries) {
    const defaultModel = info.defaultModel?.value ?? null;
    for (const e of info.entries) {
      if (!isHaikuModel(e.model, i.book)) continue;
      const r = i.verifications[e.task];
      const problem = (kind: CheckProblem['kind'], message: string): void => {
        out.problems.push({ file, line: e.line, task: e.task, kind, message: `${file}:${e.line}: ${e.task} → ${e.model}: ${message}` });
      };
      const before = out.problems.length;
      if (!r) problem('missing', 'routed to Haiku with no verification in .tierwise.json (run "Tierwise: Verify Before Moving to Haiku…" or `tierwise verify --site …`).');
      else if (r.revertedAt) problem('reverted', `its verification of ${r.date} was reverted on ${r.revertedAt}, and the entry is on Haiku again without a new one.`);
      else {
        const days = ageInDays(r.date, i.today);
        if (days > i.maxAgeDays) problem('stale', `verified ${r.date}, ${days} days ago: older than ${i.maxAgeDays} days. Verify again with current inputs.`);
        if (canonicalModel(r.models.haiku, i.book) !== canonicalModel(e.model, i.book)) problem('models', `verified on ${r.models.haiku}, but the registry runs it on ${e.model}.`);
        if (defaultModel && canonicalModel(r.models.sonnet, i.book) !== canonicalModel(defaultModel, i.book)) {
          problem('models', `verified against ${r.models.sonnet}, but the registry's DEFAULT_MODEL is ${defaultModel}.`);
        }
      }
      out.checked.push({ file, line: e.line, task: e.task, model: e.model, ok: out.problems.length === before });
    }
  }
  return out;
}
