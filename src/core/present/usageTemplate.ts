// The starting `.tierwise.json` that "Open usage file" creates. Strict JSON (the schema allows no comments),
// so the explanations live in `note` fields and in the schema's descriptions shown on hover.
import type { CallSite } from '../types';
import { formatMoney } from './format';
import { siteCosts } from './summary';

export function usageFileTemplate(sites: readonly CallSite[], defaults: { callsPerDay: number; dynamicInputTokens: number }, maxSites = 20): string {
  const callSites: Record<string, { callsPerDay: number; note: string }> = {};
  const ranked = [...sites].sort((a, b) => siteCosts(b).current - siteCosts(a).current).slice(0, maxSites);
  for (const s of ranked) {
    callSites[s.id] = {
      // The volume as the site counts it: an agent loop's in tasks (its callsPerDay is tasks × turns).
      callsPerDay: Math.round(s.loop?.volumeCounts === 'tasks' ? s.loop.tasksPerDay : s.callsPerDay),
      note: `${s.taskType} at ${s.file}:${s.line}, ${formatMoney(siteCosts(s).current)}/mo at the assumed volume. Replace callsPerDay with the real traffic.`,
    };
  }
  const template = {
    defaults: { callsPerDay: defaults.callsPerDay, dynamicInputTokens: defaults.dynamicInputTokens },
    taskTypes: { classify_intent: { outputTokens: 5 } },
    callSites,
  };
  return `${JSON.stringify(template, null, 2)}\n`;
}
