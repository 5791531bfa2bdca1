// The call card: everything a reviewer reads to judge a call site's job, as data — the prompt as the model
// receives it (piece by piece, with where each piece comes from), the expected output, how the output is used,
// the tools, the loop around the call, and the names the app gives the job. Built from what the scanner found;
// the Claude judge reads cards, the hover shows them, `tierwise scan --cards` prints them.
import type { PromptPart, ScannedCall, Signal } from '../types';

export const CARD_VERSION = 1;

export interface CallCard {
  v: number;
  where: { file: string; line: number; function: string; className: string | null; language: string };
  provider: string | null;
  sdk: string;
  api: string;
  model: { expression: string; resolved: string | null };
  /** The prompt as the model receives it, in order. `text` marks each run-time piece as ⟪hole⟫. */
  prompt: { role: string; text: string; holes: string[]; from: string; file: string; line: number }[];
  /** Prompt text the code reads from files at run time. */
  promptFiles: { path: string; text: string | null; key?: string }[];
  output: {
    maxTokens: number | null;
    stopSequences: string[];
    structured: boolean;
    schema: ScannedCall['outputSchema'] | null;
    /** How the code uses the answer: "parsed as JSON", "compared with labels: billing, bug", "streamed to the user" … */
    use: string[];
  };
  tools: { name: string; description: string; irreversible: boolean }[];
  /** The loop around the call: a tool-use loop, an agent framework's steps, a conversation, or none. */
  loop: { kind: 'tool-use' | 'agent' | 'conversation' | 'none'; detail: string | null };
  names: { function: string; file: string; resultVariable: string | null; labels: string[]; through: string[] };
  /** Set by the scanner or a user: the volume and a task type named in an annotation. */
  annotation: { callsPerDay: number | null; taskType: string | null } | null;
}

/** Longest text of one prompt piece kept in a card (head and tail: instructions live at both ends). */
export const CARD_TEXT_LIMIT = 6000;

function clip(text: string, limit = CARD_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const head = Math.floor(limit * 0.75);
  return `${text.slice(0, head)}\n⟪… ${text.length - limit} characters …⟫\n${text.slice(-(limit - head))}`;
}

/** The text a reader sees: static text with its run-time pieces marked where the scanner knows their place. */
function pieceText(p: PromptPart): string {
  if (!p.text.trim()) return p.holes?.length ? p.holes.map((h) => `⟪${h}⟫`).join(' ') : '⟪run-time text⟫';
  if (!p.holes?.length) return p.text;
  // The holes' exact positions are not kept; list them after the text.
  return `${p.text}\n⟪filled at run time: ${p.holes.join(' · ')}⟫`;
}

function useOf(signals: readonly Signal[], uses: ScannedCall['outputUse'] = []): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  for (const s of signals) {
    switch (s.kind) {
      case 'json-parse':
        add('parsed as JSON');
        break;
      case 'schema-parse':
        add(`validated against a schema (${s.detail})`);
        break;
      case 'structured-output':
        add(`structured output (${s.detail})`);
        break;
      case 'switch-on-output':
        add(`branched on (${s.detail})`);
        break;
      case 'enum-compare':
        add(`compared with a label (${s.detail})`);
        break;
      case 'includes-on-output':
        add(`searched for a word (${s.detail})`);
        break;
      case 'streams-to-response':
        add('streamed to the user');
        break;
      case 'result-variable':
        add(`kept in \`${s.detail}\``);
        break;
      default:
        break;
    }
  }
  for (const u of uses) add(u.kind === 'stored' ? `stored (${u.detail})` : u.kind === 'fed-back' ? `fed back into the conversation (${u.detail})` : 'returned to the caller');
  return out;
}

export function buildCard(call: ScannedCall): CallCard {
  const loopSignal = call.signals.find((s) => s.kind === 'tool-use-loop');
  const history = call.signals.find((s) => s.kind === 'message-history');
  const agent = loopSignal && /framework|agent/i.test(loopSignal.detail);
  return {
    v: CARD_VERSION,
    where: { file: call.file, line: call.callee.line, function: call.enclosingFunction, className: call.className, language: call.language },
    provider: call.provider ?? null,
    sdk: call.sdk,
    api: call.api,
    model: { expression: call.model.expression, resolved: call.model.resolved },
    prompt: call.prompt.map((p) => ({ role: p.role, text: clip(pieceText(p)), holes: p.holes ?? [], from: p.origin, file: p.file, line: p.line })),
    promptFiles: (call.promptFiles ?? []).map((f) => ({ path: f.path, text: f.text === null ? null : clip(f.text), ...(f.key ? { key: f.key } : {}) })),
    output: {
      maxTokens: call.maxTokens,
      stopSequences: call.stopSequences,
      structured: call.signals.some((s) => s.kind === 'structured-output' || s.kind === 'forced-tool-choice'),
      schema: call.outputSchema ?? null,
      use: useOf(call.signals, call.outputUse),
    },
    tools: call.tools.map((t) => ({ name: t.name, description: t.description.slice(0, 500), irreversible: call.signals.some((s) => s.kind === 'irreversible-tool' && s.detail === t.name) })),
    loop: loopSignal ? { kind: agent ? 'agent' : 'tool-use', detail: loopSignal.detail } : history ? { kind: 'conversation', detail: history.detail } : { kind: 'none', detail: null },
    names: {
      function: call.enclosingFunction,
      file: call.file,
      resultVariable: call.signals.find((s) => s.kind === 'result-variable')?.detail ?? null,
      labels: [...(call.labels ?? []), ...(call.registryTask ? [`registry task ${call.registryTask}`] : [])],
      through: call.through ?? (call.wrapper ? [`${call.wrapper.name} in ${call.wrapper.file}`] : []),
    },
    annotation: call.annotation ? { callsPerDay: call.annotation.callsPerDay ?? null, taskType: call.annotation.taskType ?? null } : null,
  };
}
