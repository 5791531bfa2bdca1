// Groups and totals for the tree view, the status bar and the report. Pure.
// Every call site is counted once: groups partition the list, and totals are sums over the list itself.
import type { CallSite, Totals } from '../types';
import { formatMoney } from './format';
import { SIGNIFICANT_USD } from './lens';

export type GroupBy = 'taskType' | 'file';

export interface SiteCosts {
  /** The current model's cost; for an unknown or unpriced model, the Sonnet tier's (as the CLI's "current" total counts it: the registry default). */
  current: number;
  recommended: number;
  haiku: number;
  sonnet: number;
  /** current − recommended; negative when the recommendation costs more (an upgrade to Sonnet). */
  saving: number;
}

export function siteCosts(site: CallSite): SiteCosts {
  const recommended = site.monthlyCost[site.recommendedTier];
  const current = site.monthlyCost.current ?? site.monthlyCost.sonnet;
  return { current, recommended, haiku: site.monthlyCost.haiku, sonnet: site.monthlyCost.sonnet, saving: current - recommended };
}

export function totalsOf(sites: readonly CallSite[]): Totals {
  const t: Totals = { allHaiku: 0, allSonnet: 0, recommended: 0, current: 0 };
  for (const s of sites) {
    const c = siteCosts(s);
    t.allHaiku += c.haiku;
    t.allSonnet += c.sonnet;
    t.recommended += c.recommended;
    t.current += c.current;
  }
  return t;
}

export interface SiteGroup<S extends { site: CallSite }> {
  key: string;
  items: S[];
  totals: Totals;
  saving: number;
}

/** Groups sorted by current monthly cost, largest first; items inside by file and line. */
export function groupSites<S extends { site: CallSite }>(items: readonly S[], by: GroupBy): SiteGroup<S>[] {
  const map = new Map<string, S[]>();
  for (const it of items) {
    const key = by === 'taskType' ? it.site.taskType : it.site.file;
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(it);
  }
  const groups = [...map].map(([key, list]) => {
    list.sort((a, b) => (a.site.file === b.site.file ? a.site.line - b.site.line : a.site.file < b.site.file ? -1 : 1));
    const totals = totalsOf(list.map((i) => i.site));
    return { key, items: list, totals, saving: totals.current - totals.recommended };
  });
  groups.sort((a, b) => b.totals.current - a.totals.current || (a.key < b.key ? -1 : 1));
  return groups;
}

/** Call sites with the largest monthly saving from recommended routing. */
export function topSavings<S extends { site: CallSite }>(items: readonly S[], n: number): S[] {
  return items
    .filter((i) => siteCosts(i.site).saving > 0.005)
    .sort((a, b) => siteCosts(b.site).saving - siteCosts(a.site).saving)
    .slice(0, n);
}

/**
 * A tree row's description, short enough for the default side-bar width (the label is the file and line, or the
 * task type): what moving saves, or the extra cost of an upgrade, else the monthly cost. The rest is in the tooltip.
 */
export function treeDescription(current: number, saving: number): string {
  if (saving >= SIGNIFICANT_USD) return `save ${formatMoney(saving)}`;
  if (saving <= -SIGNIFICANT_USD) return `+${formatMoney(-saving)}`;
  return `${formatMoney(current)}/mo`;
}

/**
 * Labels of a group's call sites in the tree: the file's name (grouped by task type) or the task type (grouped by
 * file), with ":line" only where two rows would read the same. Short rows fit the default side-bar width.
 */
export function siteLabels(sites: ReadonlyArray<Pick<CallSite, 'file' | 'line' | 'taskType'>>, by: GroupBy): string[] {
  const base = sites.map((s) => (by === 'file' ? s.taskType : s.file.slice(s.file.lastIndexOf('/') + 1)));
  const seen = new Map<string, number>();
  for (const b of base) seen.set(b, (seen.get(b) ?? 0) + 1);
  return base.map((b, i) => (seen.get(b)! > 1 ? `${b}:${sites[i].line}` : b));
}
