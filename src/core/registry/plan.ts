// "Move to registry" as plain text edits: create or extend the registry, point calls at `modelFor("task")` /
// `model_for("task")`, add the import. Every edited file is re-parsed before the plan is returned; a plan
// that would leave a file unparseable, or write outside the workspace folder, is refused.
import type { RegistryInfo, MoveCall, MoveOutcome, MovePlan, MovePlanInput, TextEdit, Conflict, RegistryEntry } from './types';
import { importSpecifier, pythonModuleName, registryFileFor, resolveRegistryPath } from './paths';
import { readRegistry } from './read';
import { isComponentFile } from '../scan/ts/component';
import { findImportOf, moduleStyle, nodeAt, parseTs, tsSyntaxError, walk, type ModuleStyle, type Program } from './tsSource';
import { pyStatements, pyStringValue, pyTokenCheck, tokenizePython, type PyStatement, type PyToken } from './pySource';
import { modelForRoute, registryKey, routeAccepts, routeOf, writtenModelOf, type ModelRoute } from './route';

/** Applies non-overlapping edits of one file to its text. Throws on overlap. */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new Error('overlapping edits');
  }
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

export const REGISTRY_COMMENT = 'Task-type registry: which model each task type runs on (task types not listed use DEFAULT_MODEL).';

export function isIdentifier(s: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(s);
}

/** Source of a new TypeScript / JavaScript registry. */
export function newTsRegistryText(file: string, entries: ReadonlyArray<{ task: string; model: string }>, defaultModel: string, opts: { cjs: boolean; quote: '"' | "'"; semicolons: boolean }): string {
  const q = (s: string) => opts.quote + s.replace(/\\/g, '\\\\').replace(new RegExp(opts.quote, 'g'), `\\${opts.quote}`) + opts.quote;
  const semi = opts.semicolons ? ';' : '';
  const typed = /\.[cm]?tsx?$/.test(file);
  const lines = entries.map((e) => `  ${isIdentifier(e.task) ? e.task : q(e.task)}: ${q(e.model)},`);
  const body = lines.length ? `{\n${lines.join('\n')}\n}` : '{}';
  if (opts.cjs && !typed) {
    return [
      `// ${REGISTRY_COMMENT}`,
      `const MODEL_REGISTRY = Object.freeze(${body})${semi}`,
      '',
      `const DEFAULT_MODEL = ${q(defaultModel)}${semi}`,
      '',
      'function modelFor(task) {',
      `  return Object.prototype.hasOwnProperty.call(MODEL_REGISTRY, task) ? MODEL_REGISTRY[task] : DEFAULT_MODEL${semi}`,
      '}',
      '',
      `module.exports = { MODEL_REGISTRY, DEFAULT_MODEL, modelFor }${semi}`,
      '',
    ].join('\n');
  }
  return [
    `// ${REGISTRY_COMMENT}`,
    `export const MODEL_REGISTRY = ${body}${typed ? ' as const' : ''}${semi}`,
    '',
    `export const DEFAULT_MODEL = ${q(defaultModel)}${semi}`,
    '',
    typed ? 'export function modelFor(task: string): string {' : 'export function modelFor(task) {',
    typed ? `  const models: Readonly<Record<string, string>> = MODEL_REGISTRY${semi}` : `  const models = MODEL_REGISTRY${semi}`,
    `  return Object.prototype.hasOwnProperty.call(models, task) ? models[task] : DEFAULT_MODEL${semi}`,
    '}',
    '',
  ].join('\n');
}

