// The routing guide's three questions answered from the structure of the call, not from the words of its prompt:
// the output schema and how the code uses the answer (short and constrained?), the tools and where the answer goes
// (cheap to recover?), the loop, the tools and the size of the output (one step?). Keyword rules name the task type;
// these facts decide whether it may run on Haiku, and an answer the card cannot give is "unknown", never "yes".
import type { OutputSchema, ScannedCall } from '../types';
import { quote } from './evidence';
import { isInstruction, type Features } from './rules';

/** What a question's answer rests on: "yes"/"no" with the fact, or "unknown" with the fact that is missing. */
export interface StructuralAnswer {
  answer: 'yes' | 'no' | 'unknown';
  /** The fact ("a structured output with 2 fields: status (enum), rationale") or what is missing. */
  note: string;
}

/**
 * How strongly the output is bounded: `schema` when a structured-output schema the code sends or validates shows it
 * (independent of the prompt's wording), `format` when only the use of the answer, max_tokens or a stated length does.
 */
export type OutputBoundKind = 'schema' | 'format';

/** A schema with more leaf fields than this is a document, not a short answer. */
export const MAX_SHORT_SCHEMA_FIELDS = 10;
/** max_tokens at or under this bounds the answer to a few sentences or a small object. */
export const SHORT_MAX_TOKENS = 512;
/** max_tokens above this allows long output (a report, a document, many files of code). */
export const LONG_MAX_TOKENS = 2048;
/** More labels than this need finer distinctions than Haiku makes reliably (the routing guide). */
export const MAX_HAIKU_LABELS = 15;

const CONSTRAINED = /^(?:enum|boolean|bool|number|integer|int|float|literal)(?:\[\])?$/i;
const CONTAINER = /^object(?:\[\])?$/i;

/** A length the prompt itself sets: "in 3-4 sentences", "under 1500 characters", "two to five words", "a short title". */
const NUM = String.raw`(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|a single|a couple of)`;
const UNIT = String.raw`(?:short\s+)?(words?|sentences?|characters?|chars|bullets?|bullet points?|lines?|tokens?|items?|keywords?|tags?|points?|phrases?|paragraphs?)`;
const COUNTED = new RegExp(String.raw`\b(${NUM})(?:\s*(?:-|–|to|or)\s*(${NUM}))?[\s-]+${UNIT}\b`, 'gi');
const SHORT_THING =
  /\b(?:short|brief|concise)(?:,?\s+[a-z-]+){0,2}?\s+(?:title|name|headline|label|tagline|subject line|caption|summary|description)\b|\b(?:a|one|the|single) (?:standalone|stand-alone|self-contained) (?:question|query|search query)\b|\b(?:rephrase|rewrite|reformulate|condense)\b[^.\n]{0,60}?\b(?:into|to be|as)\b[^.\n]{0,40}?\b(?:query|question)\b/i;
const WORD_NUM: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, 'a few': 3, 'a single': 1, 'a couple of': 2 };
/** The longest stated length that still reads as a short answer, per unit. */
const SHORT_LIMIT: [RegExp, number][] = [
  [/^(?:words?|tokens?)$/, 300],
  [/^(?:characters?|chars)$/, 2000],
  [/^(?:sentences?|lines?)$/, 6],
  [/^(?:bullets?|bullet points?|points?|items?|keywords?|tags?|phrases?)$/, 15],
  [/^paragraphs?$/, 1],
];

/** Rules that read a rating on a fixed scale, and a bare answer with no explanation (rules.ts). */
const SCALE_RULES = new Set(['rating-scale', 'zh-rating']);
const BARE_RULES = new Set(['answer-only', 'zh-bare']);

