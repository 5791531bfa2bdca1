// Parsing TS/JS with typescript-estree, recovering from syntax errors the way an editor must: a half-typed
// method or an unclosed brace must not cost the calls elsewhere in the file. typescript-estree throws on the
// first syntax error; TypeScript's own parser builds a tree for broken code, so it tells which statement or
// member holds the error (only that one is blanked, keeping lines and columns) and which brackets are still open
// at the end (they are closed). What was not read is said exactly.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type * as EstreeModule from '@typescript-eslint/typescript-estree';
import type * as TsModule from 'typescript';
import { lineStartsOf, pointAt } from '../../lines';
import { prepareTs } from './prepare';
import { parseRecovered, type Recovered } from './recover';

let estree: typeof EstreeModule | undefined;
let tsLib: typeof TsModule | undefined;

/** The parsers load on first use, so that activating the extension stays cheap. */
function estreeParser(): typeof EstreeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  estree ??= require('@typescript-eslint/typescript-estree') as typeof EstreeModule;
  return estree;
}

/** Loads the TS/JS parser now (a worker started ahead of its first file): the compiler takes a few hundred ms. */
export function preloadTsParser(): void {
  estreeParser();
}

function typescript(): typeof TsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tsLib ??= require('typescript') as typeof TsModule;
  return tsLib;
}

const JSX_EXT = /\.(jsx|tsx|js|mjs|cjs)$/;

export interface ParsedTs {
  ast: TSESTree.Program;
  /** The text the tree was built from: the file's, with broken parts blanked and missing closers appended. */
  text: string;
  problems: string[];
  /** Read from TypeScript's tree of a text with syntax errors. */
  recovered?: boolean;
}

/** Blanks a range, keeping line breaks (and so every later line and column). */
export function blankKeepingLines(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

function parseOnce(code: string, jsx: boolean): TSESTree.Program {
  // No JSDoc parsing: a quarter less time per file. `loc` is kept: the converter makes it anyway, and leaving it out
  // costs a walk that deletes it from every node (which also slows every later read of those nodes). TypeScript's own
  // syntax errors still throw (parseDiagnostics); the converter's extra checks of what TypeScript accepted (modifiers,
  // grammar an editor flags but reads) are skipped, as an editor reads such code: a fifth less time per file.
  return estreeParser().parse(code, { loc: true, range: true, comment: false, jsx, errorOnUnknownASTType: false, jsDocParsingMode: 'none', allowInvalidAST: true, suppressDeprecatedPropertyWarnings: true });
}

interface EstreeError {
  message?: string;
  location?: { start?: { offset?: number; line?: number } };
  index?: number;
  lineNumber?: number;
}

const MAX_ATTEMPTS = 16;

export interface ParseTsOptions {
  /**
   * How a syntax error is recovered from: TypeScript's own tree of the broken text (default), or by leaving out the
   * statement or member holding each error and parsing again (used when the first way fails).
   */
  recovery?: 'tree' | 'blank';
}

export function parseTs(file: string, text: string, options: ParseTsOptions = {}): ParsedTs | { fatal: string } {
  const jsx = JSX_EXT.test(file);
  let current = prepareTs(text, jsx);
  const problems: string[] = [];
  const lineStarts = lineStartsOf(text);
  const lineOf = (offset: number) => pointAt(lineStarts, Math.min(offset, text.length)).line;
  let appended = false;
  const blanked: [number, number][] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let err: EstreeError;
    try {
      const ast = parseOnce(current, jsx);
      return { ast, text: current, problems };
    } catch (e) {
      if (e instanceof RangeError) {
        // Nested deeper than the parser's stack: the statement holding the deepest part is left out, the rest read.
        const range = deepestStatement(current, jsx, blanked);
        if (!range) return { fatal: `too deeply nested to parse (${e.message})` };
        blanked.push(range);
        const a = lineOf(range[0]);
        const b = lineOf(Math.max(range[0], Math.min(range[1], text.length) - 1));
        problems.push(`nested too deeply to parse (line${a === b ? ` ${a}` : `s ${a}–${b}`} not read; the rest of the file was)`);
        current = current.slice(0, range[0]) + blankKeepingLines(current.slice(range[0], range[1])) + current.slice(range[1]);
        continue;
      }
      err = e as EstreeError;
    }
    // A syntax error: TypeScript's own tree of the broken text, as an editor reads it.
    if (options.recovery !== 'blank') {
      const recovered = parseRecovered(current, jsx);
      if (recovered) return { ast: recovered.ast, text: current, problems: [...problems, recoveredNote(recovered, lineOf)], recovered: true };
    }
    const offset = err.location?.start?.offset ?? err.index;
    const message = (err.message ?? 'syntax error').split('\n')[0];
    if (offset === undefined) return { fatal: `syntax error: ${message}` };
    // An error at the end of the file: brackets left open (a half-written last function). Close them.
    if (!appended && current.slice(offset).trim() === '') {
      const closers = missingClosers(current, jsx);
      if (closers) {
        appended = true;
        current += `\n${closers}`;
        problems.push(`syntax error at line ${lineOf(offset)}: ${message} (closed ${closers.length} open bracket${closers.length > 1 ? 's' : ''} at the end of the file; everything was read)`);
        continue;
      }
    }
    const range = recoverableRange(current, offset, jsx, blanked);
    if (!range) return { fatal: `syntax error at line ${lineOf(offset)}: ${message}` };
    blanked.push(range);
    const [from, to] = [range[0], Math.min(range[1], text.length)];
    const a = lineOf(from);
    const b = lineOf(Math.max(from, to - 1));
    problems.push(`syntax error at line ${lineOf(offset)}: ${message} (line${a === b ? ` ${a}` : `s ${a}–${b}`} not read; the rest of the file was)`);
    current = current.slice(0, range[0]) + blankKeepingLines(current.slice(range[0], range[1])) + current.slice(range[1]);
  }
  return { fatal: `too many syntax errors (${problems.length}); first: ${problems[0] ?? 'unknown'}` };
}

