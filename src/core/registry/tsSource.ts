// TypeScript / JavaScript text as the registry fix needs it: parse, find the import style, find where a new import goes.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type * as EstreeModule from '@typescript-eslint/typescript-estree';
import { scriptText } from '../scan/ts/component';
import { specifierTargets } from './paths';

// Loaded on first use: the parser carries the TypeScript compiler (megabytes), which the extension
// host must not load at activation.
let estree: typeof EstreeModule | undefined;

export type Program = TSESTree.Program;
export type Node = TSESTree.Node;

export function parseTs(file: string, text: string): Program {
  const jsx = /\.(tsx|jsx|js|mjs|cjs)$/.test(file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  estree ??= require('@typescript-eslint/typescript-estree') as typeof EstreeModule;
  // A single-file component's scripts, at their own offsets (the markup blanked): an edit planned here fits the file.
  return estree.parse(scriptText(file, text), { range: true, loc: false, comment: true, jsx, errorOnUnknownASTType: false });
}

/** Null when the text parses, else the parser's message. */
export function tsSyntaxError(file: string, text: string): string | null {
  try {
    parseTs(file, text);
    return null;
  } catch (e) {
    const err = e as { message?: string; lineNumber?: number };
    return `${err.message ?? String(e)}${err.lineNumber ? ` (line ${err.lineNumber})` : ''}`;
  }
}

/** Calls `visit` on every node below `root` (depth first, source order). Returning false skips the children. */
export function walk(root: Node, visit: (node: Node, parent: Node | null) => boolean | void): void {
  const stack: Array<[Node, Node | null]> = [[root, null]];
  while (stack.length) {
    const [node, parent] = stack.pop() as [Node, Node | null];
    if (visit(node, parent) === false) continue;
    const children: Node[] = [];
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'range' || key === 'loc') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === 'object' && typeof (v as Node).type === 'string') children.push(v as Node);
      } else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') {
        children.push(value as Node);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], node]);
  }
}

export function stringValue(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null;
  return null;
}

/** Strips `as const`, `satisfies T`, `<T>x`, `x!` and `Object.freeze(x)` around an expression. */
export function unwrapExpression(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSTypeAssertion' || n.type === 'TSNonNullExpression') {
      n = n.expression;
    } else if (
      n.type === 'CallExpression' &&
      n.callee.type === 'MemberExpression' &&
      n.callee.object.type === 'Identifier' &&
      n.callee.object.name === 'Object' &&
      n.callee.property.type === 'Identifier' &&
      n.callee.property.name === 'freeze' &&
      n.arguments.length === 1
    ) {
      n = n.arguments[0] as Node;
    } else {
      return n;
    }
  }
}

export interface ImportSite {
  kind: 'esm' | 'cjs';
  source: string;
  /** The whole statement. */
  range: [number, number];
  /** Local name bound to `name` (named import / destructured require), if any. */
  named: Map<string, string>;
  /** `import * as x` / `import x from` / `const x = require()` local name. */
  namespace: string | null;
  typeOnly: boolean;
  /** Where named specifiers live: the `{ … }` of the import or the object pattern. */
  braces: [number, number] | null;
  /** Range of the last named specifier. */
  lastNamed: [number, number] | null;
  /** Range of the default import specifier when there are no braces. */
  defaultSpecifier: [number, number] | null;
}

export interface ModuleStyle {
  cjs: boolean;
  jsExtensions: boolean;
  quote: '"' | "'";
  semicolons: boolean;
  imports: ImportSite[];
  /** Offset after which a new import line goes when there is no import (after shebang, directives, license header). */
  headerEnd: number;
  /** Every identifier name declared or referenced in the file. */
  names: Set<string>;
}

function requireSource(node: Node | null | undefined): string | null {
  if (!node || node.type !== 'CallExpression') return null;
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require' || node.arguments.length !== 1) return null;
  return stringValue(node.arguments[0] as Node);
}

