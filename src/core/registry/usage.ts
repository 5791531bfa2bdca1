// The registry's own lenses as data: per entry, the call sites that name its task type and what they cost
// on the entry's model and on the other tier; unused entries; task types used in code but missing.
import type { Language, MonthlyCost, Tier } from '../types';
import { formatMoney } from '../present/format';
import { modelFamily, modelLabel, type TierModels } from '../present/lens';
import type { RegistryInfo } from './types';
import { claudeIdForm, formatClaudeModel } from './route';

/** What the lenses need of a call site. */
export interface RegistrySiteFacts {
  id: string;
  language: Language;
  /** The task type the call names through the registry (`modelFor("x")`), or null. */
  registryTask: string | null;
  monthlyCost: MonthlyCost;
}

export interface TierOption {
  tier: Tier;
  model: string;
  /** Monthly cost of the entry's calls on that tier. */
  monthly: number;
  /** Positive: saved per month by switching; negative: extra cost. */
  saves: number;
}

export interface EntryUsage {
  task: string;
  model: string;
  line: number;
  siteIds: string[];
  /** Monthly cost on the entry's model now. */
  current: number;
  /** The tiers the entry could switch to (the other tier; both for an Opus / other entry). */
  options: TierOption[];
}

export interface MissingTask {
  task: string;
  siteIds: string[];
  /** DEFAULT_MODEL, which these calls fall back to (null when the registry has none). */
  defaultModel: string | null;
  monthly: number;
}

export interface RegistryUsage {
  entries: EntryUsage[];
  missing: MissingTask[];
}

export function sitesForRegistry(info: RegistryInfo, sites: readonly RegistrySiteFacts[]): RegistrySiteFacts[] {
  const python = info.language === 'python';
  return sites.filter((s) => s.registryTask !== null && (s.language === 'python') === python);
}

function tierOf(model: string, tiers: TierModels): Tier | null {
  if (model === tiers.haiku) return 'haiku';
  if (model === tiers.sonnet) return 'sonnet';
  const family = modelFamily(model);
  return family === 'haiku' || family === 'sonnet' ? family : null;
}

export function registryUsage(info: RegistryInfo, allSites: readonly RegistrySiteFacts[], tiers: TierModels): RegistryUsage {
  const sites = sitesForRegistry(info, allSites);
  const sum = (xs: readonly RegistrySiteFacts[], f: (s: RegistrySiteFacts) => number) => xs.reduce((a, s) => a + f(s), 0);
  const entries: EntryUsage[] = info.entries.map((e) => {
    const mine = sites.filter((s) => s.registryTask === e.task);
    const tier = tierOf(e.model, tiers);
    const current = sum(mine, (s) => s.monthlyCost.current ?? (tier ? s.monthlyCost[tier] : 0));
    // A switch keeps the provider the entry's calls talk to: only a Claude entry switches tier, written its way
    // (`us.anthropic.claude-haiku-5-5-v1:0` stays a Bedrock id); another provider's model has no tier to switch to.
    const form = claudeIdForm(e.model);
    const inForm = (t: Tier) => (form ? formatClaudeModel(form, tiers[t]) : tiers[t]);
    const optionTiers: Tier[] = !form ? [] : e.model === inForm('haiku') ? ['sonnet'] : e.model === inForm('sonnet') ? ['haiku'] : tier === 'haiku' ? ['haiku', 'sonnet'] : tier === 'sonnet' ? ['sonnet', 'haiku'] : ['haiku', 'sonnet'];
    const options = optionTiers.map((t) => {
      const monthly = sum(mine, (s) => s.monthlyCost[t]);
      return { tier: t, model: inForm(t), monthly, saves: current - monthly };
    });
    return { task: e.task, model: e.model, line: e.line, siteIds: mine.map((s) => s.id), current, options };
  });
  const listed = new Set(info.entries.map((e) => e.task));
  const missingByTask = new Map<string, RegistrySiteFacts[]>();
  for (const s of sites) {
    if (s.registryTask === null || listed.has(s.registryTask)) continue;
    missingByTask.set(s.registryTask, [...(missingByTask.get(s.registryTask) ?? []), s]);
  }
  const defaultModel = info.defaultModel?.value ?? null;
  const defaultTier = defaultModel ? tierOf(defaultModel, tiers) : null;
  const missing = [...missingByTask].map(([task, xs]) => ({
    task,
    siteIds: xs.map((s) => s.id),
    defaultModel,
    monthly: sum(xs, (s) => s.monthlyCost.current ?? (defaultTier ? s.monthlyCost[defaultTier] : 0)),
  }));
  missing.sort((a, b) => a.task.localeCompare(b.task));
  return { entries, missing };
}

const TIER_NAME: Record<Tier, string> = { haiku: 'Haiku', sonnet: 'Sonnet' };

/** `3 calls · Sonnet $412/mo · on Haiku $137/mo`, or `unused: no call names classify_intent`. */
export function entryLensTitle(u: EntryUsage, tiers: TierModels): string {
  if (!u.siteIds.length) return `unused · no call site names ${u.task}`;
  const calls = `${u.siteIds.length} call${u.siteIds.length === 1 ? '' : 's'}`;
  const others = u.options.filter((o) => o.model !== u.model).map((o) => `on ${TIER_NAME[o.tier]} ${formatMoney(o.monthly)}/mo`);
  return [calls, `${modelLabel(u.model, tiers)} ${formatMoney(u.current)}/mo`, ...others].join(' · ');
}

/** `triage_ticket: 2 calls, not in the registry → DEFAULT_MODEL (Sonnet) $58.50/mo`. */
export function missingLensTitle(m: MissingTask, tiers: TierModels): string {
  const calls = `${m.siteIds.length} call${m.siteIds.length === 1 ? '' : 's'}`;
  const fallback = m.defaultModel ? `DEFAULT_MODEL (${modelLabel(m.defaultModel, tiers)})` : 'DEFAULT_MODEL';
  return `${m.task}: ${calls}, not in the registry → ${fallback} ${formatMoney(m.monthly)}/mo`;
}

/** `Switch summarize_short to Haiku (saves $275/mo)` / `(costs $12/mo more)`. */
export function switchTitle(u: EntryUsage, o: TierOption): string {
  const delta = !u.siteIds.length ? '' : o.saves >= 0 ? ` (saves ${formatMoney(o.saves)}/mo)` : ` (costs ${formatMoney(-o.saves)}/mo more)`;
  return `Switch ${u.task} to ${TIER_NAME[o.tier]}${delta}`;
}
