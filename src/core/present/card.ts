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

/** The card in two short paragraphs: the prompt pieces, then the output, its use, tools, loop, layer and labels. */
export function cardMarkdown(card: CallCard): string[] {
  const pieces = card.prompt.map((p) => {
    const from = p.from && p.from !== 'literal' ? ` (${esc(clip(p.from, 30))})` : '';
    return `${esc(p.role)}${from}: “${esc(clip(p.text, 70))}”`;
  });
  const prompt = pieces.length ? pieces.slice(0, 3).join(' · ') + (pieces.length > 3 ? ` · and ${pieces.length - 3} more` : '') : 'no prompt found at this call';
  const files = card.promptFiles.length ? ` · prompt files: ${card.promptFiles.map((f) => `${esc(clip(f.path, 40))}${f.key ? ` ${esc(f.key)}` : ''}${f.text === null ? ' (not in the workspace)' : ''}`).join(', ')}` : '';
  const o = card.output;
  const rest: string[] = [`max\\_tokens ${o.maxTokens ?? 'not set'}`];
  if (o.schema) {
    const fields = o.schema.fields.slice(0, 5).map((f) => `${esc(f.name)}${f.enum?.length ? ` (${esc(clip(f.enum.join('|'), 30))})` : ''}`);
    rest.push(`${esc(o.schema.kind)} schema${o.schema.name ? ` ${esc(o.schema.name)}` : ''}${fields.length ? `: ${fields.join(', ')}${o.schema.fields.length > 5 ? ', …' : ''}` : ''}`);
  } else if (o.structured) rest.push('structured output');
  if (o.stopSequences.length) rest.push(`stop ${o.stopSequences.map((x) => esc(JSON.stringify(x))).join(', ')}`);
  // What the code does with the answer first; the variable it lands in last.
  const use = [...o.use.filter((u) => !u.startsWith('kept in')), ...o.use.filter((u) => u.startsWith('kept in'))];
  if (use.length) rest.push(`answer ${use.slice(0, 3).map((u) => esc(clip(u, 50))).join('; ')}`);
  if (card.tools.length) rest.push(`tools ${card.tools.slice(0, 5).map((t) => `${esc(t.name)}${t.irreversible ? ' (irreversible)' : ''}`).join(', ')}${card.tools.length > 5 ? ', …' : ''}`);
  if (card.loop.kind !== 'none') rest.push(`${card.loop.kind} loop`);
  if (card.names.through.length) rest.push(`through ${card.names.through.map((t) => esc(clip(t, 50))).join(' → ')}`);
  if (card.names.labels.length) rest.push(`labels ${card.names.labels.map((l) => esc(clip(l, 30))).join(', ')}`);
  return [`**What Tierwise read** · ${prompt}${files}`, '', rest.join(' · '), ''];
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
