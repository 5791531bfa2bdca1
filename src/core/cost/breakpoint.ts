// The quick fix "Add a prompt-caching breakpoint": `cache_control: { type: "ephemeral" }` on the last system block
// (which caches the tools and the system prompt) or, when the system prompt is not stable, on the last tool (which
// caches the tools). Anthropic SDK calls in TypeScript / JavaScript and Python only: the field is Anthropic's, and the
// caller (src/extension/caching.ts) offers it only on calls whose provider is Anthropic.
//
// Plain text edits, computed from the file's text: a string system prompt becomes one text block
// (`[{ type: "text", text: <as written>, cache_control: { type: "ephemeral" } }]`); a list of blocks gets the field on
// its last block; tools written as a list (inline, or a constant of the same file) get it on the last tool. Anything
// else (an imported list, `**kwargs`, a spread) gets no fix rather than a guess. Every edited text is parsed again
// before the plan is returned: a plan that would leave the file unparseable is refused.
import type { Language, TextSpan } from '../types';
import { parseTs, tsSyntaxError, unwrapExpression, walk, type Node, type Program } from '../registry/tsSource';
import { pyTokenCheck, tokenizePython, type PyToken } from '../registry/pySource';

export interface BreakpointEdit {
  start: number;
  end: number;
  newText: string;
}

export type BreakpointPlan = { edits: BreakpointEdit[]; where: 'system' | 'tools'; title: string } | { reason: string };

export const BREAKPOINT_TITLE = { system: 'Add a prompt-caching breakpoint (cache_control) to the system prompt', tools: 'Add a prompt-caching breakpoint (cache_control) to the last tool' } as const;

/**
 * The edits that put a breakpoint on the call at `callSpan`. `prefer` is where the caching opportunity puts it:
 * `system` when the system prompt is static (then the tools are cached too), else `tools`.
 */