/** Closing brackets for those still open at the end, found with TypeScript's scanner (strings, templates and comments skipped). */
function missingClosers(text: string, jsx: boolean): string | null {
  const ts = typescript();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const stack: string[] = [];
  const K = ts.SyntaxKind;
  let guard = text.length + 10;
  for (let kind = scanner.scan(); kind !== K.EndOfFileToken && guard-- > 0; kind = scanner.scan()) {
    if (kind === K.OpenBraceToken) stack.push('}');
    else if (kind === K.OpenParenToken) stack.push(')');
    else if (kind === K.OpenBracketToken) stack.push(']');
    else if (kind === K.TemplateHead) stack.push('`');
    else if (kind === K.CloseBraceToken || kind === K.CloseParenToken || kind === K.CloseBracketToken) {
      const want = kind === K.CloseBraceToken ? '}' : kind === K.CloseParenToken ? ')' : ']';
      while (stack.length && stack[stack.length - 1] !== want) stack.pop();
      stack.pop();
      // `}` that ends a template hole: continue the template.
      if (want === '}' && stack[stack.length - 1] === '`') {
        const k2 = scanner.reScanTemplateToken(false);
        if (k2 === K.TemplateTail) stack.pop();
      }
    }
  }
  if (!stack.length) return null;
  return stack.reverse().join('');
}

/**
 * The smallest statement or class/object member around an error, in TypeScript's error-tolerant tree.
 * A range already blanked without curing the error gives way to its parent.
 */
function recoverableRange(text: string, offset: number, jsx: boolean, done: readonly [number, number][]): [number, number] | null {
  const ts = typescript();
  const sf = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, false, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const candidates: [number, number][] = [];
  let node: TsModule.Node = sf;
  // Descend (iteratively) to the innermost node holding the offset, noting every statement or member on the way.
  for (let depth = 0; depth < 10_000; depth++) {
    let next: TsModule.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (next) return;
      if (child.getFullStart() <= offset && offset < child.end) next = child;
      return undefined;
    });
    if (!next) break;
    node = next;
    if (isRecoverable(ts, node)) candidates.push([node.getStart(sf), node.end]);
  }
  // Innermost first; skip ranges already tried (their error remained).
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i];
    if (c[1] <= c[0]) continue;
    if (done.some((d) => d[0] <= c[0] && c[1] <= d[1])) continue;
    return c;
  }
  // Nothing around it (an error between statements): blank from the error to the end of its line.
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  if (end > offset && !done.some((d) => d[0] <= offset && end <= d[1])) return [offset, end];
  return null;
}

