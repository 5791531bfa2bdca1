// Parsing Python with tree-sitter, recovering from syntax errors the way an editor must: a half-typed def or an
// unclosed bracket must not cost the calls elsewhere in the file. tree-sitter always builds a tree, but around an
// error its recovery can swallow whole functions into one ERROR node. So the smallest indented block holding the
// first error is blanked (line breaks kept, so every offset stays where it was; a `0` keeps the block's parent
// valid) and the text parsed again, until no error is left. What was not read is said exactly.
//
// The tree is then copied once, with a cursor, into plain objects: reading a tree-sitter node's properties crosses
// into WASM on every access, so the front-end works on the copy (punctuation and comments left out).
import { lineStartsOf, pointAt } from '../../lines';
import { parsePython, type PyNode, type PyTree } from '../python/parser';

/** A syntax node: its type, its span in the text, the field it fills in its parent, its named children. */
export interface N {
  t: string;
  s: number;
  e: number;
  /** Field name in the parent (`left`, `function`, `operator` …), or null. */
  f: string | null;
  c: N[];
  up: N | null;
  /** Anonymous tokens are kept only when they fill a field (operators). */
  named: boolean;
}

export interface ParsedPy {
  root: N;
  problems: string[];
  /** Characters parsed in all (the file and its blocks, while recovering): at most 13 times the file (see workFor). */
  parsedChars: number;
}

const MAX_ATTEMPTS = 32;
/**
 * The text parsed while recovering, in multiples of the file's size: each attempt parses the file again and the
 * search for the smallest block parses blocks of it, so without a bound a file of many errors costs dozens of
 * parses of itself (a 59 KB file: 93 parses, 5.5 MB). Past it the errors left are skipped where they are.
 */
const WORK_FACTOR = 12;
let workLeft = Infinity;

/**
 * The bound for a file: 12 times its size up to 64 KB, 4 times for the rest. A large file with many errors is slow
 * to parse even once (tree-sitter's recovery: an 800 KB one takes 1–2 s a parse), so it gets fewer attempts; the
 * errors left are skipped where they are.
 */
function workFor(size: number): number {
  const small = Math.max(size, 4096);
  return small <= 65_536 ? WORK_FACTOR * small : WORK_FACTOR * 65_536 + 4 * (small - 65_536);
}

/** A parse made while recovering, charged to the file's work bound; null once the bound is spent. */
function recoveryParse(text: string): PyTree | null {
  if (workLeft < text.length) return null;
  workLeft -= text.length;
  return parsePython(text);
}

export function parsePy(text: string): ParsedPy | { fatal: string } {
  let current = text;
  const lineStarts = lineStartsOf(text);
  const lineOf = (offset: number) => pointAt(lineStarts, Math.min(offset, text.length)).line - 1;
  const blanked: { err: number; a: number; b: number }[] = [];
  let tree: PyTree | null = null;
  workLeft = workFor(text.length);
  try {
    for (let attempt = 0; ; attempt++) {
      tree = parsePython(current);
      if (!tree) return { fatal: 'python parser not initialised' };
      workLeft -= current.length;
      const root = tree.rootNode;
      if (!root.hasError || attempt >= MAX_ATTEMPTS || workLeft < current.length) break;
      const at = firstErrorOffset(root);
      const lines = current.split('\n');
      const range = blockToBlank(lines, lineOf(at), blanked);
      if (!range) break;
      tree.delete();
      tree = null;
      current = blankLines(current, lineStarts, range[0], range[1]);
      // The error is reported where it is: inside the block tree-sitter gave up on, when a statement there was found.
      addRange(blanked, { err: Math.max(lineOf(at), range[0]), a: range[0], b: range[1] });
    }
    const problems = blanked.map((r) => `syntax error at line ${r.err + 1} (${r.a === r.b ? `line ${r.a + 1}` : `lines ${r.a + 1}–${r.b + 1}`} not read; the rest of the file was)`);
    const root = copyTree(tree!, current);
    // Errors left after the attempts: those regions are skipped by the front-end.
    for (const n of errorNodes(root)) {
      const a = lineOf(n.s);
      const b = lineOf(Math.max(n.s, n.e - 1));
      problems.push(`syntax error at line ${a + 1} (${a === b ? `line ${a + 1}` : `lines ${a + 1}–${b + 1}`} not read; the rest of the file was)`);
    }
    return { root, problems, parsedChars: workFor(text.length) - workLeft };
  } finally {
    tree?.delete();
  }
}