export function planCacheBreakpoint(text: string, file: string, language: Language, callSpan: TextSpan, prefer: 'system' | 'tools'): BreakpointPlan {
  try {
    const plan = language === 'python' ? planPython(text, callSpan, prefer) : planTs(text, file, callSpan, prefer);
    if ('reason' in plan) return plan;
    const edited = applyBreakpointEdits(text, plan.edits);
    const broken = language === 'python' ? pyTokenCheck(edited) : tsSyntaxError(file, edited);
    if (broken) return { reason: `the edit would not parse (${broken})` };
    return plan;
  } catch (e) {
    return { reason: `the call could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function applyBreakpointEdits(text: string, edits: readonly BreakpointEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript

type Obj = Extract<Node, { type: 'ObjectExpression' }>;
type Prop = Extract<Node, { type: 'Property' }>;

function planTs(text: string, file: string, span: TextSpan, prefer: 'system' | 'tools'): BreakpointPlan {
  const ast = parseTs(file, text);
  const call = findCall(ast, span);
  if (!call) return { reason: 'the call was not found in the file as scanned (edited since?)' };
  const arg = call.arguments[0] ? unwrapExpression(call.arguments[0] as Node) : null;
  const params = arg?.type === 'ObjectExpression' ? arg : arg?.type === 'Identifier' ? objectConst(ast, arg.name) : null;
  if (!params) return { reason: 'the request is not an object literal in this file' };
  const style = quoteOf(text.slice(params.range[0], params.range[1]));
  const system = propertyOf(params, 'system');
  const tools = propertyOf(params, 'tools');
  // Only where the opportunity was priced: a breakpoint on the tools instead of the system caches less than it said.
  const tries: Array<'system' | 'tools'> = [prefer];
  let why = '';
  for (const where of tries) {
    const prop = where === 'system' ? system : tools;
    if (!prop) {
      why ||= `the call has no ${where}`;
      continue;
    }
    const edits = where === 'system' ? systemEditsTs(text, ast, prop, style) : toolsEditsTs(text, ast, prop, style);
    if ('reason' in edits) {
      why ||= edits.reason;
      continue;
    }
    return { edits: edits.edits, where, title: BREAKPOINT_TITLE[where] };
  }
  return { reason: why || 'nothing to put a breakpoint on' };
}

function findCall(ast: Program, span: TextSpan): Extract<Node, { type: 'CallExpression' }> | null {
  let exact: Extract<Node, { type: 'CallExpression' }> | null = null;
  let around: Extract<Node, { type: 'CallExpression' }> | null = null;
  walk(ast as unknown as Node, (n) => {
    if (n.range[1] < span.start || n.range[0] > span.end) return false;
    if (n.type === 'CallExpression') {
      if (n.range[0] === span.start && n.range[1] === span.end) exact = n;
      // The innermost call that holds the scanned span's start and whose first argument is an object.
      else if (n.range[0] <= span.start && span.start < n.range[1] && n.arguments[0]?.type === 'ObjectExpression') around = n;
    }
    return true;
  });
  return exact ?? around;
}

function keyName(p: Prop): string | null {
  if (p.computed) return null;
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal' && typeof p.key.value === 'string') return p.key.value;
  return null;
}

function propertyOf(obj: Obj, name: string): Prop | null {
  for (const p of obj.properties) if (p.type === 'Property' && keyName(p) === name) return p;
  return null;
}

/** The initializer of a top-level or function-level `const NAME = …` in this file, unwrapped. */
function constInit(ast: Program, name: string): Node | null {
  let found: Node | null = null;
  walk(ast as unknown as Node, (n) => {
    if (found) return false;
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.id.name === name && n.init) found = unwrapExpression(n.init as Node);
    return true;
  });
  return found;
}

function objectConst(ast: Program, name: string): Obj | null {
  const init = constInit(ast, name);
  return init?.type === 'ObjectExpression' ? init : null;
}

interface Style {
  q: '"' | "'";
  quotedKeys: boolean;
}

function quoteOf(objectText: string): Style {
  const single = (objectText.match(/'/g) ?? []).length;
  const double = (objectText.match(/"/g) ?? []).length;
  return { q: single > double ? "'" : '"', quotedKeys: /["']type["']\s*:/.test(objectText) };
}

function cacheField(style: Style): string {
  const k = (s: string) => (style.quotedKeys ? `${style.q}${s}${style.q}` : s);
  return `${k('cache_control')}: { ${k('type')}: ${style.q}ephemeral${style.q} }`;
}

function isStringish(n: Node): boolean {
  if (n.type === 'Literal') return typeof n.value === 'string';
  if (n.type === 'TemplateLiteral' || n.type === 'TaggedTemplateExpression') return true;
  if (n.type === 'BinaryExpression') return n.operator === '+' && (isStringish(n.left as Node) || isStringish(n.right as Node));
  return false;
}

type Edits = { edits: BreakpointEdit[] } | { reason: string };

function systemEditsTs(text: string, ast: Program, prop: Prop, style: Style): Edits {
  const value = unwrapExpression(prop.value as Node);
  const wrap = (src: string): string => {
    const k = (s: string) => (style.quotedKeys ? `${style.q}${s}${style.q}` : s);
    return `[{ ${k('type')}: ${style.q}text${style.q}, ${k('text')}: ${src}, ${cacheField(style)} }]`;
  };
  if (value.type === 'ArrayExpression') return lastObjectEdit(text, value, style, 'system block');
  if (isStringish(value)) return { edits: [{ start: prop.value.range[0], end: prop.value.range[1], newText: wrap(text.slice(prop.value.range[0], prop.value.range[1])) }] };
  if (value.type === 'Identifier') {
    const init = constInit(ast, value.name);
    if (!init) return { reason: `\`${value.name}\` is not declared in this file (its shape is unknown)` };
    if (init.type === 'ArrayExpression') return lastObjectEdit(text, init, style, 'system block');
    if (!isStringish(init)) return { reason: `\`${value.name}\` is not a string or a list of blocks` };
    // `{ system }` becomes `{ system: [ … system … ] }`.
    if (prop.shorthand) return { edits: [{ start: prop.range[0], end: prop.range[1], newText: `system: ${wrap(value.name)}` }] };
    return { edits: [{ start: prop.value.range[0], end: prop.value.range[1], newText: wrap(value.name) }] };
  }
  return { reason: 'the system prompt is neither a string nor a list of blocks' };
}

function toolsEditsTs(text: string, ast: Program, prop: Prop, style: Style): Edits {
  const value = unwrapExpression(prop.value as Node);
  if (value.type === 'ArrayExpression') return lastObjectEdit(text, value, style, 'tool');
  if (value.type === 'Identifier') {
    const init = constInit(ast, value.name);
    if (init?.type === 'ArrayExpression') return lastObjectEdit(text, init, style, 'tool');
    return { reason: `the tools \`${value.name}\` are not a list declared in this file` };
  }
  return { reason: 'the tools are not a list' };
}

