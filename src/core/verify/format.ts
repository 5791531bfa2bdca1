// A verification report as text: Markdown (pull requests, the panel's export) and a terminal summary.
import { formatInterval, formatPercent } from './decide';
import type { TierFigures, VerifyReport } from './types';

const TIER_NAME = { haiku: 'Haiku', sonnet: 'Sonnet' } as const;

export function usd(n: number | null): string {
  if (n === null) return '—';
  if (n === 0) return '$0';
  if (Math.abs(n) < 0.01) return `$${n.toPrecision(2)}`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function ms(n: number | null): string {
  if (n === null) return '—';
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}

/** "3.3% (1.4–7.6%)" or "—". */
export function rateWithInterval(r: Pick<VerifyReport, 'errorRate' | 'interval'>): string {
  return r.errorRate === null || r.interval === null ? '—' : `${formatPercent(r.errorRate)} (${formatInterval(r.interval)})`;
}

const DECISION = { move: 'Move to Haiku', keep: 'Keep on Sonnet', 'too-few': 'No decision: too few graded inputs' } as const;

function latency(t: TierFigures): string {
  return t.latencySamples ? `${ms(t.latencyP50Ms)} / ${ms(t.latencyP95Ms)} (${t.latencySamples} timed)` : '— (not timed)';
}

const md = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function reportMarkdown(r: VerifyReport): string {
  const lines: string[] = [];
  lines.push(`## Verification of \`${r.site.taskKey}\` (${r.site.id})`, '');
  lines.push(`**${DECISION[r.decision]}.** ${r.decisionText}`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| Inputs graded | ${r.n} of ${r.dataset.n}${r.excluded ? ` (${r.excluded} not graded)` : ''} |`);
  lines.push(`| Haiku errors | ${r.errors} |`);
  lines.push(`| Error rate (95% interval) | ${rateWithInterval(r)} |`);
  lines.push(`| Threshold | ${formatPercent(r.threshold)} |`);
  lines.push(`| Grading | ${r.grading}${r.models.grader ? ` by ${r.models.grader}` : ''} |`);
  if (r.sonnetVsExpected) lines.push(`| Sonnet against the expected answers | ${r.sonnetVsExpected.errors} errors in ${r.sonnetVsExpected.n} |`);
  lines.push(`| Dataset | ${md(r.dataset.file || '(unnamed)')} · \`${r.dataset.hash.slice(0, 19)}…\` |`);
  lines.push(`| This run cost | ${usd(r.runCostUsd)} (${r.mode === 'batch' ? 'Message Batches, 50% off' : 'direct requests'}) |`, '');
  lines.push('| Tier | Model | Cost per 1,000 calls | Latency p50 / p95 | Mean output tokens |', '|---|---|---|---|---|');
  for (const t of ['haiku', 'sonnet'] as const) {
    const f = r.tiers[t];
    lines.push(`| ${TIER_NAME[t]} | \`${f.model}\` | ${usd(f.costPer1k)} | ${latency(f)} | ${f.meanOutputTokens === null ? '—' : Math.round(f.meanOutputTokens)} |`);
  }
  lines.push('');
  if (r.disagreements.length) {
    lines.push(`### Disagreements (${r.disagreements.length})`, '', '| Input | Haiku | Reference | Why |', '|---|---|---|---|');
    for (const d of r.disagreements.slice(0, 50)) {
      const input = Object.entries(d.fields).map(([k, v]) => `${k}: ${clip(v, 80)}`).join('; ') || d.id;
      lines.push(`| ${md(`${d.id} (line ${d.line}): ${input}`)} | ${md(clip(d.haiku, 120))} | ${md(clip(d.reference, 120))} (${d.referenceKind}) | ${md(d.reason)} |`);
    }
    if (r.disagreements.length > 50) lines.push(`| … and ${r.disagreements.length - 50} more | | | |`);
    lines.push('');
  }
  if (r.failures.length) {
    lines.push(`### Not graded (${r.failures.length})`, '');
    for (const f of r.failures.slice(0, 50)) lines.push(`- ${md(f.id)} (line ${f.line}): ${md(f.reason)}`);
    if (r.failures.length > 50) lines.push(`- … and ${r.failures.length - 50} more`);
    lines.push('');
  }
  for (const n of r.notes) lines.push(`> ${md(n)}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

export function reportText(r: VerifyReport): string {
  const lines: string[] = [];
  lines.push(`Verification of ${r.site.taskKey} (${r.site.id})`);
  lines.push(`  ${DECISION[r.decision]}: ${r.decisionText}`);
  lines.push(`  graded ${r.n} of ${r.dataset.n} · errors ${r.errors} · error rate ${rateWithInterval(r)} · threshold ${formatPercent(r.threshold)} · grading ${r.grading}`);
  for (const t of ['haiku', 'sonnet'] as const) {
    const f = r.tiers[t];
    lines.push(`  ${TIER_NAME[t].padEnd(6)} ${f.model.padEnd(22)} ${usd(f.costPer1k).padStart(9)} per 1,000 calls · latency p50/p95 ${latency(f)}`);
  }
  lines.push(`  this run cost ${usd(r.runCostUsd)} (${r.mode === 'batch' ? 'Message Batches, 50% off' : 'direct requests'})`);
  for (const d of r.disagreements.slice(0, 20)) lines.push(`  ✗ ${d.id} (line ${d.line}): ${d.reason}`);
  if (r.disagreements.length > 20) lines.push(`  … and ${r.disagreements.length - 20} more disagreements`);
  for (const f of r.failures.slice(0, 20)) lines.push(`  ? ${f.id} (line ${f.line}): ${f.reason}`);
  if (r.failures.length > 20) lines.push(`  … and ${r.failures.length - 20} more not graded`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}