/** Where the first syntax error is: the first ERROR or MISSING node in document order, at its statement's start. */
function firstErrorOffset(root: PyNode): number {
  let n: PyNode = root;
  for (let guard = 0; guard < 100_000; guard++) {
    if (n.isError || n.isMissing) break;
    let next: PyNode | null = null;
    const count = n.childCount;
    for (let i = 0; i < count; i++) {
      const c = n.child(i);
      if (c && (c.isMissing || c.hasError)) {
        next = c;
        break;
      }
    }
    if (!next) break;
    n = next;
  }
  // Inside an ERROR node, tree-sitter keeps the statements it could read before the stray tokens: the first child
  // that is not such a statement is where the error is (not the ERROR's start, often statements earlier).
  if (n.isError) {
    const count = n.childCount;
    for (let i = 0; i < count; i++) {
      const c = n.child(i);
      if (c && !(c.isNamed && !c.hasError && !c.isError && !c.isMissing && c.type !== 'comment')) {
        if (c.type === 'comment') continue;
        n = c;
        break;
      }
    }
  }
  // The statement holding it (a MISSING `)` sits at the end of the statement that opened the bracket).
  let stmt: PyNode = n;
  for (let p = n.parent; p && p.type !== 'module' && p.type !== 'block' && p.type !== 'ERROR'; p = p.parent) stmt = p;
  return Math.min(stmt.startIndex, n.startIndex);
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

function isBlank(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/**
 * The block to blank for an error at line `at` (0-based): that line with the lines indented under it (and closing
 * brackets that end it). When that was already blanked without curing the error, the block of the line above it
 * with less indentation (its parent), and so on.
 */
function blockToBlank(lines: string[], at: number, done: readonly { a: number; b: number }[]): [number, number] | null {
  let start = Math.min(at, lines.length - 1);
  while (start > 0 && isBlank(lines[start])) start--;
  for (let guard = 0; guard < 10_000 && start >= 0; guard++) {
    const ind = indentOf(lines[start]);
    let end = start;
    for (let j = start + 1; j < lines.length; j++) {
      const l = lines[j];
      if (isBlank(l)) continue;
      if (indentOf(l) > ind || /^\s*[)\]}]/.test(l)) end = j;
      else break;
    }
    if (!done.some((d) => d.a <= start && end <= d.b) && !isBlank(lines[start])) {
      // A statement inside that leaves a bracket open is the one to blank (`x = [1, 2` in a method), not the method.
      const open = end > start ? unclosedStatement(lines, start, end) : null;
      if (open !== null && open > start) return blockToBlank(lines, open, done);
      return refine(lines, start, end, 0);
    }
    // Already blanked: the parent block.
    let parent = -1;
    for (let j = start - 1; j >= 0; j--) {
      if (isBlank(lines[j])) continue;
      if (indentOf(lines[j]) < ind || ind === 0) {
        parent = j;
        break;
      }
    }
    if (parent < 0) return null;
    start = parent;
  }
  return null;
}

/** The blocks directly inside the block headed at line a (its body's statements), as line ranges. */
function childBlocks(lines: string[], a: number, b: number): [number, number][] {
  const out: [number, number][] = [];
  let childIndent = -1;
  for (let i = a + 1; i <= b; i++) {
    if (isBlank(lines[i])) continue;
    const ind = indentOf(lines[i]);
    if (childIndent < 0) childIndent = ind;
    if (ind !== childIndent || /^\s*[)\]}]/.test(lines[i])) continue;
    let end = i;
    for (let j = i + 1; j <= b; j++) {
      if (isBlank(lines[j])) continue;
      if (indentOf(lines[j]) > ind || /^\s*[)\]}]/.test(lines[j])) end = j;
      else break;
    }
    out.push([i, end]);
    i = end;
  }
  return out;
}