/** Source of a new Python registry. */
export function newPythonRegistryText(entries: ReadonlyArray<{ task: string; model: string }>, defaultModel: string): string {
  const q = (s: string) => JSON.stringify(s);
  const body = entries.length ? `{\n${entries.map((e) => `    ${q(e.task)}: ${q(e.model)},`).join('\n')}\n}` : '{}';
  return [
    `# ${REGISTRY_COMMENT}`,
    `MODEL_REGISTRY = ${body}`,
    '',
    `DEFAULT_MODEL = ${q(defaultModel)}`,
    '',
    '',
    'def model_for(task: str) -> str:',
    '    """The model for a task type: its registry entry, else DEFAULT_MODEL."""',
    '    return MODEL_REGISTRY.get(task, DEFAULT_MODEL)',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Registry edits

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** End of the line at `offset` when only a comment follows there, else `offset`. */
function afterTrailingComment(text: string, offset: number, python: boolean): number {
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
  const rest = text.slice(offset, lineEnd);
  const comment = python ? /^\s*(#.*)?$/ : /^\s*(\/\/.*|\/\*[^\n]*?\*\/\s*)?$/;
  return comment.test(rest) ? lineEnd : offset;
}

/** Offset of the next non-blank, non-comment character at or after `from`. */
function nextCode(text: string, from: number, python: boolean): number {
  let i = from;
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (python && text[i] === '#') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (!python && text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (!python && text.startsWith('/*', i)) i = text.indexOf('*/', i) < 0 ? text.length : text.indexOf('*/', i) + 2;
    else break;
  }
  return i;
}

function quoteLike(raw: string, value: string, python: boolean): string {
  const q = raw.startsWith("'") ? "'" : raw.startsWith('`') && !python ? '`' : '"';
  return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

/** Edits that add `entries` to an existing registry object and change the models of `updates`, keeping its formatting. */
export function registryEntryEdits(info: RegistryInfo, text: string, add: ReadonlyArray<{ task: string; model: string }>, updates: ReadonlyArray<{ task: string; model: string }>): TextEdit[] {
  const python = info.language === 'python';
  const edits: TextEdit[] = [];
  const file = info.file;
  const sample = info.entries[0];
  const sampleValueRaw = sample ? text.slice(sample.valueSpan.start, sample.valueSpan.end) : '"';
  const sampleKeyRaw = sample ? text.slice(sample.keySpan.start, sample.keySpan.end) : '';
  const quotedKeys = python || (sample ? /^["']/.test(sampleKeyRaw) : false);
  // A key that needs quotes (`'classify_intent@openai'`) takes the quotes of the quoted keys, else of the values.
  const keyText = (task: string) => (quotedKeys || !isIdentifier(task) ? quoteLike(quotedKeys && sampleKeyRaw ? sampleKeyRaw : sampleValueRaw, task, python) : task);
  const entryText = (e: { task: string; model: string }) => `${keyText(e.task)}: ${quoteLike(sampleValueRaw, e.model, python)}`;

  for (const u of updates) {
    const entry = info.entries.find((e) => e.task === u.task);
    if (!entry) continue;
    const raw = text.slice(entry.valueSpan.start, entry.valueSpan.end);
    edits.push({ file, start: entry.valueSpan.start, end: entry.valueSpan.end, newText: quoteLike(raw, u.model, python) });
  }
  if (!add.length || !info.object) return edits;
  const obj = info.object;
  const last: RegistryEntry | undefined = info.entries[info.entries.length - 1];
  if (!last) {
    // Empty object (maybe only comments inside): put the entries on their own lines before the closing brace.
    const indent = python ? '    ' : '  ';
    const close = obj.end - 1;
    const closeLineStart = text.lastIndexOf('\n', close - 1) + 1;
    const closeOnOwnLine = closeLineStart > obj.start && /^[ \t]*$/.test(text.slice(closeLineStart, close));
    const lines = add.map((e) => `${indent}${entryText(e)},`).join('\n');
    if (closeOnOwnLine) edits.push({ file, start: closeLineStart, end: closeLineStart, newText: `${lines}\n` });
    else edits.push({ file, start: close, end: close, newText: `\n${lines}\n${lineIndent(text, obj.start)}` });
    return edits;
  }
  const afterLast = nextCode(text, last.span.end, python);
  const trailingComma = text[afterLast] === ',';
  const multiLine = text.slice(obj.start, info.entries[0].span.start).includes('\n');
  if (multiLine) {
    const indent = lineIndent(text, last.span.start);
    const pos = afterTrailingComment(text, trailingComma ? afterLast + 1 : last.span.end, python);
    if (!trailingComma) edits.push({ file, start: last.span.end, end: last.span.end, newText: ',' });
    const lines = add.map((e, i) => `\n${indent}${entryText(e)}${trailingComma || i < add.length - 1 ? ',' : ''}`).join('');
    edits.push({ file, start: pos, end: pos, newText: lines });
  } else {
    const pos = trailingComma ? afterLast + 1 : last.span.end;
    const lines = add.map((e) => `${trailingComma ? ' ' : ', '}${entryText(e)}${trailingComma ? ',' : ''}`);
    // `{ a: "x", }` → `{ a: "x", b: "y", }`; `{ a: "x" }` → `{ a: "x", b: "y" }`.
    edits.push({ file, start: pos, end: pos, newText: trailingComma ? lines.join('') : lines.join('') });
  }
  return edits;
}

// ---------------------------------------------------------------------------------------------
// Call-file edits

interface Rewrite {
  file: string;
  start: number;
  end: number;
  task: string;
  /** `model: ` when a shorthand property `{ model }` is expanded. */
  prefix: string;
  quoteFrom: string;
}

type Located = { ok: true; rewrite: Rewrite } | { ok: false; message: string };

const LITERAL_SOURCES = new Set(['literal', 'constant', 'imported-constant']);
const DEFAULT_SOURCES = new Set(['env-default', 'config']);

/** Can "move to registry" handle a call whose model has this source? */
export function isMovableModel(model: MoveCall['model']): boolean {
  if (!model.span) return false;
  if (LITERAL_SOURCES.has(model.source)) return true;
  return DEFAULT_SOURCES.has(model.source) && model.resolved !== null;
}

/** The buffer may have changed since the call was analysed: the span must still hold the expression. */
function staleSpan(call: MoveCall, text: string): boolean {
  const span = call.model.span;
  if (!span || span.end > text.length) return true;
  const squash = (s: string) => s.replace(/\s+/g, '');
  return call.model.expression !== '' && squash(text.slice(span.start, span.end)) !== squash(call.model.expression);
}

const STALE = 'the file changed since it was analysed; try again in a moment';

function locateTs(call: MoveCall, readText: (f: string) => string | null, parsed: Map<string, Program>): Located {
  const span = call.model.span;
  if (!span) return { ok: false, message: `the model of the call in ${call.file} has no known position` };
  const text = readText(call.file);
  if (text === null) return { ok: false, message: `${call.file} cannot be read` };
  if (staleSpan(call, text)) return { ok: false, message: STALE };
  const ast = parseCached(call.file, text, parsed);
  if (!ast) return { ok: false, message: `${call.file} does not parse; fix it first` };
  if (LITERAL_SOURCES.has(call.model.source)) {
    const hit = nodeAt(ast, span.start, span.end);
    if (!hit) return { ok: false, message: `the model expression of the call in ${call.file} has moved; save and try again` };
    const parent = hit.parent;
    // A provider function (`anthropic("claude-…")`, `openai.chat("gpt-4o")`): only its model argument moves, the
    // provider stays.
    if (hit.node.type === 'CallExpression' || hit.node.type === 'NewExpression') {
      const arg = hit.node.arguments[0];
      if (!arg || arg.type === 'SpreadElement') return { ok: false, message: `the model of the call in ${call.file} is not a plain argument of \`${call.model.expression}\`` };
      return { ok: true, rewrite: { file: call.file, start: arg.range[0], end: arg.range[1], task: call.task, prefix: '', quoteFrom: text.slice(arg.range[0], arg.range[1]) } };
    }
    if (parent && parent.type === 'Property' && parent.shorthand) {
      const key = parent.key.type === 'Identifier' ? parent.key.name : 'model';
      return { ok: true, rewrite: { file: call.file, start: parent.range[0], end: parent.range[1], task: call.task, prefix: `${key}: `, quoteFrom: '' } };
    }
    return { ok: true, rewrite: { file: call.file, start: span.start, end: span.end, task: call.task, prefix: '', quoteFrom: text.slice(span.start, span.end) } };
  }
  if (DEFAULT_SOURCES.has(call.model.source)) {
    // Move the default, keep the override: replace only the literal fallback (`process.env.X ?? "m"`).
    const written = writtenModelOf(call.model, readText);
    const places: Array<{ file: string; span: { start: number; end: number } }> = [{ file: call.file, span }];
    if (call.model.declaredAt?.span) places.push({ file: call.model.declaredAt.file, span: call.model.declaredAt.span });
    for (const place of places) {
      const t = place.file === call.file ? text : readText(place.file);
      if (t === null) continue;
      const a = parseCached(place.file, t, parsed);
      if (!a) continue;
      const found: { range: [number, number] | null } = { range: null };
      walk(a, (n) => {
        if (n.range[1] <= place.span.start || n.range[0] >= place.span.end) return false;
        if (n.type === 'Literal' && typeof n.value === 'string' && (n.value === written || n.value === call.model.resolved) && n.range[0] >= place.span.start && n.range[1] <= place.span.end) found.range = n.range;
        return undefined;
      });
      if (found.range) {
        const [s, e] = found.range;
        return { ok: true, rewrite: { file: place.file, start: s, end: e, task: call.task, prefix: '', quoteFrom: t.slice(s, e) } };
      }
    }
    return { ok: false, message: `no literal default model found in \`${call.model.expression}\`` };
  }
  return { ok: false, message: `the model of this call is not hard-coded (${call.model.source})` };
}

function locatePython(call: MoveCall, readText: (f: string) => string | null): Located {
  const span = call.model.span;
  if (!span) return { ok: false, message: `the model of the call in ${call.file} has no known position` };
  const text = readText(call.file);
  if (text === null) return { ok: false, message: `${call.file} cannot be read` };
  if (staleSpan(call, text)) return { ok: false, message: STALE };
  if (LITERAL_SOURCES.has(call.model.source)) {
    return { ok: true, rewrite: { file: call.file, start: span.start, end: span.end, task: call.task, prefix: '', quoteFrom: text.slice(span.start, span.end) } };
  }
  if (DEFAULT_SOURCES.has(call.model.source)) {
    const written = writtenModelOf(call.model, readText);
    const places: Array<{ file: string; span: { start: number; end: number }; declaration?: boolean }> = [{ file: call.file, span }];
    if (call.model.declaredAt?.span) places.push({ file: call.model.declaredAt.file, span: call.model.declaredAt.span, declaration: true });
    for (const place of places) {
      const t = place.file === call.file ? text : readText(place.file);
      if (t === null) continue;
      let tokens: PyToken[];
      try {
        tokens = tokenizePython(t);
      } catch {
        continue;
      }
      // A declaration's span may cover only its name (`MODEL` of a class attribute `MODEL = "…"`): look in the
      // whole assignment statement it begins.
      let range = place.span;
      if (place.declaration) {
        const st = pyStatements(tokens).find((x) => x.start <= place.span.start && place.span.end <= x.end);
        if (st) range = { start: st.start, end: st.end };
      }
      const hits = tokens.filter((tok) => tok.type === 'string' && tok.start >= range.start && tok.end <= range.end && (pyStringValue(tok) === written || pyStringValue(tok) === call.model.resolved));
      const hit = hits[hits.length - 1];
      if (hit) return { ok: true, rewrite: { file: place.file, start: hit.start, end: hit.end, task: call.task, prefix: '', quoteFrom: hit.value } };
    }
    return { ok: false, message: `no literal default model found in \`${call.model.expression}\`` };
  }
  return { ok: false, message: `the model of this call is not hard-coded (${call.model.source})` };
}

/**
 * Whether the fix can rewrite this call's model expression (the same search the plan does), and why not: the
 * lightbulb offers only what it can apply.
 */
export function checkMovable(call: Pick<MoveCall, 'file' | 'language' | 'model'>, readText: (file: string) => string | null): { ok: true } | { ok: false; message: string } {
  if (!isMovableModel(call.model)) return { ok: false, message: `the model of this call is not hard-coded (${call.model.source})` };
  // A literal at its span is rewritten where it stands: no parse needed here (the lightbulb asks on every cursor move).
  const text = readText(call.file);
  if (text === null) return { ok: false, message: `${call.file} cannot be read` };
  if (staleSpan({ ...call, task: '', targetModel: '', sdk: '' }, text)) return { ok: false, message: STALE };
  if (LITERAL_SOURCES.has(call.model.source)) return { ok: true };
  const probe: MoveCall = { ...call, task: 'probe', targetModel: call.model.resolved ?? '', sdk: 'unknown' };
  const located = call.language === 'python' ? locatePython(probe, readText) : locateTs(probe, readText, new Map());
  return located.ok ? { ok: true } : { ok: false, message: located.message };
}

function parseCached(file: string, text: string, parsed: Map<string, Program>): Program | null {
  if (parsed.has(file)) return parsed.get(file) ?? null;
  try {
    const ast = parseTs(file, text);
    parsed.set(file, ast);
    return ast;
  } catch {
    return null;
  }
}

function freeName(taken: Set<string>, preferred: string, alias: string): string {
  if (!taken.has(preferred)) return preferred;
  let name = alias;
  for (let i = 2; taken.has(name); i++) name = `${alias}${i}`;
  return name;
}

/** How a TS/JS file reaches `modelFor`, and the edit that adds the import if needed. */
function tsImport(file: string, text: string, ast: Program, registryFile: string): { fn: string; edit: TextEdit | null; quote: '"' | "'" } {
  const style: ModuleStyle = moduleStyle(file, text, ast);
  const existing = findImportOf(style, file, registryFile).filter((i) => !i.typeOnly);
  for (const imp of existing) {
    const local = imp.named.get('modelFor');
    if (local) return { fn: local, edit: null, quote: style.quote };
  }
  for (const imp of existing) if (imp.namespace && imp.kind === 'cjs') return { fn: `${imp.namespace}.modelFor`, edit: null, quote: style.quote };
  for (const imp of existing) if (imp.namespace && imp.kind === 'esm' && !imp.defaultSpecifier && !imp.lastNamed) return { fn: `${imp.namespace}.modelFor`, edit: null, quote: style.quote };
  const local = freeName(style.names, 'modelFor', 'registryModelFor');
  const specifierText = local === 'modelFor' ? 'modelFor' : imp2alias(style.cjs, local);
  for (const imp of existing) {
    if (!imp.braces || !imp.lastNamed) continue;
    const spec = imp.kind === 'cjs' ? (local === 'modelFor' ? 'modelFor' : `modelFor: ${local}`) : specifierText;
    const afterLast = nextCode(text, imp.lastNamed[1], false);
    const trailing = text[afterLast] === ',';
    const firstInner = nextCode(text, imp.braces[0] + 1, false);
    const multiLine = text.slice(imp.braces[0], firstInner).includes('\n');
    if (multiLine) {
      const indent = lineIndent(text, imp.lastNamed[0]);
      const pos = trailing ? afterLast + 1 : imp.lastNamed[1];
      return { fn: local, edit: { file, start: pos, end: pos, newText: `${trailing ? '' : ','}\n${indent}${spec}${trailing ? ',' : ''}` }, quote: style.quote };
    }
    const pos = trailing ? afterLast + 1 : imp.lastNamed[1];
    return { fn: local, edit: { file, start: pos, end: pos, newText: trailing ? ` ${spec},` : `, ${spec}` }, quote: style.quote };
  }
  const spec = importSpecifier(file, registryFile, style.jsExtensions);
  const q = style.quote;
  const semi = style.semicolons ? ';' : '';
  const line = style.cjs
    ? `const { ${local === 'modelFor' ? 'modelFor' : `modelFor: ${local}`} } = require(${q}${spec}${q})${semi}`
    : `import { ${specifierText} } from ${q}${spec}${q}${semi}`;
  const lastImport = [...style.imports].filter((i) => (style.cjs ? i.kind === 'cjs' : i.kind === 'esm')).pop() ?? style.imports[style.imports.length - 1];
  if (lastImport) {
    const pos = afterTrailingComment(text, lastImport.range[1], false);
    return { fn: local, edit: { file, start: pos, end: pos, newText: `\n${line}` }, quote: q };
  }
  if (style.headerEnd > 0) {
    const pos = afterTrailingComment(text, style.headerEnd, false);
    return { fn: local, edit: { file, start: pos, end: pos, newText: `\n\n${line}` }, quote: q };
  }
  return { fn: local, edit: { file, start: 0, end: 0, newText: `${line}\n${/^\r?\n/.test(text) ? '' : '\n'}` }, quote: q };
}

function imp2alias(cjs: boolean, local: string): string {
  return cjs ? `modelFor: ${local}` : `modelFor as ${local}`;
}

interface PyImport {
  statement: PyStatement;
  kind: 'from' | 'import';
  module: string;
  /** imported name → local name */
  names: Map<string, string>;
  star: boolean;
  /** Local name of `import module [as x]`. */
  moduleLocal: string | null;
}

function pyImports(statements: PyStatement[]): PyImport[] {
  const out: PyImport[] = [];
  for (const s of statements) {
    if (s.indent !== 0) continue;
    const t = s.tokens;
    if (t[0].value === 'from') {
      let i = 1;
      let module = '';
      while (i < t.length && t[i].value !== 'import') module += t[i++].value;
      const names = new Map<string, string>();
      let star = false;
      for (i++; i < t.length; i++) {
        if (t[i].type !== 'name') {
          if (t[i].value === '*') star = true;
          continue;
        }
        const name = t[i].value;
        if (t[i + 1]?.value === 'as' && t[i + 2]) {
          names.set(name, t[i + 2].value);
          i += 2;
        } else names.set(name, name);
      }
      out.push({ statement: s, kind: 'from', module, names, star, moduleLocal: null });
    } else if (t[0].value === 'import') {
      // `import a.b as c, d`
      let i = 1;
      while (i < t.length) {
        let module = '';
        while (i < t.length && t[i].value !== ',' && t[i].value !== 'as') module += t[i++].value;
        let local: string | null = module.includes('.') ? null : module;
        if (t[i]?.value === 'as') {
          local = t[i + 1]?.value ?? null;
          i += 2;
        }
        out.push({ statement: s, kind: 'import', module, names: new Map(), star: false, moduleLocal: local ?? module });
        if (t[i]?.value === ',') i++;
        else break;
      }
    }
  }
  return out;
}

/**
 * Does any statement other than `except` bind `name` (def, class, assignment, import, for / with / except target,
 * parameter, global)? Token-level and conservative: a doubtful case counts as a binding, which only costs an alias.
 */
function pyRebinds(statements: PyStatement[], name: string, except: PyStatement): boolean {
  for (const s of statements) {
    if (s === except) continue;
    const t = s.tokens;
    for (let i = 0; i < t.length; i++) {
      if (t[i].type !== 'name' || t[i].value !== name) continue;
      const prev = t[i - 1];
      const next = t[i + 1];
      if (prev?.value === '.') continue;
      if (prev && ['def', 'class', 'as', 'import', 'global', 'nonlocal', 'for', 'del'].includes(prev.value)) return true;
      if (t[0].value === 'from' || t[0].value === 'import') return true;
      if (next && next.type === 'op' && [':=', '+=', '-=', '*=', '/=', '|=', '&='].includes(next.value)) return true;
      if (next && next.type === 'op' && next.value === '=' && next.depth === 0) return true;
      // Annotated assignment at statement level (`model_for: Callable = …`).
      if (i === 0 && next?.value === ':' && t[0].value !== 'lambda') return true;
      // A parameter of a def / lambda: `def f(model_for)`, `lambda model_for: …`.
      if ((t[0].value === 'def' || t[0].value === 'async' || t.some((x) => x.value === 'lambda')) && prev && ['(', ',', '*', '**', 'lambda'].includes(prev.value)) return true;
      // Tuple targets: `a, model_for = …`, `for a, model_for in …`.
      if (prev?.value === ',' && (t.some((x) => x.value === '=' && x.type === 'op' && x.depth === 0) || t[0].value === 'for')) {
        const eq = t.findIndex((x) => (x.value === '=' && x.type === 'op' && x.depth === 0) || x.value === 'in');
        if (eq > i) return true;
      }
    }
  }
  return false;
}

function pyImport(file: string, text: string, registryFile: string): { fn: string; edit: TextEdit | null; quote: '"' | "'" } | { error: string } {
  let tokens: PyToken[];
  try {
    tokens = tokenizePython(text);
  } catch (e) {
    return { error: `${file} does not parse: ${(e as Error).message}` };
  }
  const statements = pyStatements(tokens);
  const imports = pyImports(statements);
  const absolute = imports.filter((i) => !i.module.startsWith('.')).map((i) => i.module);
  const moduleName = pythonModuleName(registryFile, file, absolute);
  const strings = tokens.filter((t) => t.type === 'string');
  const quote: '"' | "'" = strings.filter((t) => /^[a-zA-Z]*'/.test(t.value)).length > strings.length / 2 ? "'" : '"';
  // An existing import serves only when nothing else in the file binds the same name: with
  // `from model_registry import *` and a `def model_for` of its own, `model_for(…)` would call the local one.
  for (const imp of imports) {
    if (imp.kind === 'from' && imp.module === moduleName) {
      const local = imp.names.get('model_for');
      if (local && !pyRebinds(statements, local, imp.statement)) return { fn: local, edit: null, quote };
      if (!local && imp.star && !pyRebinds(statements, 'model_for', imp.statement)) return { fn: 'model_for', edit: null, quote };
    }
    if (imp.kind === 'import' && imp.module === moduleName && imp.moduleLocal && !pyRebinds(statements, imp.moduleLocal.split('.')[0], imp.statement)) return { fn: `${imp.moduleLocal}.model_for`, edit: null, quote };
  }
  const taken = new Set(tokens.filter((t) => t.type === 'name').map((t) => t.value));
  const local = freeName(taken, 'model_for', 'registry_model_for');
  const spec = local === 'model_for' ? 'model_for' : `model_for as ${local}`;
  const fromImport = imports.find((i) => i.kind === 'from' && i.module === moduleName && !i.star);
  if (fromImport) {
    const st = fromImport.statement;
    const lastTok = st.tokens[st.tokens.length - 1];
    if (lastTok.value === ')') {
      const inner = st.tokens[st.tokens.length - 2];
      const trailing = inner.value === ',';
      const before = trailing ? st.tokens[st.tokens.length - 3] : inner;
      const multiLine = text.slice(before.end, lastTok.start).includes('\n') || text.slice(st.tokens.find((t) => t.value === '(')!.end, st.tokens[st.tokens.length - 1].start).includes('\n');
      if (multiLine) {
        const indent = lineIndent(text, before.start);
        const pos = trailing ? inner.end : before.end;
        return { fn: local, edit: { file, start: pos, end: pos, newText: `${trailing ? '' : ','}\n${indent}${spec}${trailing ? ',' : ''}` }, quote };
      }
      const pos = trailing ? inner.end : before.end;
      return { fn: local, edit: { file, start: pos, end: pos, newText: trailing ? ` ${spec},` : `, ${spec}` }, quote };
    }
    return { fn: local, edit: { file, start: lastTok.end, end: lastTok.end, newText: `, ${spec}` }, quote };
  }
  const line = `from ${moduleName} import ${spec}`;
  // After the last top-level import of the leading block (before the first def / class / decorator).
  const firstDef = statements.find((s) => s.indent === 0 && ['def', 'class', '@', 'async'].includes(s.tokens[0].value));
  const leading = imports.filter((i) => !firstDef || i.statement.start < firstDef.start);
  const lastImport = leading[leading.length - 1];
  if (lastImport) {
    const pos = afterTrailingComment(text, lastImport.statement.end, true);
    const afterFuture = lastImport.kind === 'from' && lastImport.module === '__future__';
    return { fn: local, edit: { file, start: pos, end: pos, newText: `${afterFuture ? '\n' : ''}\n${line}` }, quote };
  }
  // No import: after the module docstring, else after a header (shebang, encoding line, license comments + blank line).
  const first = statements[0];
  if (first && first.tokens.length === 1 && first.tokens[0].type === 'string') {
    const pos = afterTrailingComment(text, first.end, true);
    return { fn: local, edit: { file, start: pos, end: pos, newText: `\n\n${line}` }, quote };
  }
  const firstCode = first ? first.start : text.length;
  let header = 0;
  for (const c of tokens.filter((t) => t.type === 'comment' && t.end <= firstCode)) {
    const rest = text.slice(c.end, firstCode);
    const isFirstLine = c.start === 0;
    if (isFirstLine || /^\r?\n[ \t]*\r?\n/.test(rest) || !first) header = c.end;
    else if (/^#.*coding[:=]/.test(c.value) && c.start === text.indexOf('\n') + 1) header = c.end;
  }
  if (header > 0) return { fn: local, edit: { file, start: header, end: header, newText: `\n\n${line}` }, quote };
  return { fn: local, edit: { file, start: 0, end: 0, newText: `${line}\n${/^\r?\n/.test(text) ? '' : '\n'}` }, quote };
}

// ---------------------------------------------------------------------------------------------

export function planMoveToRegistry(input: MovePlanInput): MovePlan {
  const { calls } = input;
  if (!calls.length) return { status: 'refused', message: 'No call to move.' };
  const python = calls[0].language === 'python';
  if (calls.some((c) => (c.language === 'python') !== python)) return { status: 'refused', message: 'Python and TypeScript calls use different registries; move them separately.' };
  const component = calls.find((c) => isComponentFile(c.file));
  if (component) return { status: 'refused', message: `${component.file} is a single-file component: the registry fix does not edit its script block yet. Move its model by hand.` };
  for (const c of calls) {
    if (!c.task || !/^[\w.-]+$/.test(c.task)) return { status: 'refused', message: `"${c.task}" is not a task type name (letters, digits, _ . -).` };
    if (!c.targetModel || /["'\\\n]/.test(c.targetModel)) return { status: 'refused', message: `"${c.targetModel}" is not a model id.` };
  }
  let registryFile: string;
  if (input.registryFile !== undefined) {
    const found = resolveRegistryPath(input.registryFile, python ? 'python' : 'typescript', input.root, 'the registry');
    if (!found.ok) return { status: 'refused', message: found.message };
    registryFile = found.path;
  } else {
    const where = resolveRegistryPath(python ? input.pythonRegistryPath : input.registryPath, python ? 'python' : 'typescript', input.root);
    if (!where.ok) return { status: 'refused', message: where.message };
    registryFile = registryFileFor(where.path, input.typescriptProject ?? true, (f) => input.readText(f) !== null);
  }
  if (calls.some((c) => c.file === registryFile)) return { status: 'refused', message: `The call is in the registry file ${registryFile} itself.` };
  const registryText = input.readText(registryFile);
  const info = registryText === null ? null : readRegistry(registryFile, registryText);
  if (info && info.problems.length) {
    return { status: 'refused', message: `The registry ${registryFile} is not in the shape Tierwise edits, so nothing was changed: ${info.problems.join(' ')}` };
  }

  // Where each call's request goes: its registry key and the model id written its way. A target its client does
  // not serve (a Claude tier for an OpenAI call) is refused here, whoever asked for it.
  const routes: ModelRoute[] = [];
  const keys: string[] = [];
  const targets: string[] = [];
  for (const call of calls) {
    const route = routeOf(call, { written: writtenModelOf(call.model, input.readText), callText: call.callText });
    const target = modelForRoute(route, call.targetModel);
    if (!target.ok) return { status: 'refused', message: `Not moved: ${target.message}.` };
    routes.push(route);
    keys.push(registryKey(call.task, route));
    targets.push(target.model);
  }

  // Decide each key's entry.
  const notes: string[] = [];
  const add: Array<{ task: string; model: string }> = [];
  const updates: Array<{ task: string; model: string }> = [];
  const conflicts: Conflict[] = [];
  const outcomes: MoveOutcome[] = [];
  const decided = new Map<string, { model: string; entry: MoveOutcome['entry'] }>();
  const refuseShared = (i: number, model: string, where: string): MovePlan => ({
    status: 'refused',
    message: `"${keys[i]}" ${where} ${model}, which the call in ${calls[i].file} cannot use without changing the provider it talks to (${routes[i].label}); nothing was changed.`,
  });
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    const key = keys[i];
    const targetModel = targets[i];
    const prior = decided.get(key);
    if (prior) {
      if (prior.model !== targetModel) {
        if (!routeAccepts(routes[i], prior.model)) return refuseShared(i, prior.model, 'already maps to');
        notes.push(`${call.file}: "${key}" already maps to ${prior.model} in this move; the call uses it.`);
      }
      outcomes.push({ call, key, model: prior.model, entry: prior.entry === 'added' ? 'reused' : prior.entry, rewrittenIn: call.file });
      continue;
    }
    const existing = info?.entries.find((e) => e.task === key);
    let decision: { model: string; entry: MoveOutcome['entry'] };
    if (!existing) {
      add.push({ task: key, model: targetModel });
      decision = { model: targetModel, entry: 'added' };
    } else if (existing.model === targetModel) {
      decision = { model: existing.model, entry: 'reused' };
    } else if (input.onConflict === 'report') {
      conflicts.push({ task: key, registryModel: existing.model, requestedModel: targetModel });
      decision = { model: existing.model, entry: 'reused' };
    } else if (input.onConflict === 'keep-registry') {
      if (!routeAccepts(routes[i], existing.model)) return refuseShared(i, existing.model, 'is in the registry on');
      notes.push(`"${key}" is already in the registry on ${existing.model}; the call now runs on that.`);
      decision = { model: existing.model, entry: 'reused' };
    } else {
      updates.push({ task: key, model: targetModel });
      notes.push(`"${key}" changes from ${existing.model} to ${targetModel}: every call of that task type follows.`);
      decision = { model: targetModel, entry: 'updated' };
    }
    decided.set(key, decision);
    outcomes.push({ call, key, model: decision.model, entry: decision.entry, rewrittenIn: call.file });
  }
  if (conflicts.length) return { status: 'conflict', registryFile, conflicts };
  // An entry changed for this call changes it for every call that names the key: only calls of one route share a
  // key, but a hand-written registry may say otherwise, so the other calls are not checked here (the lens shows them).

  const edits: TextEdit[] = [];
  const createdFiles: string[] = [];
  const parsed = new Map<string, Program>();

  // Where each call's model expression is rewritten.
  const rewrites: Rewrite[] = [];
  for (let i = 0; i < calls.length; i++) {
    const located = python ? locatePython({ ...calls[i], task: keys[i] }, input.readText) : locateTs({ ...calls[i], task: keys[i] }, input.readText, parsed);
    if (!located.ok) return { status: 'refused', message: `Cannot move the model of the call in ${calls[i].file}: ${located.message}.` };
    if (located.rewrite.file === registryFile) return { status: 'refused', message: `The model default lives in the registry file ${registryFile} itself.` };
    if (rewrites.some((r) => r.file === located.rewrite.file && r.start === located.rewrite.start)) {
      outcomes[i].rewrittenIn = located.rewrite.file;
      continue; // two calls sharing one default: rewritten once
    }
    rewrites.push(located.rewrite);
    outcomes[i].rewrittenIn = located.rewrite.file;
  }

  // Import + rewrites per file.
  let cjsForNewRegistry = false;
  let quoteForNewRegistry: '"' | "'" = '"';
  let semicolons = true;
  const byFile = new Map<string, Rewrite[]>();
  for (const r of rewrites) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  for (const [file, rs] of byFile) {
    const text = input.readText(file);
    if (text === null) return { status: 'refused', message: `${file} cannot be read.` };
    let fn: string;
    let quote: '"' | "'";
    if (python) {
      const imp = pyImport(file, text, registryFile);
      if ('error' in imp) return { status: 'refused', message: imp.error };
      fn = imp.fn;
      quote = imp.quote;
      if (imp.edit) edits.push(imp.edit);
    } else {
      const ast = parseCached(file, text, parsed);
      if (!ast) return { status: 'refused', message: `${file} does not parse; fix it first.` };
      const imp = tsImport(file, text, ast, registryFile);
      const style = moduleStyle(file, text, ast);
      if (file === calls[0].file) {
        cjsForNewRegistry = style.cjs;
        quoteForNewRegistry = style.quote;
        semicolons = style.semicolons;
      }
      fn = imp.fn;
      quote = imp.quote;
      if (imp.edit) edits.push(imp.edit);
    }
    for (const r of rs) {
      const q = r.quoteFrom.startsWith("'") ? "'" : r.quoteFrom.startsWith('"') ? '"' : quote;
      edits.push({ file, start: r.start, end: r.end, newText: `${r.prefix}${fn}(${q}${r.task}${q})` });
    }
  }

  // A constant the calls no longer use is left in place (it may be exported or documented), but said.
  for (const call of calls) {
    if (call.model.source !== 'constant' && call.model.source !== 'imported-constant') continue;
    const name = call.model.expression.trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    const before = input.readText(call.file) ?? '';
    const after = applyEdits(before, edits.filter((e) => e.file === call.file));
    const uses = after.match(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])(?!\\s*:)`, 'g'))?.length ?? 0;
    const note = `${call.file}: \`${name}\` may now be unused.`;
    if (uses <= 1 && !notes.includes(note)) notes.push(note);
  }

  // The registry.
  if (info && registryText !== null) {
    edits.push(...registryEntryEdits(info, registryText, add, updates));
  } else {
    const entries = add;
    const text = python
      ? newPythonRegistryText(entries, input.defaultModel)
      : newTsRegistryText(registryFile, entries, input.defaultModel, { cjs: registryFile.endsWith('.cjs') || (cjsForNewRegistry && !registryFile.endsWith('.mjs')), quote: quoteForNewRegistry, semicolons });
    edits.push({ file: registryFile, start: 0, end: 0, newText: text });
    createdFiles.push(registryFile);
    notes.push(`Creates ${registryFile}.`);
  }

  // Check: every edited file parses, and the registry now says what the calls expect.
  const files = [...new Set(edits.map((e) => e.file))];
  for (const file of files) {
    const before = createdFiles.includes(file) ? '' : input.readText(file);
    if (before === null) return { status: 'refused', message: `${file} cannot be read.` };
    let after: string;
    try {
      after = applyEdits(before, edits.filter((e) => e.file === file));
    } catch {
      return { status: 'refused', message: `The edits of ${file} overlap; nothing was changed.` };
    }
    const error = file.endsWith('.py') ? (input.checkPython ?? pyTokenCheck)(after) : tsSyntaxError(file, after);
    if (error) return { status: 'refused', message: `The change would leave ${file} unparseable (${error}); nothing was changed.` };
    if (file === registryFile) {
      const check = readRegistry(registryFile, after);
      const wrong = outcomes.find((o, i) => check.entries.find((e) => e.task === o.key)?.model !== o.model || !routeAccepts(routes[i], o.model));
      if (check.problems.length || wrong) return { status: 'refused', message: `The edited registry ${registryFile} would not read back as expected; nothing was changed.` };
    }
  }
  edits.sort((a, b) => (a.file === b.file ? a.start - b.start : a.file < b.file ? -1 : 1));
  return { status: 'ok', edits, createdFiles, registryFile, outcomes, notes };
}

/** Edits that point an existing registry entry at another model (the registry lens's "switch tier" action). */
export function planSetRegistryEntry(registryFile: string, text: string, task: string, model: string, checkPython?: (text: string) => string | null): { status: 'ok'; edits: TextEdit[] } | { status: 'refused'; message: string } {
  if (!model || /["'\\\n]/.test(model)) return { status: 'refused', message: `"${model}" is not a model id.` };
  const info = readRegistry(registryFile, text);
  const entry = info.entries.find((e) => e.task === task);
  if (!entry) return { status: 'refused', message: `"${task}" is not in ${registryFile}.` };
  const edits = registryEntryEdits(info, text, [], [{ task, model }]);
  const after = applyEdits(text, edits);
  const error = registryFile.endsWith('.py') ? (checkPython ?? pyTokenCheck)(after) : tsSyntaxError(registryFile, after);
  if (error) return { status: 'refused', message: `The change would leave ${registryFile} unparseable (${error}).` };
  return { status: 'ok', edits };
}