/** A prompt that announces its list of labels: "one of the following categories:", "Available topics:". */
const ANNOUNCED_LIST =
  /\b(?:(?:one|any|some|each|all) of|from|among|into|to) (?:the following|these|the (?:available|given|provided|allowed|listed|existing|user's))(?: [\w-]+){0,2}? (?:categories|labels|topics|intents|classes|tags|types|queues|teams|departments)\b|\b(?:available|allowed|possible|valid|existing|candidate) (?:categories|labels|topics|intents|classes|tags)\s*:/i;

interface SchemaShape {
  leaves: OutputSchema['fields'];
  constrained: OutputSchema['fields'];
  freeTextList: string | null;
  /** A free-text field whose name says it holds a document (`html`, `body`, `markdown`, `code`): as long as the model makes it. */
  proseField: string | null;
}

/** A field that holds a document, not a value: a page's HTML, an article's body, a file's code. */
const PROSE_FIELD =
  /^(?:html|markdown|md|body|(?:full|page|article|post|email|letter|slide|section|chapter|story|report|essay|file)_?(?:html|body|content|text|markdown|code)|content_?(?:html|markdown)|article|essay|report|story|chapter|script|code|source_?code|file_?content|new_?content|rewritten(?:_?\w+)?|document)$/i;

function shapeOf(schema: OutputSchema): SchemaShape {
  const names = schema.fields.map((f) => f.name);
  const isParent = (name: string) => names.some((n) => n !== name && (n.startsWith(`${name}.`) || n.startsWith(`${name}[]`)));
  const leaves = schema.fields.filter((f) => !(CONTAINER.test(f.type) && isParent(f.name)));
  const constrained = leaves.filter((f) => f.enum?.length || CONSTRAINED.test(f.type));
  // A list of records made only of free text ({slides: [{imagePrompt, voiceText}]}): as long as the model makes it.
  let freeTextList: string | null = null;
  for (const list of schema.fields.filter((f) => /\[\]$/.test(f.type) && CONTAINER.test(f.type))) {
    const items = leaves.filter((f) => f.name.startsWith(`${list.name}[]`));
    if (items.length >= 2 && !items.some((f) => constrained.includes(f))) freeTextList = `${list.name} (${items.map((f) => f.name.slice(list.name.length + 3)).join(', ')})`;
  }
  const prose = leaves.find((f) => !constrained.includes(f) && PROSE_FIELD.test(f.name.split(/\.|\[\]\.?/).filter(Boolean).pop() ?? ''));
  return { leaves, constrained, freeTextList, proseField: prose ? prose.name : null };
}

function fieldList(fields: OutputSchema['fields'], max = 4): string {
  const shown = fields.slice(0, max).map((f) => `${f.name}${f.enum?.length ? ` (one of ${f.enum.length})` : CONSTRAINED.test(f.type) ? ` (${f.type})` : ''}`);
  return `${shown.join(', ')}${fields.length > max ? ', …' : ''}`;
}

/** The labels a classification chooses from, when the card shows them: schema enums, booleans, a list in the prompt, comparisons. */
export function labelSetOf(call: ScannedCall, f: Features): { count: number; where: string } | null {
  let best: { count: number; where: string } | null = null;
  const consider = (count: number, where: string) => {
    if (count >= 2 && (!best || count > best.count)) best = { count, where };
  };
  for (const field of call.outputSchema?.fields ?? []) {
    if (field.enum?.length) consider(field.enum.length, `the schema's ${field.name} enum`);
    else if (/^bool(?:ean)?$/i.test(field.type)) consider(2, `the schema's boolean ${field.name}`);
  }
  if (f.categories) consider(f.categories.items.length, f.categories.where);
  const compared = new Set(call.signals.filter((s) => s.kind === 'enum-compare' || s.kind === 'switch-on-output' || s.kind === 'includes-on-output').map((s) => s.detail));
  if (compared.size) consider(Math.max(2, compared.size), `the code's comparisons of the answer (${[...compared].slice(0, 2).join('; ')}${compared.size > 2 ? '; …' : ''})`);
  return best;
}

/** The prompt's own statement of a short answer's length, quoted ("in 3-4 sentences", "a short title"). */
export function statedLength(f: Features): string | null {
  const text = f.allText;
  COUNTED.lastIndex = 0;
  for (let m = COUNTED.exec(text); m; m = COUNTED.exec(text)) {
    const word = (m[2] ?? m[1]).toLowerCase();
    const n = /^\d+$/.test(word) ? Number(word) : WORD_NUM[word];
    const unit = m[3].toLowerCase();
    const limit = SHORT_LIMIT.find(([re]) => re.test(unit))?.[1];
    if (n !== undefined && limit !== undefined && n >= 1 && n <= limit) return `"${quote(text, m.index, m[0].length, 70)}"`;
  }
  const m = SHORT_THING.exec(text);
  return m ? `"${quote(text, m.index, m[0].length, 70)}"` : null;
}

/**
 * A generous max_tokens the plumbing sets for every job through it (`max_tokens=8192` in a provider class), on a job
 * whose own prompt asks for a label or fields: the layer's ceiling, not this job's answer length.
 */
function layerCeiling(call: ScannedCall, f: Features): boolean {
  return call.maxTokensFrom === 'layer' && f.evidence.some((e) => isInstruction(e) && (e.type === 'classify_intent' || e.type === 'extract_entities') && e.weight >= 2.5);
}

/**
 * Question 1 — short and constrained by a schema, labels or a fixed format — from the output's structure. `kind` says
 * how strong the evidence is when the answer is yes.
 */
export function shortOutput(taskType: string, call: ScannedCall, f: Features): StructuralAnswer & { kind?: OutputBoundKind } {
  if (call.maxTokens !== null && call.maxTokens > LONG_MAX_TOKENS && !layerCeiling(call, f)) return { answer: 'no', note: `max_tokens ${call.maxTokens} allows a long answer` };
  const stated = statedLength(f);
  const schema = call.outputSchema;
  if (schema?.fields.length) {
    const shape = shapeOf(schema);
    if (shape.leaves.length > MAX_SHORT_SCHEMA_FIELDS) return { answer: 'no', note: `a structured output with ${shape.leaves.length} fields: a document, not a short answer` };
    if (shape.freeTextList) return { answer: 'unknown', note: `the schema is a list of free-text records, ${shape.freeTextList}: nothing bounds its length` };
    if (shape.proseField && !stated) return { answer: 'unknown', note: `the schema's ${shape.proseField} field holds a document: nothing bounds its length` };
    const freeOnly = shape.constrained.length === 0;
    // A summary in a string field is as long as the model makes it, unless the prompt says how long.
    if (!(taskType === 'summarize_short' && freeOnly && !stated)) {
      const what = `a structured output with ${shape.leaves.length} field${shape.leaves.length === 1 ? '' : 's'}: ${fieldList(shape.leaves)}`;
      return { answer: 'yes', kind: 'schema', note: stated ? `${what}; the prompt says ${stated}` : what };
    }
  }
  const format: string[] = [];
  if (call.maxTokens !== null && call.maxTokens <= SHORT_MAX_TOKENS) format.push(`max_tokens ${call.maxTokens}`);
  if (stated) format.push(`the prompt says ${stated}`);
  // Comparing the answer with fixed values bounds a label; a summary or an extraction tested for a marker
  // (`"The lead section:" in text`) is as long as the model makes it.
  const uses = taskType === 'classify_intent' ? call.signals.filter((s) => ['enum-compare', 'switch-on-output', 'includes-on-output'].includes(s.kind)) : [];
  if (uses.length) format.push(`the code compares the answer with fixed values (${uses[0].detail})`);
  // "Rate the relevance from 0 to 10. Give the score only, no explanation": the answer is one number on a fixed scale.
  const scale = taskType === 'classify_intent' ? f.evidence.find((e) => SCALE_RULES.has(e.rule)) : undefined;
  if (scale && f.evidence.some((e) => BARE_RULES.has(e.rule))) format.push('the prompt asks for a bare score on a fixed scale');
  const parsed = call.signals.find((s) => s.kind === 'schema-parse' || s.kind === 'structured-output' || s.kind === 'forced-tool-choice' || s.kind === 'json-parse');
  if (parsed && taskType !== 'summarize_short') format.push(parsed.kind === 'json-parse' ? 'the answer is parsed as JSON' : `structured output (${parsed.detail})`);
  if (taskType === 'classify_intent' && f.categories && f.categories.items.length <= MAX_HAIKU_LABELS) format.push(`a fixed list of ${f.categories.items.length} labels (${f.categories.where})`);
  if (format.length) return { answer: 'yes', kind: 'format', note: format.join('; ') };
  const missing = [
    schema?.fields.length ? 'a summary in a free-text field with no stated length' : call.signals.some((s) => s.kind === 'structured-output') ? null : 'no output schema',
    call.maxTokens === null ? 'no max_tokens' : `max_tokens ${call.maxTokens}`,
    'no stated length',
    'the answer is not compared with fixed labels',
  ].filter(Boolean);
  const streamed = call.signals.some((s) => s.kind === 'streams-to-response') ? ' (it is streamed to the user as free text)' : '';
  return { answer: 'unknown', note: `nothing bounds the output: ${missing.join(', ')}${streamed}` };
}

/** Question 2 — a wrong answer cheap to recover from — from the tools and where the answer goes. */
export function cheapToRecover(call: ScannedCall, f: Features): StructuralAnswer {
  if (f.irreversibleTools.length) return { answer: 'no', note: `the model can act irreversibly (${f.irreversibleTools.join(', ')})` };
  const streamed = call.signals.some((s) => s.kind === 'streams-to-response');
  const history = call.signals.some((s) => s.kind === 'message-history');
  if (streamed && history) return { answer: 'no', note: 'the answer is streamed to the user as the reply of a conversation' };
  return { answer: 'yes', note: 'no tools with effects; the answer is not executed or sent on as a conversation’s reply' };
}

/** Question 3 — no multi-step reasoning — from the loop, the tools, the output's size and, for a classification, its labels. */
export function oneStep(taskType: string, call: ScannedCall, f: Features): StructuralAnswer & { labelsUnseen?: boolean } {
  const loop = call.signals.find((s) => s.kind === 'tool-use-loop');
  if (loop) return { answer: 'no', note: `a tool-use loop (${loop.detail})` };
  if (call.tools.length && !f.forcedTool) return { answer: 'no', note: `the model chooses among ${call.tools.length} tool${call.tools.length === 1 ? '' : 's'} (${call.tools.slice(0, 3).map((t) => t.name).join(', ')})` };
  if (call.maxTokens !== null && call.maxTokens > LONG_MAX_TOKENS && !layerCeiling(call, f)) return { answer: 'no', note: `max_tokens ${call.maxTokens}: long output` };
  if (taskType === 'summarize_short' && call.signals.some((s) => s.kind === 'documents-joined')) return { answer: 'no', note: 'several documents are joined into the prompt: a synthesis, not one text condensed' };
  if (taskType === 'classify_intent') {
    const labels = labelSetOf(call, f);
    if (!labels) {
      // "Classify it into one of the following categories: ⟪categories⟫": the prompt announces a list the card does not
      // hold, so how many labels there are to tell apart is not known.
      const announced = ANNOUNCED_LIST.exec(f.allText);
      if (announced) return { answer: 'unknown', note: `the labels are filled in at run time ("${quote(f.allText, announced.index, announced[0].length, 70)}"): how many there are is not shown`, labelsUnseen: true };
      return { answer: 'yes', note: 'no tools, no loop; the labels are not on the card (read at run time?)', labelsUnseen: true };
    }
    if (labels.count > MAX_HAIKU_LABELS) return { answer: 'no', note: `${labels.count} labels to tell apart (${labels.where})` };
    return { answer: 'yes', note: `${labels.count} labels (${labels.where}), no tools, no loop` };
  }
  return { answer: 'yes', note: 'no tools, no loop, no long output' };
}
