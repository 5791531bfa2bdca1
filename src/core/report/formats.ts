import type { CallSite, ScanReport } from '../types';
import type { CallCard } from '../infer/card';
import { formatCallsPerDay, formatUsd, savingPercent } from './money';
import { formatNumber } from '../numberFormat';

// The three outputs of `tierwise scan`: an aligned text table (default), the JSON contract, and Markdown
// for a pull-request comment. All take the ScanReport and nothing else, so they print the same numbers.

/** What a site costs today: its current model, or the Sonnet tier when the current model is unknown (as in the totals). */
export function currentCost(site: CallSite): number {
  return site.monthlyCost.current ?? site.monthlyCost.sonnet;
}

export function recommendedCost(site: CallSite): number {
  return site.recommendedTier === 'haiku' ? site.monthlyCost.haiku : site.monthlyCost.sonnet;
}

export function siteSaving(site: CallSite): number {
  return currentCost(site) - recommendedCost(site);
}

function modelText(site: CallSite): string {
  if (site.model.resolved) return site.model.resolved;
  return site.model.expression ? `? ${site.model.expression.replace(/\s+/g, ' ')}` : '?';
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

// ---------------------------------------------------------------------------------------------
// Table

export function formatTable(report: ScanReport): string {
  const header = ['Call site', 'SDK / API', 'Model', 'Task type', 'Tier', 'Calls/day', 'Haiku $/mo', 'Sonnet $/mo'];
  const right = [false, false, false, false, false, true, true, true];
  const rows = report.callSites.map((s) => [
    clip(`${s.file}:${s.line}`, 48),
    clip(`${s.sdk} ${s.api}`, 32),
    clip(modelText(s), 30),
    clip(s.taskType, 22),
    s.recommendedTier,
    `${formatCallsPerDay(s.callsPerDay)}${s.volumeSource === 'default' ? '*' : ''}`,
    formatUsd(s.monthlyCost.haiku),
    formatUsd(s.monthlyCost.sonnet),
  ]);
  const lines: string[] = [];
  if (rows.length === 0) lines.push('No LLM call sites found.');
  else {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string =>
      cells
        .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    lines.push(line(header), widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) lines.push(line(r));
  }
  lines.push('', ...totalsLines(report));
  return `${lines.join('\n')}\n`;
}

function totalsLines(report: ScanReport): string[] {
  const { totals, pricing, callSites, skipped } = report;
  const haikuSites = callSites.filter((s) => s.recommendedTier === 'haiku').length;
  const saving = totals.current - totals.recommended;
  const entries: [string, string][] = [
    [`All on Haiku (${pricing.tiers.haiku})`, formatUsd(totals.allHaiku)],
    [`All on Sonnet (${pricing.tiers.sonnet})`, formatUsd(totals.allSonnet)],
    [`Recommended routing (${haikuSites} on Haiku, ${callSites.length - haikuSites} on Sonnet)`, formatUsd(totals.recommended)],
    ['Current models', formatUsd(totals.current)],
    // Recommended routing can cost more than today's models (cheap non-Claude models, unknown sites moved to the
    // safe Sonnet default): say so as an increase rather than a negative saving.
    saving >= 0
      ? ['Saving, recommended vs current', `${formatUsd(saving)} (${savingPercent(totals.current, totals.recommended).toFixed(1)}%)`]
      : ['Increase, recommended vs current', `${formatUsd(-saving)} (+${(-savingPercent(totals.current, totals.recommended)).toFixed(1)}%)`],
  ];
  const w = Math.max(...entries.map(([k]) => k.length));
  const vw = Math.max(...entries.map(([, v]) => v.split(' ')[0].length));
  const out = [`Totals per month (${callSites.length} call site${callSites.length === 1 ? '' : 's'}):`];
  for (const [k, v] of entries) {
    const [amount, ...rest] = v.split(' ');
    out.push(`  ${k.padEnd(w)}  ${amount.padStart(vw)}${rest.length ? ` ${rest.join(' ')}` : ''}`);
  }
  const notes = [`Prices as of ${pricing.asOf}; 30-day months.`];
  if (callSites.some((s) => s.volumeSource === 'default')) notes.push('* assumed volume: set it with "// tierwise: calls=N/day" or .tierwise.json.');
  if (callSites.some((s) => s.monthlyCost.current === null)) notes.push('Sites whose current model is unknown count at the Sonnet tier in "Current models".');
  if (skipped.length) notes.push(`${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped (details in --format json).`);
  return [...out, '', ...notes];
}

// ---------------------------------------------------------------------------------------------
// JSON

/** The CLI JSON contract, version 1, with exactly its fields in its order (nothing the editor keeps on the side). */
/** `cards`: the call card of each site by id (`tierwise scan --format json --cards`), added as `card` to its record. */
export function formatJson(report: ScanReport, o: { cards?: ReadonlyMap<string, CallCard> } = {}): string {
  const doc = {
    version: 1 as const,
    root: report.root,
    pricing: { asOf: report.pricing.asOf, tiers: { haiku: report.pricing.tiers.haiku, sonnet: report.pricing.tiers.sonnet } },
    callSites: report.callSites.map((s) => ({
      id: s.id,
      file: s.file,
      line: s.line,
      column: s.column,
      language: s.language,
      sdk: s.sdk,
      // Optional (docs/contracts.md, "Provider catalogue"): the provider, when `sdk` does not name it.
      ...(s.provider ? { provider: s.provider } : {}),
      api: s.api,
      model: { expression: s.model.expression, resolved: s.model.resolved },
      streaming: s.streaming,
      batch: s.batch,
      cacheControl: s.cacheControl,
      taskType: s.taskType,
      confidence: s.confidence,
      reasons: [...s.reasons],
      recommendedTier: s.recommendedTier,
      tokens: { input: s.tokens.input, output: s.tokens.output, source: s.tokens.source },
      callsPerDay: s.callsPerDay,
      volumeSource: s.volumeSource,
      monthlyCost: { haiku: s.monthlyCost.haiku, sonnet: s.monthlyCost.sonnet, current: s.monthlyCost.current },
      // Optional (docs/contracts.md, "Prices"): why `current` is null, or what to know about it.
      ...(s.currentNote ? { currentNote: s.currentNote } : {}),
      // Optional (docs/contracts.md, "Claude as the judge"): the task type is Claude's, accepted or not yet.
      ...(s.taskTypeSource ? { taskTypeSource: s.taskTypeSource } : {}),
      ...(o.cards?.has(s.id) ? { card: o.cards.get(s.id) } : {}),
      // Optional (docs/contracts.md, "What a call really costs"): loops, caching, measured traffic.
      ...(s.loop ? { loop: { ...s.loop } } : {}),
      ...(s.promptCaching ? { promptCaching: { ...s.promptCaching } } : {}),
      ...(s.cachingOpportunity ? { cachingOpportunity: { ...s.cachingOpportunity } } : {}),
      ...(s.measured ? { measured: { ...s.measured } } : {}),
    })),
    totals: { allHaiku: report.totals.allHaiku, allSonnet: report.totals.allSonnet, recommended: report.totals.recommended, current: report.totals.current },
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Text from the scanned code is untrusted: no HTML, no table breaks, no mentions or links sneaking into a PR comment. */
export function mdCell(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]|#~]/g, (m) => `\\${m}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '@\u2060');
}

/** A code span: literal inside, but a `|` must still be escaped in a GFM table and backticks cannot nest. */
function mdCode(s: string): string {
  const clean = s.replace(/\r?\n/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|');
  return clean ? `\`${clean}\`` : '';
}

export interface MarkdownOptions {
  /** Rows in the "biggest savings" table (the full list is in a collapsed section). */
  top?: number;
  /** Rows in the collapsed list of all sites: a PR comment is limited to 65,536 characters. */
  maxRows?: number;
}

export function formatMarkdown(report: ScanReport, options: MarkdownOptions = {}): string {
  const top = options.top ?? 15;
  const { totals, pricing, callSites, skipped } = report;
  const saving = totals.current - totals.recommended;
  const pct = savingPercent(totals.current, totals.recommended);
  const haikuSites = callSites.filter((s) => s.recommendedTier === 'haiku').length;
  const out: string[] = [];
  out.push('### Tierwise: monthly LLM cost', '');
  if (!callSites.length) {
    out.push('No LLM call sites found.', '');
  } else {
    out.push(
      `${callSites.length} call site${callSites.length === 1 ? '' : 's'}; recommended routing puts ${haikuSites} on Haiku and ${callSites.length - haikuSites} on Sonnet.`,
      '',
      '| Scenario | Per month | vs current |',
      '|---|---:|---:|',
      `| Current models | ${formatUsd(totals.current)} | |`,
      `| **Recommended routing** | **${formatUsd(totals.recommended)}** | ${saving >= 0 ? `save ${formatUsd(saving)} (${pct.toFixed(0)}%)` : `+${formatUsd(-saving)}`} |`,
      `| All on Haiku (${mdCode(pricing.tiers.haiku)}) | ${formatUsd(totals.allHaiku)} | ${deltaText(totals.current, totals.allHaiku)} |`,
      `| All on Sonnet (${mdCode(pricing.tiers.sonnet)}) | ${formatUsd(totals.allSonnet)} | ${deltaText(totals.current, totals.allSonnet)} |`,
      '',
    );
    const bySaving = [...callSites].sort((a, b) => siteSaving(b) - siteSaving(a) || (a.id < b.id ? -1 : 1));
    const shown = bySaving.filter((s) => siteSaving(s) > 0.005).slice(0, top);
    if (shown.length) {
      out.push('#### Biggest savings', '', '| Call site | Task type | Model now | Move to | Now | Then | Saving |', '|---|---|---|---|---:|---:|---:|');
      for (const s of shown) {
        out.push(
          `| ${mdCode(`${s.file}:${s.line}`)} | ${mdCell(s.taskType)} | ${mdCode(modelText(s))} | ${s.recommendedTier === 'haiku' ? 'Haiku' : 'Sonnet'} | ${formatUsd(currentCost(s))} | ${formatUsd(recommendedCost(s))} | **${formatUsd(siteSaving(s))}** |`,
        );
      }
      out.push('');
    }
    out.push(
      '<details><summary>All call sites</summary>',
      '',
      '| Call site | SDK / API | Model | Task type (confidence) | Tier | Calls/day | Tokens in / out | Haiku | Sonnet | Current |',
      '|---|---|---|---|---|---:|---:|---:|---:|---:|',
    );
    const maxRows = options.maxRows ?? 150;
    for (const s of bySaving.slice(0, maxRows)) {
      out.push(
        `| ${mdCode(`${s.file}:${s.line}`)} | ${mdCode(`${s.sdk} ${s.api}`)} | ${mdCode(modelText(s))} | ${mdCell(s.taskType)} (${Math.round(s.confidence * 100)}%) | ${s.recommendedTier} | ${formatCallsPerDay(s.callsPerDay)}${s.volumeSource === 'default' ? '\\*' : ''} | ${formatNumber(s.tokens.input)} / ${formatNumber(s.tokens.output)} | ${formatUsd(s.monthlyCost.haiku)} | ${formatUsd(s.monthlyCost.sonnet)} | ${s.monthlyCost.current === null ? '?' : formatUsd(s.monthlyCost.current)} |`,
      );
    }
    if (bySaving.length > maxRows) out.push('', `… and ${bySaving.length - maxRows} more call sites with smaller savings (all of them: \`tierwise scan --format json\`).`);
    out.push('', '</details>', '');
  }
  const notes = [
    `Prices as of ${pricing.asOf} (USD, 30-day months). Haiku tier ${mdCode(pricing.tiers.haiku)}, Sonnet tier ${mdCode(pricing.tiers.sonnet)}.`,
    'Tokens are estimated from the prompt text in the code plus an assumed size for run-time parts; output is the task type\'s typical length capped by `max_tokens`.',
  ];
  if (callSites.some((s) => s.volumeSource === 'default')) notes.push('\\* assumed volume (1,000 calls/day unless set): add `// tierwise: calls=N/day` above the call or a `.tierwise.json`.');
  if (callSites.some((s) => s.monthlyCost.current === null)) notes.push('Sites whose current model is unknown are counted at the Sonnet tier in "Current models".');
  out.push('<details><summary>Assumptions</summary>', '', ...notes.map((n) => `- ${n}`), '', '</details>', '');
  if (skipped.length) {
    out.push(`<details><summary>${skipped.length} skipped file${skipped.length === 1 ? '' : 's'}</summary>`, '');
    for (const s of skipped) out.push(`- ${mdCode(s.file)}: ${mdCell(s.reason)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

function deltaText(current: number, other: number): string {
  const d = current - other;
  if (Math.abs(d) < 0.005) return '±$0.00';
  return d > 0 ? `save ${formatUsd(d)}` : `+${formatUsd(-d)}`;
}