/** Parses lines a..b alone (dedented): whether they hold no syntax error once lines c..d are blanked. */
function parsesWithout(lines: string[], a: number, b: number, c: number, d: number): boolean {
  const ind = indentOf(lines[a]);
  const snippet: string[] = [];
  for (let i = a; i <= b; i++) {
    let l = lines[i];
    if (i >= c && i <= d) l = i === c ? `${' '.repeat(indentOf(l))}0` : '';
    snippet.push(l.slice(Math.min(ind, indentOf(l))));
  }
  const tree = recoveryParse(snippet.join('\n'));
  if (!tree) return false;
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/**
 * The smallest block inside lines a..b whose blanking lets a..b parse (a half-typed `if` in a method costs that
 * `if`, not the method). The statement holding the block's first error is tried first, then its neighbours (an error
 * is often found a statement late), then the first few in order: a few parses a level, not one per statement (a
 * function of 800 statements took 60 parses of itself a level).
 */
function refine(lines: string[], a: number, b: number, depth: number): [number, number] {
  if (b <= a || depth > 8 || b - a > 2000) return [a, b];
  const children = childBlocks(lines, a, b);
  if (!children.length) return [a, b];
  const at = firstErrorLine(lines, a, b);
  const order: number[] = [];
  if (at !== null) {
    let i = children.findIndex(([c, d]) => c <= at && at <= d);
    if (i < 0) i = children.findIndex(([c]) => c > at) - 1;
    if (i < 0 && children[children.length - 1][1] < at) i = children.length - 1;
    for (const j of [i, i - 1, i + 1]) if (j >= 0 && j < children.length) order.push(j);
  }
  for (let j = 0; j < Math.min(children.length, 8); j++) if (!order.includes(j)) order.push(j);
  for (const j of order) {
    const [c, d] = children[j];
    if (parsesWithout(lines, a, b, c, d)) return refine(lines, c, d, depth + 1);
  }
  return [a, b];
}

/** The line (0-based, in the file) of the first syntax error in lines a..b parsed alone (dedented), or null. */
function firstErrorLine(lines: string[], a: number, b: number): number | null {
  const ind = indentOf(lines[a]);
  const snippet: string[] = [];
  for (let i = a; i <= b; i++) snippet.push(lines[i].slice(Math.min(ind, indentOf(lines[i]))));
  const text = snippet.join('\n');
  const tree = recoveryParse(text);
  if (!tree) return null;
  try {
    if (!tree.rootNode.hasError) return null;
    const offset = firstErrorOffset(tree.rootNode);
    let line = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return a + line;
  } finally {
    tree.delete();
  }
}

/**
 * The first statement in lines a..b (0-based) whose brackets are still open when a line indented no deeper than it
 * starts: a statement left half-written. Strings and comments are skipped; null when every statement closes.
 */
function unclosedStatement(lines: string[], a: number, b: number): number | null {
  let depth = 0;
  let stmt = -1;
  let stmtIndent = 0;
  let quote: string | null = null;
  for (let i = a; i <= b; i++) {
    const line = lines[i];
    if (quote === null && depth === 0 && !isBlank(line)) {
      stmt = i;
      stmtIndent = indentOf(line);
    } else if (quote === null && depth > 0 && !isBlank(line) && indentOf(line) <= stmtIndent && !/^\s*[)\]}]/.test(line)) return stmt;
    for (let j = 0; j < line.length; j++) {
      const ch = line[j];
      if (quote !== null) {
        if (ch === '\\') j++;
        else if (line.startsWith(quote, j)) {
          j += quote.length - 1;
          quote = null;
        }
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        quote = line.startsWith(ch.repeat(3), j) ? ch.repeat(3) : ch;
        j += quote.length - 1;
      } else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    }
    // A one-line string left open ends with its line.
    if (quote !== null && quote.length === 1) quote = null;
  }
  return depth > 0 && stmt >= 0 ? stmt : null;
}

/** Blanks lines a..b (0-based), keeping every offset: spaces, and a `0` statement where the block started. */
function blankLines(text: string, lineStarts: readonly number[], a: number, b: number): string {
  const from = lineStarts[a];
  const to = b + 1 < lineStarts.length ? lineStarts[b + 1] - 1 : text.length;
  const region = text.slice(from, to).replace(/[^\n\r]/g, ' ');
  const first = text.slice(from, text.indexOf('\n', from) < 0 ? text.length : text.indexOf('\n', from));
  const ind = indentOf(first);
  const kept = ind < first.length ? `${region.slice(0, ind)}0${region.slice(ind + 1)}` : region;
  return text.slice(0, from) + kept + text.slice(to);
}

/** Adds a blanked range, merging it with ranges it touches (one message per region not read). */
function addRange(list: { err: number; a: number; b: number }[], r: { err: number; a: number; b: number }): void {
  let cur = r;
  for (let i = list.length - 1; i >= 0; i--) {
    const x = list[i];
    if (x.a <= cur.b + 1 && cur.a <= x.b + 1) {
      cur = { err: Math.min(x.err, cur.err), a: Math.min(x.a, cur.a), b: Math.max(x.b, cur.b) };
      list.splice(i, 1);
    }
  }
  list.push(cur);
  list.sort((x, y) => x.a - y.a);
}

/** Copies the tree into plain nodes with one cursor walk (iterative: any depth). */
function copyTree(tree: PyTree, text: string): N {
  const cursor = tree.rootNode.walk();
  const root: N = { t: cursor.nodeType, s: cursor.startIndex, e: cursor.endIndex, f: null, c: [], up: null, named: true };
  const stack: N[] = [root];
  try {
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const parent = stack[stack.length - 1];
      const t = cursor.nodeType;
      const named = cursor.nodeIsNamed;
      const f = cursor.currentFieldName;
      let descend = false;
      if ((named || f !== null) && t !== 'comment') {
        const n: N = { t: cursor.nodeIsMissing ? `MISSING` : t, s: cursor.startIndex, e: cursor.endIndex, f, c: [], up: parent, named };
        parent.c.push(n);
        // Plain strings are decoded from their text; only f-strings have children that matter.
        if (named && t !== 'string_content' && t !== 'escape_sequence' && (t !== 'string' || isFString(text, n.s)) && cursor.gotoFirstChild()) {
          stack.push(n);
          descend = true;
        }
      }
      if (descend) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}

export function isFString(text: string, s: number): boolean {
  for (let i = s; i < s + 4 && i < text.length; i++) {
    const ch = text[i];
    if (ch === 'f' || ch === 'F') return true;
    if (ch === '"' || ch === "'") return false;
  }
  return false;
}

function errorNodes(root: N): N[] {
  const out: N[] = [];
  const stack: N[] = [root];
  while (stack.length && out.length < 50) {
    const n = stack.pop()!;
    if (n.t === 'ERROR') {
      out.push(n);
      continue;
    }
    for (let i = n.c.length - 1; i >= 0; i--) stack.push(n.c[i]);
  }
  return out;
}