/** Adds the field to the last element of a list when that element is an object literal (and has no cache_control yet). */
function lastObjectEdit(text: string, list: Extract<Node, { type: 'ArrayExpression' }>, style: Style, what: string): Edits {
  const last = list.elements[list.elements.length - 1];
  const obj = last ? unwrapExpression(last as Node) : null;
  if (!obj || obj.type !== 'ObjectExpression') return { reason: `the last ${what} is not an object literal` };
  if (propertyOf(obj, 'cache_control')) return { reason: `the last ${what} already has cache_control` };
  return { edits: [insertProperty(text, obj.range[0], obj.range[1], obj.properties.length ? obj.properties[obj.properties.length - 1].range[1] : null, cacheField(style))] };
}

/**
 * Inserts `field` as the last member of a `{ … }` (or Python dict) spanning [open, close): on a line of its own, indented
 * like the last member, when the object is written over several lines; else inline before the closing brace.
 */
function insertProperty(text: string, open: number, close: number, lastMemberEnd: number | null, field: string): BreakpointEdit {
  const body = text.slice(open, close);
  const multiline = body.includes('\n');
  if (lastMemberEnd === null) return { start: open + 1, end: close - 1, newText: ` ${field} ` };
  // A trailing comma after the last member stays where it is.
  const after = text.slice(lastMemberEnd, close - 1);
  const comma = /^\s*,/.exec(after);
  const at = comma ? lastMemberEnd + comma[0].length : lastMemberEnd;
  if (!multiline) return { start: at, end: at, newText: `${comma ? '' : ','} ${field}` };
  const lineStart = text.lastIndexOf('\n', lastMemberEnd - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  // If the last member's line starts the object itself (`{ a: 1,` …), indent one level past the brace's line.
  return { start: at, end: at, newText: `${comma ? '' : ','}\n${indent}${field}${comma ? ',' : ''}` };
}

// ---------------------------------------------------------------------------------------------
// Python

interface PyArg {
  name: string | null;
  tokens: PyToken[];
}

function planPython(text: string, span: TextSpan, prefer: 'system' | 'tools'): BreakpointPlan {
  const tokens = tokenizePython(text).filter((t) => t.type !== 'comment' && t.type !== 'newline');
  const close = tokens.findIndex((t) => t.type === 'op' && t.value === ')' && t.end === span.end);
  if (close < 0) return { reason: 'the call was not found in the file as scanned (edited since?)' };
  let depth = 0;
  let open = -1;
  for (let i = close; i >= 0; i--) {
    const t = tokens[i];
    if (t.type !== 'op') continue;
    if (t.value === ')' || t.value === ']' || t.value === '}') depth++;
    else if (t.value === '(' || t.value === '[' || t.value === '{') {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open < 0) return { reason: 'unbalanced brackets around the call' };
  const args = splitArgs(tokens, open, close);
  const q = /'/.test(text.slice(tokens[open].start, tokens[close].end).replace(/"[^"\n]*"/g, '')) && !/"/.test(text.slice(tokens[open].start, tokens[close].end)) ? "'" : '"';
  const field = `${q}cache_control${q}: {${q}type${q}: ${q}ephemeral${q}}`;
  const tries: Array<'system' | 'tools'> = [prefer];
  let why = args.some((a) => a.name === null && a.tokens[0]?.value === '**') ? 'the request is passed as **kwargs' : '';
  for (const where of tries) {
    const arg = args.find((a) => a.name === where);
    if (!arg || !arg.tokens.length) {
      why ||= `the call has no ${where}=`;
      continue;
    }
    const r = where === 'system' ? systemEditsPy(text, tokens, arg, q, field) : toolsEditsPy(text, tokens, arg, field);
    if ('reason' in r) {
      why ||= r.reason;
      continue;
    }
    return { edits: r.edits, where, title: BREAKPOINT_TITLE[where] };
  }
  return { reason: why || 'nothing to put a breakpoint on' };
}

/** The arguments between tokens[open] `(` and tokens[close] `)`: keyword name and value tokens. */
function splitArgs(tokens: PyToken[], open: number, close: number): PyArg[] {
  const args: PyArg[] = [];
  let cur: PyToken[] = [];
  let depth = 0;
  const flush = () => {
    if (!cur.length) return;
    if (cur.length >= 2 && cur[0].type === 'name' && cur[1].type === 'op' && cur[1].value === '=') args.push({ name: cur[0].value, tokens: cur.slice(2) });
    else args.push({ name: null, tokens: cur });
    cur = [];
  };
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i];
    if (t.type === 'op' && '([{'.includes(t.value)) depth++;
    if (t.type === 'op' && ')]}'.includes(t.value)) depth--;
    if (depth === 0 && t.type === 'op' && t.value === ',') {
      flush();
      continue;
    }
    cur.push(t);
  }
  flush();
  return args;
}