function isRecoverable(ts: typeof TsModule, n: TsModule.Node): boolean {
  if (ts.isBlock(n) || ts.isSourceFile(n)) return false;
  return ts.isStatement(n) || ts.isClassElement(n) || ts.isObjectLiteralElement(n) || ts.isTypeElement(n) || ts.isEnumMember(n) || ts.isJsxChild(n) || ts.isCaseOrDefaultClause(n);
}

/** Statements and members nested deeper than this are candidates to leave out when the parser runs out of stack. */
const SHALLOW = 100;

/**
 * The statement or member to leave out when typescript-estree ran out of stack: in TypeScript's tree (its parser
 * needs far less stack), the deepest node's innermost enclosing statement or member that is itself shallow, walked
 * without recursion. Null when TypeScript's parser fails too, or nothing is left to try.
 */
function deepestStatement(text: string, jsx: boolean, done: readonly [number, number][]): [number, number] | null {
  const ts = typescript();
  let sf: TsModule.SourceFile;
  try {
    sf = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  } catch {
    return null;
  }
  let deepest: TsModule.Node = sf;
  let max = 0;
  const stack: [TsModule.Node, number][] = [[sf, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > max) {
      max = d;
      deepest = n;
    }
    ts.forEachChild(n, (c) => {
      stack.push([c, d + 1]);
    });
  }
  // The statements and members around the deepest node, innermost first, with their depth (the path is walked up once).
  const chain: { range: [number, number]; depth: number }[] = [];
  let d = max;
  for (let n: TsModule.Node | undefined = deepest; n && !ts.isSourceFile(n); n = n.parent, d--) {
    if (isRecoverable(ts, n) && n.end > n.getStart(sf)) chain.push({ range: [n.getStart(sf), n.end], depth: d });
  }
  const tried = (r: [number, number]) => done.some((x) => x[0] <= r[0] && r[1] <= x[1]);
  const shallow = chain.findIndex((c) => c.depth <= SHALLOW);
  for (let i = Math.max(0, shallow); i < chain.length; i++) if (!tried(chain[i].range)) return chain[i].range;
  return null;
}

/** The syntax errors and what TypeScript's recovery left out, by line. */
function recoveredNote(r: Recovered, lineOf: (offset: number) => number): string {
  const first = r.errors[0];
  const errorLines = [...new Set(r.errors.map((e) => lineOf(e.start)))];
  const head = first ? `syntax error at line ${lineOf(first.start)}: ${first.message}` : 'syntax error';
  const more = errorLines.length > 1 ? ` (errors at ${linesText(errorLines)})` : '';
  const lines = new Set<number>();
  for (const [a, b] of r.unread) for (let l = lineOf(a), last = lineOf(Math.max(a, b - 1)); l <= last; l++) lines.add(l);
  const unread = [...lines].sort((x, y) => x - y);
  return `${head}${more} — read as TypeScript recovers it: ${unread.length ? `${linesText(unread)} not read, the rest of the file was` : 'every line was read'}`;
}

/** "line 4", "lines 4–6", "lines 4–6 and 9", "lines 4, 7–8 and 12" (runs of consecutive lines joined). */
export function linesText(lines: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const l of lines) {
    const last = runs[runs.length - 1];
    if (last && l === last[1] + 1) last[1] = l;
    else if (!last || l > last[1]) runs.push([l, l]);
  }
  const parts = runs.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`));
  const single = runs.length === 1 && runs[0][0] === runs[0][1];
  const shown = parts.length > 8 ? [...parts.slice(0, 8), `${parts.length - 8} more`] : parts;
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0];
  return `${single ? 'line' : 'lines'} ${list}`;
}
