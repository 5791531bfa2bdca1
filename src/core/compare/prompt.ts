// Building the prompt the panel starts from: a call site's system prompt, messages, tools, max_tokens and
// temperature, or a selection. Each prompt expression is evaluated to its text (see template.ts): constants of the
// file are filled in, and each piece only known at run time becomes one `${name}` field the user fills in.
// Source code is never the prompt: a piece that cannot be read is a field, or the scanner's text with a note.
import type { PromptPart, ScannedCall } from '../types';
import { languageOfFile, promptSource, segmentsToTemplate, type PromptSource, type Segment, type SourceLanguage } from './template';
import type { ComparePrompt, CompareTool } from './types';

export interface PromptDraft {
  prompt: ComparePrompt;
  /** The run-time fields, in order of appearance: each appears in the texts as `${name}`. */
  fields: string[];
  /** Things the panel should tell the user (constants filled in, tools left out, pieces that could not be read). */
  notes: string[];
}

/** Text of a workspace file by its path relative to the root (the call's `file`), or null when it cannot be read. */
export type SourceReader = (file: string) => string | null | undefined | Promise<string | null | undefined>;

/** The marker of a field in a prompt text. */
export function fieldMarker(name: string): string {
  return `\${${name}}`;
}

/**
 * Replaces each field's marker with its value. A field without a value becomes empty text — never its marker or
 * any source: the panel keeps Run off until every field is filled or marked "send empty".
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>, fields: readonly string[] = Object.keys(values)): string {
  if (fields.length === 0 || !text.includes('${')) return text;
  // One pass over the text, so a value that happens to contain another field's marker is left as the user typed it.
  const names = [...new Set(fields)].sort((a, b) => b.length - a.length);
  const re = new RegExp(names.map((n) => fieldMarker(n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(re, (marker) => values[marker.slice(2, -1)] ?? '');
}

export function fillPrompt(prompt: ComparePrompt, values: Readonly<Record<string, string>>, fields: readonly string[] = Object.keys(values)): ComparePrompt {
  return {
    ...prompt,
    system: fillTemplate(prompt.system, values, fields),
    messages: prompt.messages.map((m) => ({ ...m, content: fillTemplate(m.content, values, fields) })),
  };
}

interface Built {
  text: string;
  fields: string[];
}

function fromSegments(segs: readonly Segment[]): Built {
  const fields: string[] = [];
  for (const s of segs) if ('hole' in s && !fields.includes(s.hole)) fields.push(s.hole);
  return { text: segmentsToTemplate(segs), fields };
}

/** Decodes the common escapes of selected string contents (`\n`, `\t`, `\"`…), as a reader of the prompt sees them. */
function unescapeSelected(s: string): string {
  return s.replace(/\\(n|t|r|"|'|`|\\|\$|\{|\})/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c as 'n'] ?? c);
}

export interface SelectionContext {
  language: SourceLanguage;
  /** The whole document and the selection's offsets in it. */
  fileText: string;
  start: number;
  end: number;
  file?: string;
}

/**
 * A selection becomes the user message: prose inside a string is taken as written; a prompt expression (a literal,
 * template, concatenation, f-string, `.format`, `.join`…) is evaluated to its text with one field per run-time
 * piece; a bare variable is one field. Other code is not a prompt: the message stays empty and a note says why.
 */
export async function draftFromSelection(selected: string, where?: SelectionContext, maxTokens = 1024): Promise<PromptDraft> {
  const draft = (content: string, fields: string[] = [], notes: string[] = []): PromptDraft => ({
    prompt: { system: '', messages: [{ role: 'user', content }], tools: [], maxTokens, temperature: null },
    fields,
    notes,
  });
  if (!where || !selected.trim()) return draft(selected);
  const source = await promptSource(where.fileText, where.language, where.file);
  try {
    if (source.insideString(where.start, where.end)) return draft(unescapeSelected(selected));
    const t = source.templateOf(selected.trim());
    if (!t) return draft(selected); // not an expression: prose (a comment, Markdown, plain words)
    if (t.kind === 'code') {
      return draft('', [], ['The selection is code, not prompt text: select a string, a prompt expression or a whole LLM call, or type the prompt here.']);
    }
    const built = fromSegments(t.segments);
    return draft(built.text, built.fields, constantsNote(t.constants));
  } finally {
    source.dispose();
  }
}

function constantsNote(names: readonly string[]): string[] {
  return names.length ? [`Filled in from ${names.length === 1 ? 'the constant' : 'constants'} of the file: ${names.join(', ')}.`] : [];
}

/**
 * A call site's prompt. Each prompt part is read from its source (`read` gives a file's text; the part's own
 * file, which for an imported constant is not the call's): evaluated to text and fields. A part whose source
 * cannot be read keeps the scanner's text, and its run-time pieces are listed as fields after it with a note.
 */
export async function draftFromCall(call: ScannedCall, read: SourceReader): Promise<PromptDraft> {
  const notes: string[] = [];
  const constants: string[] = [];
  const fields: string[] = [];
  const sources = new Map<string, Promise<PromptSource | null>>();
  const sourceOf = (file: string): Promise<PromptSource | null> => {
    let p = sources.get(file);
    if (!p) {
      p = (async () => {
        const text = await Promise.resolve(read(file)).catch(() => null);
        return typeof text === 'string' ? promptSource(text, file === call.file ? call.language : languageOfFile(file), file) : null;
      })();
      sources.set(file, p);
    }
    return p;
  };
  let system = '';
  const messages: ComparePrompt['messages'] = [];
  try {
    for (const part of call.prompt) {
      const built = await buildPart(part, sourceOf, notes, constants);
      for (const f of built.fields) if (!fields.includes(f)) fields.push(f);
      if (part.role === 'system') system = system ? `${system}\n\n${built.text}` : built.text;
      else if (part.role === 'assistant') messages.push({ role: 'assistant', content: built.text });
      else messages.push({ role: 'user', content: built.text });
    }
  } finally {
    for (const p of sources.values()) void p.then((s) => s?.dispose());
  }
  if (!messages.some((m) => m.role === 'user')) messages.unshift({ role: 'user', content: '' });
  const tools: CompareTool[] = [];
  for (const t of call.tools) {
    const schema = parseSchema(t.schemaText);
    if (schema) tools.push({ name: t.name, description: t.description, input_schema: schema });
    else notes.push(`Tool “${t.name}” left out: its input schema is not plain JSON in the source.`);
  }
  const prompt: ComparePrompt = { system, messages, tools, maxTokens: call.maxTokens ?? 1024, temperature: call.temperature };
  return { prompt, fields, notes: [...constantsNote(constants), ...notes] };
}

async function buildPart(part: PromptPart, sourceOf: (file: string) => Promise<PromptSource | null>, notes: string[], constants: string[]): Promise<Built> {
  // Text the scanner read in full (constants, dedent and all) is the text: the lens counted the same.
  if (part.dynamicSlots === 0 && part.text) return { text: part.text, fields: [] };
  if (part.span) {
    const source = await sourceOf(part.file);
    const t = source?.templateAt(part.span.start, part.span.end);
    if (t) {
      for (const c of t.constants) if (!constants.includes(c)) constants.push(c);
      return fromSegments(t.segments);
    }
  }
  // The scanner's text (holes removed). Its run-time pieces cannot be placed: list them as fields after the text.
  const holes = (part.holes ?? []).map((h) => h.replace(/\s+/g, ' ').trim()).filter(Boolean);
  if (part.dynamicSlots > 0) {
    const named = holes.length ? ` (${holes.join(', ')})` : '';
    notes.push(`${part.origin} (line ${part.line}): ${part.dynamicSlots} run-time piece(s)${named} could not be placed in the text; ${holes.length ? 'they are listed as fields after it' : 'add them by hand'}.`);
  }
  const segs: Segment[] = [];
  if (part.text) segs.push({ text: part.text });
  holes.forEach((h, i) => {
    segs.push({ text: i === 0 && part.text ? '\n' : i > 0 ? '\n' : '' });
    segs.push({ hole: h.length > 120 ? `${h.slice(0, 119)}…` : h });
  });
  return fromSegments(segs.filter((s) => !('text' in s) || s.text));
}

function parseSchema(text: string): Record<string, unknown> | null {
  const attempts = [text, text.replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":').replace(/'/g, '"').replace(/,\s*([}\]])/g, '$1')];
  for (const a of attempts) {
    try {
      const v = JSON.parse(a) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // try the next spelling
    }
  }
  return null;
}
