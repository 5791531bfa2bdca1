// The import's report as plain text lines (the CLI prints them, the editor writes them to its output).
import { formatCount, formatMoney, formatPercent, formatTokens } from '../../present/format';
import { periodText } from '../../present/lens';
import type { OtlpImport } from './index';
import type { ExportCheck, ProviderExport } from './providerExport';

const requests = (n: number): string => `${n.toLocaleString('en-US')} request${n === 1 ? '' : 's'}`;

export function otlpSummary(r: OtlpImport, written: { file: string; added: number; updated: number; removed: number } | null): string[] {
  const lines: string[] = [];
  const tokens = r.sites.reduce((n, s) => n + s.input + s.output, 0);
  const all = tokens + r.unmatched.input + r.unmatched.output;
  lines.push(
    `${r.source}: ${r.modelSpans.toLocaleString('en-US')} model requests (of ${r.spans.toLocaleString('en-US')} spans), ${periodText(r.from, r.to)} (${r.days.toFixed(1)} days).`,
    `Matched to call sites: ${requests(r.modelSpans - r.unmatched.spans)} (${formatPercent(all > 0 ? tokens / all : 0)} of the tokens) at ${r.sites.length} call site${r.sites.length === 1 ? '' : 's'}.`,
  );
  for (const s of r.sites) {
    const m = r.measured[s.id];
    const cache = m.cacheHitRate !== undefined ? `, ${formatPercent(m.cacheHitRate)} of input from cache` : '';
    lines.push(`  ${s.id}: ${formatCount(m.callsPerDay)}/day, ${formatTokens(m.inputTokens ?? 0)} in · ${formatTokens(m.outputTokens ?? 0)} out per request${cache} (${s.byCode ? `${s.byCode} by code attributes` : ''}${s.byCode && s.byFingerprint ? ', ' : ''}${s.byFingerprint ? `${s.byFingerprint} by system prompt` : ''})`);
  }
  if (r.unmatched.spans) {
    lines.push(`Unmatched: ${requests(r.unmatched.spans)}, ${formatTokens(r.unmatched.input)} tokens in · ${formatTokens(r.unmatched.output)} out.`);
    for (const m of r.unmatched.byModel.slice(0, 10)) lines.push(`  ${m.model}: ${requests(m.spans)}, ${formatTokens(m.input)} in · ${formatTokens(m.output)} out`);
    for (const x of r.unmatched.reasons.slice(0, 5)) lines.push(`  why: ${x.reason} (${x.spans.toLocaleString('en-US')})`);
  }
  if (written) lines.push(`Wrote ${written.file}: measured figures for ${written.added + written.updated} call site${written.added + written.updated === 1 ? '' : 's'}${written.removed ? `, removed ${written.removed} older measurement${written.removed === 1 ? '' : 's'}` : ''}.`);
  return lines;
}

export function exportSummary(exp: ProviderExport, check: ExportCheck): string[] {
  const lines = [`${exp.source}: ${exp.rows.toLocaleString('en-US')} rows, ${exp.models.length} model${exp.models.length === 1 ? '' : 's'}, ${periodText(exp.from, exp.to)} (${exp.days} days).`];
  for (const m of check.models) {
    const est = m.sites ? `estimated ${formatMoney(m.estimated)}/mo for ${m.model} (${m.sites} call site${m.sites === 1 ? '' : 's'})` : `no call site uses ${m.model}`;
    lines.push(`  ${est}; ${formatMoney(m.actual)}/mo in the export${m.actualFrom === 'tokens at list prices' ? ' (its tokens at list prices)' : m.actualFrom === 'no price' ? ' (no price known for this model)' : ''}`);
  }
  lines.push(`Total: estimated ${formatMoney(check.totalEstimated)}/mo; ${formatMoney(check.totalActual)}/mo in the export. ${formatPercent(check.unexplainedShare)} of the bill is not explained by any call site.`);
  return lines;
}
