// Building the prompt the panel starts from: a call site's system prompt, messages, tools, max_tokens and
// temperature with each dynamic `${…}` piece as a field, or a selected string as the user message.
import type { ScannedCall } from '../types';
import type { ComparePrompt, CompareTool } from './types';

export interface PromptDraft {
  prompt: ComparePrompt;
  /** Placeholders found in the texts, in order of appearance (`${name}` as written, without the `${}`). */
  fields: string[];
  /** Things the panel should tell the user (e.g. tools whose schema could not be read). */
  notes: string[];
}

const HOLE = /\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g;

/** Names of the `${…}` holes in the order they first appear. */
export function templateFields(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of texts) for (const m of t.matchAll(HOLE)) if (!out.includes(m[1]!.trim())) out.push(m[1]!.trim());
  return out;
}

/** Replaces each `${name}` with its value; holes without a value stay as written, so the user sees them. */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(HOLE, (whole, name: string) => {
    const v = values[name.trim()];
    return v === undefined || v === '' ? whole : v;
  });
}

export function fillPrompt(prompt: ComparePrompt, values: Readonly<Record<string, string>>): ComparePrompt {
  return {
    ...prompt,
    system: fillTemplate(prompt.system, values),
    messages: prompt.messages.map((m) => ({ ...m, content: fillTemplate(m.content, values) })),
  };
}

/**
 * The text of a string literal as the user reads it: quotes removed, template holes kept as `${…}`,
 * Python f-string holes `{x}` turned into `${x}`. Anything that is not a single literal is returned as is.
 */
export function literalText(source: string): string {
  const s = source.trim();
  const py = /^([rRbBuUfF]{0,2})("""|'''|"|')([\s\S]*)\2$/.exec(s);
  if (py && (py[1] ?? '').length <= 2) {
    const isF = /f/i.test(py[1] ?? '');
    const raw = /r/i.test(py[1] ?? '');
    let body = py[3]!;
    if (!raw) body = unescape(body);
    if (isF) body = body.replace(/\{\{/g, '\u0000').replace(/\}\}/g, '\u0001').replace(/\{([^{}]+)\}/g, '${$1}').replace(/\u0000/g, '{').replace(/\u0001/g, '}');
    return body;
  }
  const tpl = /^`([\s\S]*)`$/.exec(s);
  if (tpl) return unescape(tpl[1]!);
  return source;
}

/** A single string literal: quoted, template or Python (prefixed) string. */
export function isStringLiteral(source: string): boolean {
  const s = source.trim();
  return /^`[\s\S]*`$/.test(s) || /^[rRbBuUfF]{0,2}("""|'''|"|')[\s\S]*\1$/.test(s);
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|r|"|'|`|\\|\$)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c as 'n'] ?? c);
}

/** A selection of plain text (or one string literal) becomes the user message. */
export function draftFromSelection(selected: string, maxTokens = 1024): PromptDraft {
  const text = literalText(selected);
  const prompt: ComparePrompt = { system: '', messages: [{ role: 'user', content: text }], tools: [], maxTokens, temperature: null };
  return { prompt, fields: templateFields([text]), notes: [] };
}

/**
 * A call site's prompt. `readSpan` returns the source text of a span in the call's own file (for `${…}` holes);
 * parts found elsewhere (imported constants) use the scanner's text, whose holes are already removed.
 */
export function draftFromCall(call: ScannedCall, readSpan: (file: string, start: number, end: number) => string | null): PromptDraft {
  const notes: string[] = [];
  let system = '';
  const messages: ComparePrompt['messages'] = [];
  for (const part of call.prompt) {
    const source = part.span ? readSpan(part.file, part.span.start, part.span.end) : null;
    // A variable or expression (`content: ticket`) becomes a `${ticket}` field the user fills in.
    const text =
      source === null ? part.text : isStringLiteral(source) ? literalText(source) : part.dynamicSlots > 0 || !part.text ? `\${${source.trim()}}` : part.text;
    if (part.role === 'system') system = system ? `${system}\n\n${text}` : text;
    else if (part.role === 'assistant') messages.push({ role: 'assistant', content: text });
    else messages.push({ role: 'user', content: text });
    if (source === null && part.dynamicSlots > 0) notes.push(`${part.origin} (line ${part.line}) has ${part.dynamicSlots} run-time piece(s) not shown; fill them in.`);
  }
  if (!messages.some((m) => m.role === 'user')) messages.unshift({ role: 'user', content: '' });
  const tools: CompareTool[] = [];
  for (const t of call.tools) {
    const schema = parseSchema(t.schemaText);
    if (schema) tools.push({ name: t.name, description: t.description, input_schema: schema });
    else notes.push(`Tool “${t.name}” left out: its input schema is not plain JSON in the source.`);
  }
  const prompt: ComparePrompt = { system, messages, tools, maxTokens: call.maxTokens ?? 1024, temperature: call.temperature };
  return { prompt, fields: templateFields([system, ...messages.map((m) => m.content)]), notes };
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
