// While a user types inside one function, the file's other kept functions do not change: their syntax trees
// are kept between edits and moved to their new place (offsets and lines) instead of being parsed again. Only
// whole statements that start a line are kept this way: function and class declarations, and `const f = () => {…}`
// when nothing but `;` follows its `}` on that line; the rest of the file (imports, constants, other statements) is parsed as it is,
// with the kept declarations blanked. Any doubt (a parse that fails, a declaration that does not parse to one
// statement on its own, a decorator in front) and the caller parses the whole kept code instead.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Pruned } from './prune';

/** A declaration's tree as last placed: `offset` and `line` are where its first character is now. */
interface Placed {
  statement: TSESTree.ProgramStatement;
  offset: number;
  line: number;
}

/** Per file: declaration text → its tree, as used by the last parse (only those, so nothing piles up). */
export type UnitTrees = Map<string, Placed>;

type ParseFn = (text: string) => TSESTree.Program;

/** Moves every node of a tree by `dOffset` characters and `dLine` lines (each shared range or loc once). */
function moveTree(root: TSESTree.Node, dOffset: number, dLine: number): void {
  if (dOffset === 0 && dLine === 0) return;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
      continue;
    }
    const node = v as Record<string, unknown>;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const key in node) {
      const x = node[key];
      if (x === null || typeof x !== 'object') continue;
      if (key === 'range') {
        const r = x as [number, number];
        if (!seen.has(r)) {
          seen.add(r);
          r[0] += dOffset;
          r[1] += dOffset;
        }
      } else if (key === 'loc') {
        const l = x as TSESTree.SourceLocation;
        if (!seen.has(l)) {
          seen.add(l);
          if (!seen.has(l.start)) {
            seen.add(l.start);
            l.start.line += dLine;
          }
          if (!seen.has(l.end)) {
            seen.add(l.end);
            l.end.line += dLine;
          }
        }
      } else if (key !== 'parent') stack.push(x);
    }
  }
}

/** Spaces in place of text, line breaks kept (same offsets and lines). */
export function blankKeepingLines(text: string): string {
  return text.replace(/[^\n\r]/g, ' ');
}

/**
 * Parses the kept code, reusing the trees of declarations whose text is unchanged since the last parse of the
 * same file. Returns null when it cannot (the caller then parses `pruned.text` whole). `trees` is updated.
 */
export function parseReusingUnits(pruned: Pruned, parse: ParseFn, trees: UnitTrees): TSESTree.Program | null {
  const text = pruned.text;
  const units: Array<{ start: number; end: number }> = [];
  for (const u of pruned.kept) {
    if (u.start > 0 && text.charCodeAt(u.start - 1) !== 10) continue;
    // A decorator on the line before belongs to the class: leave such a unit in the skeleton.
    const prevEnd = text.lastIndexOf('\n', u.start - 2);
    if (text.slice(prevEnd + 1, u.start).trim().startsWith('@')) continue;
    if (u.declaration) units.push({ start: u.start, end: u.end });
    else {
      // `export const POST = async (req) => { … };`: whole only when nothing but `;` follows on its last line.
      const rest = /^[ \t]*;?[ \t]*(?=\r?\n|$)/.exec(text.slice(u.end, u.end + 200));
      if (rest) units.push({ start: u.start, end: u.end + rest[0].length });
    }
  }
  if (units.length < 2) return null;
  let skeleton = '';
  let last = 0;
  for (const u of units) {
    skeleton += text.slice(last, u.start) + blankKeepingLines(text.slice(u.start, u.end));
    last = u.end;
  }
  skeleton += text.slice(last);
  let program: TSESTree.Program;
  try {
    program = parse(skeleton);
  } catch {
    return null;
  }
  const used: UnitTrees = new Map();
  const statements: TSESTree.ProgramStatement[] = [];
  let line = 1;
  let lineAt = 0;
  for (const u of units) {
    for (let i = text.indexOf('\n', lineAt); i !== -1 && i < u.start; i = text.indexOf('\n', i + 1)) line++;
    lineAt = u.start;
    const unitText = text.slice(u.start, u.end);
    let placed = used.has(unitText) ? undefined : trees.get(unitText);
    if (!placed) {
      let alone: TSESTree.Program;
      try {
        alone = parse(unitText);
      } catch {
        return null;
      }
      if (alone.body.length !== 1) return null;
      placed = { statement: alone.body[0], offset: 0, line: 1 };
    }
    moveTree(placed.statement, u.start - placed.offset, line - placed.line);
    placed.offset = u.start;
    placed.line = line;
    if (!used.has(unitText)) used.set(unitText, placed);
    statements.push(placed.statement);
  }
  trees.clear();
  for (const [k, v] of used) trees.set(k, v);
  program.body = [...program.body, ...statements].sort((a, b) => a.range[0] - b.range[0]);
  return program;
}
