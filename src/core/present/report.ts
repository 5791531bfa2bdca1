// The report page (webview HTML) from the call sites. Pure: data in, a string out; every workspace
// string is escaped. No script: the export buttons are command links the webview allows by name.
import type { CallSite, Totals } from '../types';
import { testFilesNote, type TestFileSummary } from '../testFiles';
import { formatCount, formatMoney } from './format';
import { groupSites, siteCosts, topSavings, totalsOf } from './summary';

export interface ReportInput {
  sites: readonly CallSite[];
  pricing: { asOf: string; tiers: { haiku: string; sonnet: string } };
  /** The staleness notice when the prices are more than 60 days old (stalenessNotice). */
  staleNotice?: string | null;
  folders: string[];
  skipped: number;
  /** `command:` link that lists the skipped files in the output (Tierwise: Show Skipped Files). */
  skippedHref?: string;
  /** The workspace's test files and whether they are scanned (null: not counted yet). */
  testFiles?: TestFileSummary | null;
  /** `command:` link to the tierwise.scanTests setting. */
  testFilesHref?: string;
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

  // A saving or an extra cost: the figure in the text colour (readable in every theme), its direction also as a
  // coloured mark, so that colour is never the only carrier.
  const delta = (saving: number): string =>
    saving > 0.005
      ? `<span class="delta save"><span class="mark" aria-hidden="true">▼</span> ${e(formatMoney(saving))}</span>`
      : saving < -0.005
        ? `<span class="delta more"><span class="mark" aria-hidden="true">▲</span> +${e(formatMoney(-saving))}</span>`
        : '—';

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
  <td class="num">${delta(g.saving)}</td>
</tr>`;
    })
    .join('\n');

  const topRows = top
    .map(({ site }) => {
      const c = siteCosts(site);
      return `<tr><td><code>${e(site.id)}</code><div class="sub">${e(site.file)}:${site.line} · ${e(site.model.resolved ?? 'model unresolved')}</div></td><td>${e(site.taskType)}</td><td class="num">${e(formatCount(site.callsPerDay))}/day</td><td class="num">${e(formatMoney(c.current))}</td><td class="num">${e(formatMoney(c.recommended))}</td><td class="num">${delta(c.saving)}</td></tr>`;
    })
    .join('\n');

  // Notes are HTML: escaped text, plus command links the webview allows by name.
  const notes: string[] = [];
  const link = (href: string | undefined, text: string): string => (href ? ` <a href="${e(href)}">${e(text)}</a>` : '');
  if (input.indexing) notes.push(e('Indexing is still running: the figures are partial.'));
  if (t.unresolved) notes.push(e(`${t.unresolved} call site${t.unresolved === 1 ? '' : 's'} with an unresolved or unpriced model count at the Sonnet tier in "current" (the registry default).`));
  if (input.skipped) notes.push(`${e(`${input.skipped} file${input.skipped === 1 ? '' : 's'} skipped (listed in the Tierwise output).`)}${link(input.skippedHref, 'Show the list')}`);
  const tests = testFilesNote(input.testFiles ?? null);
  if (tests && input.testFiles) {
    const eg = input.testFiles.examples.length ? ` (${input.testFiles.examples.slice(0, 3).join(', ')}${input.testFiles.count > 3 ? ', …' : ''})` : '';
    notes.push(
      input.testFiles.included
        ? `${e(`${tests}${eg}: their calls are counted.`)}${link(input.testFilesHref, 'Setting')}`
        : `${e(`${tests}${eg}: calls in tests are not counted.`)}${link(input.testFilesHref, 'Include them (tierwise.scanTests)')}`,
    );
  }
  if (input.usageProblems) notes.push(e(`The usage file has ${input.usageProblems} problem${input.usageProblems === 1 ? '' : 's'}: see the Problems panel.`));

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; img-src ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tierwise report</title>
<style nonce="${nonce}">
/* Colours: the theme's variables only. The chart colours (translucent in some themes, 1.5:1 on Light Modern) are made
   opaque and mixed with the text colour, which moves them away from the background in light and dark themes alike;
   the muted text colour is nudged the same way (Quiet Light's is 4.48:1). Bars and marks reach 3:1, text 4.5:1
   (WCAG AA), measured in every built-in theme by test/e2e/ui/report-themes.ui.ts. */
:root { --tw-current: var(--vscode-foreground); --tw-recommended: var(--vscode-descriptionForeground, var(--vscode-foreground)); --tw-muted: var(--vscode-descriptionForeground); }
@supports (color: rgb(from red r g b / 1)) and (color: color-mix(in srgb, red 50%, blue)) {
  :root {
    --tw-current: color-mix(in srgb, rgb(from var(--vscode-charts-orange, #d18616) r g b / 1) 35%, var(--vscode-foreground));
    --tw-recommended: color-mix(in srgb, rgb(from var(--vscode-charts-green, #388a34) r g b / 1) 35%, var(--vscode-foreground));
    --tw-muted: color-mix(in srgb, rgb(from var(--vscode-descriptionForeground, #717171) r g b / 1) 70%, var(--vscode-foreground));
  }
}
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 24px; }
h1 { font-size: 1.4em; font-weight: 600; } h2 { font-size: 1.1em; margin-top: 28px; }
.meta, .sub, .note { color: var(--tw-muted); font-size: 0.9em; }
a { color: var(--vscode-textLink-foreground); } a:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); border-radius: 6px; padding: 10px 12px; }
.card.accent { border-color: var(--vscode-focusBorder); }
.card .label { font-size: 0.85em; text-transform: uppercase; letter-spacing: .04em; color: var(--tw-muted); }
.card .value { font-size: 1.6em; font-weight: 600; margin: 4px 0; } .unit { font-size: .55em; font-weight: normal; margin-left: 2px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); vertical-align: top; }
th[scope=row] { font-weight: 500; white-space: nowrap; } .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bars { width: 45%; } .bar { height: 8px; border-radius: 2px; margin: 3px 0; min-width: 1px; }
.bar.current { background: var(--tw-current); } .bar.recommended { background: var(--tw-recommended); }
.legend span { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; vertical-align: middle; }
.delta { color: var(--vscode-foreground); font-weight: 600; } .delta.save .mark { color: var(--tw-recommended); } .delta.more .mark { color: var(--tw-current); }
.actions a { display: inline-block; margin-right: 8px; padding: 4px 12px; border-radius: 2px; text-decoration: none; background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent)); }
code { font-family: var(--vscode-editor-font-family); font-size: .95em; }
${widthRules.join('\n')}
</style></head>
<body>
<h1>Tierwise: monthly LLM cost</h1>
<div class="meta">${input.sites.length} call site${input.sites.length === 1 ? '' : 's'} in ${e(input.folders.join(', ') || 'the workspace')} · Haiku tier <code>${e(input.pricing.tiers.haiku)}</code>, Sonnet tier <code>${e(input.pricing.tiers.sonnet)}</code> · prices as of ${e(input.pricing.asOf)}</div>
<p class="actions"><a href="${e(input.exportMarkdownHref)}">Export Markdown</a><a href="${e(input.exportJsonHref)}">Export JSON</a><a href="${e(input.rescanHref)}">Rescan</a></p>
<div class="cards" id="totals">
${card('Current', t.current, 'the models in the code today', 'accent')}
${card('Recommended routing', t.recommended, t.saving > 0.005 ? `saves ${formatMoney(t.saving)}/mo (${Math.round(pct(t.saving, t.current))}%)` : 'each call on its recommended tier', 'accent')}
${card('All Sonnet', t.allSonnet, 'every call on the Sonnet tier')}
${card('All Haiku', t.allHaiku, 'every call on the Haiku tier (not all of them should be)')}
</div>
${input.staleNotice ? `<p class="note" id="stale">⚠ ${e(input.staleNotice)}</p>` : ''}
${notes.map((n) => `<p class="note">${n}</p>`).join('\n')}
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