type PyEdits = { edits: BreakpointEdit[] } | { reason: string };

function isPyStringValue(ts: PyToken[]): boolean {
  return ts.length > 0 && ts.every((t) => t.type === 'string');
}

/** A module-level `NAME = …` assignment's value tokens, or null. */
function moduleValue(tokens: PyToken[], name: string): PyToken[] | null {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.first && t.indent === 0 && t.type === 'name' && t.value === name && tokens[i + 1].type === 'op' && tokens[i + 1].value === '=') {
      const out: PyToken[] = [];
      for (let j = i + 2; j < tokens.length; j++) {
        if (tokens[j].first && tokens[j].depth === 0) break;
        out.push(tokens[j]);
      }
      return out;
    }
  }
  return null;
}

function systemEditsPy(text: string, tokens: PyToken[], arg: PyArg, q: string, field: string): PyEdits {
  const v = arg.tokens;
  const wrap = (src: string) => `[{${q}type${q}: ${q}text${q}, ${q}text${q}: ${src}, ${field}}]`;
  const start = v[0].start;
  const end = v[v.length - 1].end;
  if (v[0].type === 'op' && v[0].value === '[') return lastDictEdit(text, tokens, v, field, 'system block');
  if (isPyStringValue(v)) return { edits: [{ start, end, newText: wrap(text.slice(start, end)) }] };
  if (v.length === 1 && v[0].type === 'name') {
    const def = moduleValue(tokens, v[0].value);
    if (!def) return { reason: `\`${v[0].value}\` is not assigned at the top of this file (its shape is unknown)` };
    if (def[0]?.type === 'op' && def[0].value === '[') return lastDictEdit(text, tokens, def, field, 'system block');
    if (!isPyStringValue(def) && !(def[0]?.type === 'name' && /^(dedent|textwrap)$/.test(def[0].value))) return { reason: `\`${v[0].value}\` is not a string or a list of blocks` };
    return { edits: [{ start, end, newText: wrap(v[0].value) }] };
  }
  return { reason: 'the system prompt is neither a string nor a list of blocks' };
}

function toolsEditsPy(text: string, tokens: PyToken[], arg: PyArg, field: string): PyEdits {
  const v = arg.tokens;
  if (v[0].type === 'op' && v[0].value === '[') return lastDictEdit(text, tokens, v, field, 'tool');
  if (v.length === 1 && v[0].type === 'name') {
    const def = moduleValue(tokens, v[0].value);
    if (def?.[0]?.type === 'op' && def[0].value === '[') return lastDictEdit(text, tokens, def, field, 'tool');
    return { reason: `the tools \`${v[0].value}\` are not a list assigned at the top of this file` };
  }
  return { reason: 'the tools are not a list' };
}

/** The last `{ … }` element of the list whose tokens start with `[`: the field goes before its `}`. */
function lastDictEdit(text: string, _all: PyToken[], list: PyToken[], field: string, what: string): PyEdits {
  // A bracket token's depth is the depth outside it (the tokenizer's rule): the list's `]` has the `[`'s depth, its
  // elements one more.
  const base = list[0].depth;
  let closeIdx = -1;
  for (let i = 1; i < list.length; i++) {
    if (list[i].type === 'op' && list[i].value === ']' && list[i].depth === base) {
      closeIdx = i;
      break;
    }
  }
  if (closeIdx < 0) return { reason: `the ${what === 'tool' ? 'tools list' : 'list'} is not closed` };
  // Walk back from the `]` over an optional trailing comma to the last element's closing `}`.
  let j = closeIdx - 1;
  if (list[j]?.type === 'op' && list[j].value === ',') j--;
  const end = list[j];
  if (!end || end.type !== 'op' || end.value !== '}' || end.depth !== base + 1) return { reason: `the last ${what} is not a dict literal` };
  let k = j - 1;
  while (k > 0 && !(list[k].type === 'op' && list[k].value === '{' && list[k].depth === base + 1)) k--;
  if (k <= 0) return { reason: `the last ${what} is not a dict literal` };
  const inner = text.slice(list[k].end, end.start);
  if (/["']cache_control["']/.test(inner)) return { reason: `the last ${what} already has cache_control` };
  // The last member ends at the last token inside the dict (before an optional trailing comma).
  let lastMember = j - 1;
  if (list[lastMember]?.type === 'op' && list[lastMember].value === ',') lastMember--;
  const lastEnd = lastMember > k ? list[lastMember].end : null;
  return { edits: [insertProperty(text, list[k].start, end.end, lastEnd, field)] };
}
