// "What Tierwise read": the call card in a few hover lines, and what the hover says about Claude's answer, a failed
// classification, or an unknown's missing evidence. Pure Markdown; every text from the code is escaped.
import type { CallCard } from '../infer/card';
import type { Inference } from '../types';

function esc(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The card in at most eight short lines: prompt pieces, prompt files, output, use, tools, loop, layer, labels. */
export function cardMarkdown(card: CallCard): string[] {
  const lines: string[] = ['**What Tierwise read**', ''];
  const pieces = card.prompt.map((p) => {
    const from = p.from && p.from !== 'literal' ? ` (${esc(clip(p.from, 40))})` : '';
    return `${esc(p.role)}${from}: “${esc(clip(p.text, 90))}”`;
  });
  lines.push(`- Prompt: ${pieces.length ? pieces.slice(0, 4).join(' · ') + (pieces.length > 4 ? ` · and ${pieces.length - 4} more` : '') : 'none found at this call'}`);
  if (card.promptFiles.length) lines.push(`- Prompt files: ${card.promptFiles.map((f) => `${esc(f.path)}${f.text === null ? ' (not in the workspace)' : ''}`).join(', ')}`);
  const o = card.output;
  const out: string[] = [`max\\_tokens ${o.maxTokens ?? 'not set'}`];
  if (o.schema) {
    const fields = o.schema.fields.slice(0, 6).map((f) => `${esc(f.name)}${f.enum?.length ? ` (${esc(clip(f.enum.join('|'), 40))})` : ''}`);
    out.push(`${esc(o.schema.kind)} schema${o.schema.name ? ` ${esc(o.schema.name)}` : ''}${fields.length ? `: ${fields.join(', ')}${o.schema.fields.length > 6 ? ', …' : ''}` : ''}`);
  } else if (o.structured) out.push('structured output');
  if (o.stopSequences.length) out.push(`stop ${o.stopSequences.map((s) => esc(JSON.stringify(s))).join(', ')}`);
  lines.push(`- Output: ${out.join(' · ')}`);
  if (o.use.length) lines.push(`- Answer used: ${o.use.slice(0, 4).map((u) => esc(clip(u, 60))).join('; ')}`);
  if (card.tools.length) lines.push(`- Tools: ${card.tools.slice(0, 6).map((t) => `${esc(t.name)}${t.irreversible ? ' (irreversible)' : ''}`).join(', ')}${card.tools.length > 6 ? ', …' : ''}`);
  if (card.loop.kind !== 'none') lines.push(`- Loop: ${card.loop.kind}${card.loop.detail ? ` (${esc(clip(card.loop.detail, 60))})` : ''}`);
  if (card.names.through.length) lines.push(`- Through: ${card.names.through.map((t) => esc(clip(t, 60))).join(' → ')}`);
  if (card.names.labels.length) lines.push(`- Labels: ${card.names.labels.map((l) => esc(clip(l, 40))).join(', ')}`);
  lines.push('');
  return lines;
}

export interface JudgeHoverInput {
  inference: Inference;
  /** Why the last classification of this site has no answer (refused, invalid, failed …). */
  problem?: { state: string; message: string } | null;
  /** Command links (command: URIs), present when the command is available here. */
  links?: { classify?: string; setTaskType?: string; accept?: string };
}

/** Claude's answer (or its problem), and for an unknown what is missing, with the actions that help. */
export function judgeMarkdown(input: JudgeHoverInput): string[] {
  const { inference, problem, links } = input;
  const lines: string[] = [];
  const j = inference.judged;
  if (j) {
    const state = j.accepted ? 'accepted in .tierwise.json' : 'not accepted yet';
    lines.push(`**Task type from Claude** (${esc(j.model)}${j.date ? `, ${j.date}` : ''} · ${state})${!j.accepted && links?.accept ? ` · [Accept](${links.accept})` : ''}`, '');
    if (j.job) lines.push(`${esc(j.job)}`, '');
    if (j.upgradeSignals.length) lines.push(`Upgrade signals: ${j.upgradeSignals.map((s) => esc(s)).join('; ')}`, '');
  }
  if (problem) lines.push(`**Claude** · ${esc(problem.state)}: ${esc(problem.message)}`, '');
  const missing = inference.taskType === 'unknown' ? (inference.missingEvidence ?? []) : [];
  if (missing.length) {
    lines.push('**What is missing to name the job**', '');
    for (const m of missing) lines.push(`- ${esc(m)}`);
    lines.push('');
  }
  const actions: string[] = [];
  if (links?.setTaskType && (inference.taskType === 'unknown' || (!inference.setBy && !j))) actions.push(`[Set task type…](${links.setTaskType})`);
  if (links?.classify && !inference.setBy && !j) actions.push(`[Classify with Claude](${links.classify})`);
  if (actions.length) lines.push(actions.join(' · '), '');
  return lines;
}
