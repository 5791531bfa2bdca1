// The report page (webview HTML) from the call sites. Pure: data in, a string out; every workspace
// string is escaped. No script: the export buttons are command links the webview allows by name.
import type { CallSite, Totals } from '../types';
import { formatCount, formatMoney } from './format';
import { groupSites, siteCosts, topSavings, totalsOf } from './summary';

export interface ReportInput {
  sites: readonly CallSite[];
  pricing: { asOf: string; tiers: { haiku: string; sonnet: string } };
  /** The staleness notice when the prices are more than 60 days old (stalenessNotice). */
  staleNotice?: string | null;
  folders: string[];
  skipped: number;
  usageProblems: number;
  indexing: boolean;
  /** `command:` links for the export buttons. */
  exportMarkdownHref: string;
  exportJsonHref: string;
  rescanHref: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function pct(part: number, whole: number): number {
  return whole > 0 ? Math.max(0, Math.min(100, (part / whole) * 100)) : 0;
}

export function reportTotals(sites: readonly CallSite[]): Totals & { saving: number; unresolved: number } {
  const t = totalsOf(sites);
  return { ...t, saving: t.current - t.recommended, unresolved: sites.filter((s) => s.monthlyCost.current === null).length };
}

export function reportHtml(input: ReportInput, nonce: string, cspSource: string): string {
  const t = reportTotals(input.sites);
  const items = input.sites.map((site) => ({ site }));
  const groups = groupSites(items, 'taskType');
  const max = Math.max(1e-9, ...groups.map((g) => Math.max(g.totals.current, g.totals.recommended)));
  const top = topSavings(items, 10);
  const e = escapeHtml;

  const card = (label: string, value: number, note: string, cls = ''): string =>
    `<div class="card ${cls}"><div class="label">${e(label)}</div><div class="value">${e(formatMoney(value))}<span class="unit">/mo</span></div><div class="note">${e(note)}</div></div>`;

  // The CSP allows no inline style attributes: bar widths are rules in the nonce'd style block.
  const widthRules: string[] = [];
  const bars = groups
    .map((g, i) => {
      widthRules.push(`#bar-c-${i} { width: ${pct(g.totals.current, max).toFixed(1)}%; } #bar-r-${i} { width: ${pct(g.totals.recommended, max).toFixed(1)}%; }`);
      return `<tr>
  <th scope="row">${e(g.key)}<div class="sub">${g.items.length} call${g.items.length === 1 ? '' : 's'}</div></th>
  <td class="bars">
    <div class="bar current" id="bar-c-${i}"></div>
    <div class="bar recommended" id="bar-r-${i}"></div>
  </td>
  <td class="num">${e(formatMoney(g.totals.current))}</td>
  <td class="num">${e(formatMoney(g.totals.recommended))}</td>
  <td class="num ${g.saving > 0.005 ? 'save' : g.saving < -0.005 ? 'more' : ''}">${g.saving > 0.005 ? e(formatMoney(g.saving)) : g.saving < -0.005 ? `+${e(formatMoney(-g.saving))}` : '—'}</td>
</tr>`;
    })
    .join('\n');

  const topRows = top
    .map(({ site }) => {
      const c = siteCosts(site);
      return `<tr><td><code>${e(site.id)}</code><div class="sub">${e(site.file)}:${site.line} · ${e(site.model.resolved ?? 'model unresolved')}</div></td><td>${e(site.taskType)}</td><td class="num">${e(formatCount(site.callsPerDay))}/day</td><td class="num">${e(formatMoney(c.current))}</td><td class="num">${e(formatMoney(c.recommended))}</td><td class="num save">${e(formatMoney(c.saving))}</td></tr>`;
    })
    .join('\n');

  const notes: string[] = [];
  if (input.indexing) notes.push('Indexing is still running: the figures are partial.');
  if (t.unresolved) notes.push(`${t.unresolved} call site${t.unresolved === 1 ? '' : 's'} with an unresolved or unpriced model count at the Sonnet tier in "current" (the registry default).`);
  if (input.skipped) notes.push(`${input.skipped} file${input.skipped === 1 ? '' : 's'} skipped (see the Tierwise output).`);
  if (input.usageProblems) notes.push(`The usage file has ${input.usageProblems} problem${input.usageProblems === 1 ? '' : 's'}: see the Problems panel.`);

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; img-src ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tierwise report</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 20px 24px; }
h1 { font-size: 1.4em; font-weight: 600; } h2 { font-size: 1.1em; margin-top: 28px; }
.meta, .sub, .note { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--vscode-panel-border, #8884); border-radius: 6px; padding: 10px 12px; }
.card.accent { border-color: var(--vscode-focusBorder); }
.card .label { font-size: 0.85em; text-transform: uppercase; letter-spacing: .04em; color: var(--vscode-descriptionForeground); }
.card .value { font-size: 1.6em; font-weight: 600; margin: 4px 0; } .unit { font-size: .55em; font-weight: normal; margin-left: 2px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border, #8883); vertical-align: top; }
th[scope=row] { font-weight: 500; white-space: nowrap; } .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bars { width: 45%; } .bar { height: 8px; border-radius: 2px; margin: 3px 0; min-width: 1px; }
.bar.current { background: var(--vscode-charts-orange, #d18616); } .bar.recommended { background: var(--vscode-charts-green, #388a34); }
.legend span { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: middle; }
.save { color: var(--vscode-charts-green, #388a34); } .more { color: var(--vscode-charts-orange, #d18616); }
.actions a { display: inline-block; margin-right: 8px; padding: 4px 12px; border-radius: 2px; text-decoration: none; background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
.actions a.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
code { font-family: var(--vscode-editor-font-family); font-size: .95em; }
${widthRules.join('\n')}
</style></head>
<body>
<h1>Tierwise: monthly LLM cost</h1>
<div class="meta">${input.sites.length} call site${input.sites.length === 1 ? '' : 's'} in ${e(input.folders.join(', ') || 'the workspace')} · Haiku tier <code>${e(input.pricing.tiers.haiku)}</code>, Sonnet tier <code>${e(input.pricing.tiers.sonnet)}</code> · prices as of ${e(input.pricing.asOf)}</div>
<p class="actions"><a class="primary" href="${e(input.exportMarkdownHref)}">Export Markdown</a><a href="${e(input.exportJsonHref)}">Export JSON</a><a href="${e(input.rescanHref)}">Rescan</a></p>
<div class="cards" id="totals">
${card('Current', t.current, 'the models in the code today', 'accent')}
${card('Recommended routing', t.recommended, t.saving > 0.005 ? `saves ${formatMoney(t.saving)}/mo (${Math.round(pct(t.saving, t.current))}%)` : 'each call on its recommended tier', 'accent')}
${card('All Sonnet', t.allSonnet, 'every call on the Sonnet tier')}
${card('All Haiku', t.allHaiku, 'every call on the Haiku tier (not all of them should be)')}
</div>
${input.staleNotice ? `<p class="note" id="stale">⚠ ${e(input.staleNotice)}</p>` : ''}
${notes.map((n) => `<p class="note">${e(n)}</p>`).join('\n')}
<h2>Cost by task type</h2>
<div class="legend note"><span class="bar current"></span>current<span class="bar recommended"></span>recommended</div>
<table id="by-task"><thead><tr><th>Task type</th><th></th><th class="num">Current</th><th class="num">Recommended</th><th class="num">Saving</th></tr></thead>
<tbody>
${bars || '<tr><td colspan="5" class="note">No call sites found.</td></tr>'}
</tbody></table>
<h2>Top call sites by saving</h2>
<table id="top"><thead><tr><th>Call site</th><th>Task type</th><th class="num">Volume</th><th class="num">Current</th><th class="num">Recommended</th><th class="num">Saving</th></tr></thead>
<tbody>
${topRows || '<tr><td colspan="6" class="note">No call site would be cheaper on its recommended tier.</td></tr>'}
</tbody></table>
</body></html>`;
}