export function moduleStyle(file: string, text: string, ast: Program): ModuleStyle {
  const imports: ImportSite[] = [];
  let hasEsm = false;
  let hasCjs = false;
  for (const stmt of ast.body) {
    if (stmt.type === 'ImportDeclaration') {
      hasEsm = true;
      const named = new Map<string, string>();
      let namespace: string | null = null;
      let lastNamed: [number, number] | null = null;
      let defaultSpecifier: [number, number] | null = null;
      for (const s of stmt.specifiers) {
        if (s.type === 'ImportSpecifier') {
          const importedName = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          if (s.importKind !== 'type') named.set(importedName, s.local.name);
          lastNamed = s.range;
        } else if (s.type === 'ImportNamespaceSpecifier') {
          namespace = s.local.name;
        } else {
          defaultSpecifier = s.range;
        }
      }
      const braces = lastNamed ? findBraces(text, stmt.range[0], stmt.source.range[0]) : null;
      imports.push({ kind: 'esm', source: stmt.source.value, range: stmt.range, named, namespace, typeOnly: stmt.importKind === 'type', braces, lastNamed, defaultSpecifier });
    } else if (stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration' || stmt.type === 'ExportAllDeclaration' || stmt.type === 'TSExportAssignment') {
      hasEsm = true;
    } else if (stmt.type === 'VariableDeclaration' && stmt.declarations.length === 1) {
      const d = stmt.declarations[0];
      const src = requireSource(d.init as Node | null);
      if (src === null) continue;
      hasCjs = true;
      const named = new Map<string, string>();
      let namespace: string | null = null;
      let lastNamed: [number, number] | null = null;
      let braces: [number, number] | null = null;
      if (d.id.type === 'Identifier') namespace = d.id.name;
      else if (d.id.type === 'ObjectPattern') {
        braces = d.id.range;
        for (const p of d.id.properties) {
          if (p.type === 'Property' && p.key.type === 'Identifier' && p.value.type === 'Identifier') named.set(p.key.name, p.value.name);
          lastNamed = p.range;
        }
      }
      imports.push({ kind: 'cjs', source: src, range: stmt.range, named, namespace, typeOnly: false, braces, lastNamed, defaultSpecifier: null });
    }
  }
  const names = new Set<string>();
  walk(ast, (n) => {
    if (n.type === 'Identifier') names.add(n.name);
  });
  if (!hasCjs && !hasEsm) hasCjs = /\bmodule\.exports\b|\bexports\.\w+\s*=/.test(text) || /\brequire\s*\(/.test(text);
  const cjs = file.endsWith('.cjs') || file.endsWith('.cts') ? true : file.endsWith('.mjs') || file.endsWith('.mts') ? false : hasCjs && !hasEsm;
  const relative = imports.filter((i) => i.source.startsWith('.'));
  const jsExtensions = relative.some((i) => /\.[cm]?js$/.test(i.source));
  const quote = pickQuote(text, imports, ast);
  // Only statements that take a semicolon tell the style (a function declaration never ends with one).
  const sample = ast.body.find((s) => ['ImportDeclaration', 'VariableDeclaration', 'ExpressionStatement'].includes(s.type) && !(s.type === 'ExpressionStatement' && s.directive));
  const semicolons = sample ? /;\s*$/.test(text.slice(sample.range[0], sample.range[1])) : true;
  return { cjs, jsExtensions, quote, semicolons, imports, headerEnd: headerEnd(text, ast), names };
}

function findBraces(text: string, from: number, to: number): [number, number] | null {
  const open = text.indexOf('{', from);
  const close = text.lastIndexOf('}', to);
  return open >= 0 && close > open && open < to ? [open, close + 1] : null;
}

function pickQuote(text: string, imports: ImportSite[], ast: Program): '"' | "'" {
  const first = imports[0];
  if (first) {
    const ch = text[text.indexOf(first.source, first.range[0]) - 1];
    if (ch === '"' || ch === "'") return ch;
  }
  let single = 0;
  let double = 0;
  walk(ast, (n) => {
    if (n.type === 'Literal' && typeof n.value === 'string') {
      if (n.raw.startsWith("'")) single++;
      else if (n.raw.startsWith('"')) double++;
    }
  });
  return single > double ? "'" : '"';
}

/**
 * End of the file's header: a shebang, a directive prologue ("use client", "use strict") and comment blocks
 * separated from the code by a blank line (a license). A comment right above the first statement belongs to it.
 */
function headerEnd(text: string, ast: Program): number {
  let end = 0;
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    end = nl < 0 ? text.length : nl;
  }
  const first = ast.body[0];
  const firstStart = first ? first.range[0] : text.length;
  const comments = (ast.comments ?? []).filter((c) => c.range[1] <= firstStart);
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    const nextStart = i + 1 < comments.length ? comments[i + 1].range[0] : firstStart;
    if (/\n[ \t]*\r?\n/.test(text.slice(c.range[1], nextStart)) || !first) end = Math.max(end, c.range[1]);
  }
  for (const stmt of ast.body) {
    if (stmt.type === 'ExpressionStatement' && typeof stmt.directive === 'string') end = Math.max(end, stmt.range[1]);
    else break;
  }
  return end;
}

/** End of the line `offset` is on, so that a trailing `// comment` stays with its statement. */
export function endOfLineIfOnlyComment(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  const rest = text.slice(offset, lineEnd);
  return /^\s*(\/\/.*|\/\*.*\*\/\s*)?\r?$/.test(rest) ? lineEnd - (text[lineEnd - 1] === '\r' ? 1 : 0) : offset;
}

export function findImportOf(style: ModuleStyle, fromFile: string, registryFile: string): ImportSite[] {
  return style.imports.filter((i) => specifierTargets(fromFile, i.source, registryFile));
}

/** The smallest node whose range is exactly [start, end], with its parent. */
export function nodeAt(ast: Program, start: number, end: number): { node: Node; parent: Node | null } | null {
  let found: { node: Node; parent: Node | null } | null = null;
  walk(ast, (n, parent) => {
    if (n.range[1] < start || n.range[0] > end) return false;
    if (n.range[0] === start && n.range[1] === end) found = { node: n, parent };
    return undefined;
  });
  return found;
}
