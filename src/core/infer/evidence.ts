import { TASK_TYPES, type PromptPart, type PromptRole, type ScannedCall, type TaskType } from '../types';

/** A task type the evidence can vote for (`unknown` is the absence of votes, never a vote). */
export type VotedType = Exclude<TaskType, 'unknown'>;

/** Every task type evidence can vote for: all but `unknown`, which is what thin evidence yields. */
export const VOTED_TYPES: readonly VotedType[] = TASK_TYPES.filter((t): t is VotedType => t !== 'unknown');

/** One piece of evidence: which task type it points to, how strongly, and where it is (for the reason text). */
export interface Evidence {
  type: VotedType;
  weight: number;
  /** Stable id of the rule, so a rule counts once per call. */
  rule: string;
  /** Reason text naming the evidence and where it is. */
  text: string;
}

/** A piece of static text with a human name for where it is. */
export interface Located {
  text: string;
  /** "system prompt line 14", "user prompt (src/llm/prompts.ts line 3, imported INTENT_PROMPT)". */
  where(offset: number): string;
  role: PromptRole | 'tool';
}

const ROLE_NAME: Record<PromptRole, string> = {
  system: 'system prompt',
  user: 'user prompt',
  assistant: 'assistant prefill',
  tool_result: 'tool result',
  prompt: 'prompt',
};

function lineAt(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Rules read at most this much of one prompt part: its head and its tail, where instructions live. */
const HEAD = 16_000;
const TAIL = 4_000;

export function locatePart(call: ScannedCall, part: PromptPart): Located {
  const long = part.text.length > HEAD + TAIL;
  // An embedded document can be huge; some list patterns are quadratic in the worst case.
  const text = long ? `${part.text.slice(0, HEAD)}\n${part.text.slice(-TAIL)}` : part.text;
  const skipped = part.text.length - HEAD - TAIL - 1;
  return {
    text,
    role: part.role,
    where(offset: number): string {
      const original = long && offset > HEAD ? offset + skipped : offset;
      const line = part.line + lineAt(part.text, original);
      const name = ROLE_NAME[part.role] ?? 'prompt';
      const sameFile = part.file === call.file;
      const origin = part.origin && part.origin !== 'literal' ? part.origin : '';
      if (sameFile && !origin) return `${name} line ${line}`;
      if (sameFile) return `${name} line ${line} (${origin})`;
      return `${name} (${part.file} line ${line}${origin ? `, ${origin}` : ''})`;
    },
  };
}

/** The text of prompt files the call reads at run time (`templates/x.j2`), read like a prompt written in the code. */
export function locatePromptFiles(call: ScannedCall): Located[] {
  return (call.promptFiles ?? []).flatMap((f) => {
    if (f.text === null) return [];
    const text = f.text.length > HEAD + TAIL ? `${f.text.slice(0, HEAD)}\n${f.text.slice(-TAIL)}` : f.text;
    return [{ text, role: 'prompt' as const, where: (offset: number) => `prompt file ${f.path}${f.key ? ` ${f.key}` : ''} line ${1 + lineAt(text, offset)}` }];
  });
}

export function locateTools(call: ScannedCall): Located[] {
  return call.tools.map((t) => ({
    text: `${t.name}: ${t.description}\n${t.schemaText}`,
    role: 'tool' as const,
    where: () => `tool ${t.name}`,
  }));
}

/** The matched sentence (or line) around an offset, shortened for a reason text. */
export function quote(text: string, index: number, length: number, max = 90): string {
  let start = index;
  while (start > 0 && !/[\n.!?]/.test(text[start - 1])) start--;
  let end = index + length;
  while (end < text.length && !/[\n.!?]/.test(text[end])) end++;
  if (end < text.length && /[.!?]/.test(text[end])) end++;
  let s = text.slice(start, end).replace(/\s+/g, ' ').trim();
  if (s.length > max) {
    const rel = Math.max(0, index - start - 20);
    s = (rel > 0 ? '…' : '') + s.slice(rel, rel + max - 1).trim() + '…';
  }
  return s;
}

/** Splits identifiers into lower-case words: `classifyTicket` → classify, ticket; `extract_repro_steps` → extract, repro, steps. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/\.[a-z0-9]+$/i, '') // file extension
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
