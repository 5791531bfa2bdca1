// Broken TS/JS read the way an editor reads it. typescript-estree refuses a text with any syntax error, but the tree
// TypeScript's parser builds for it is complete: a statement or member it cannot make sense of is skipped token by
// token and the rest of the list (statements, members, properties, arguments) goes on. That tree is converted to
// ESTree here, so a half-typed method or a stray keyword costs only the words TypeScript skipped. Which words those
// were is found by comparing the file's tokens with the tree's leaves, and said by line.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type * as TsModule from 'typescript';

interface AstConverterModule {
  astConverter(ast: TsModule.SourceFile, settings: Record<string, unknown>, preserveNodeMaps: boolean): { estree: TSESTree.Program };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const typescript = (): typeof TsModule => require('typescript') as typeof TsModule;

export interface Recovered {
  ast: TSESTree.Program;
  /** TypeScript's syntax errors, by offset. */
  errors: { start: number; message: string }[];
  /** Offsets [start, end) of the words (names, literals) that are in the text but not in the tree. */
  unread: [number, number][];
}

/** Null when TypeScript's tree cannot be converted (the caller falls back to leaving statements out). */
export function parseRecovered(text: string, jsx: boolean): Recovered | null {
  const ts = typescript();
  let sf: TsModule.SourceFile;
  let errors: Recovered['errors'];
  let ast: TSESTree.Program;
  try {
    sf = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const holder = sf as unknown as { parseDiagnostics: TsModule.DiagnosticWithLocation[] };
    errors = holder.parseDiagnostics.map((d) => ({ start: d.start, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') })).sort((a, b) => a.start - b.start);
    // The converter refuses a tree with parse errors; it is given this one as if it had none (and told to accept
    // what is unusual in it), the errors having been taken for the report.
    holder.parseDiagnostics = [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { astConverter } = require('@typescript-eslint/typescript-estree/use-at-your-own-risk') as AstConverterModule;
    ast = astConverter(sf, { allowInvalidAST: true, errorOnUnknownASTType: false, range: true, loc: true, comment: false, tokens: false, suppressDeprecatedPropertyWarnings: true }, false).estree;
  } catch {
    return null;
  }
  return { ast, errors, unread: unreadWords(ts, sf, text, jsx) };
}

/**
 * Names and literals of the text that no node of the tree holds (skipped by the parser's recovery), and the tokens
 * left unterminated (a string or template running to the end of its line or of the file: what follows is inside it).
 * Linear: one pass of the scanner, one walk of the tree with a stack.
 */
function unreadWords(ts: typeof TsModule, sf: TsModule.SourceFile, text: string, jsx: boolean): [number, number][] {
  const K = ts.SyntaxKind;
  const held = new Set<number>();
  const jsxText: [number, number][] = [];
  const stack: TsModule.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.kind) {
      case K.Identifier:
      case K.PrivateIdentifier:
      case K.StringLiteral:
      case K.NumericLiteral:
      case K.BigIntLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateHead:
      case K.TemplateMiddle:
      case K.TemplateTail:
      case K.RegularExpressionLiteral:
        if (n.end > n.pos) held.add(n.getStart(sf));
        break;
      case K.JsxText:
        jsxText.push([n.pos, n.end]);
        break;
    }
    ts.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  jsxText.sort((a, b) => a[0] - b[0]);
  const inJsxText = (at: number) => {
    let lo = 0;
    let hi = jsxText.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (jsxText[mid][1] <= at) lo = mid + 1;
      else if (jsxText[mid][0] > at) hi = mid - 1;
      else return true;
    }
    return false;
  };
  const WORDS = new Set<number>([K.Identifier, K.PrivateIdentifier, K.StringLiteral, K.NumericLiteral, K.BigIntLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateHead, K.TemplateMiddle, K.TemplateTail, K.RegularExpressionLiteral]);
  const VALUE_END = new Set<number>([K.Identifier, K.PrivateIdentifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword]);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const unread: [number, number][] = [];
  const braces: boolean[] = []; // true: a template hole
  let prev: TsModule.SyntaxKind = K.Unknown;
  let lastEnd = 0;
  for (let kind = scanner.scan(), guard = text.length + 10; kind !== K.EndOfFileToken && guard > 0; kind = scanner.scan(), guard--) {
    if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && !VALUE_END.has(prev)) kind = scanner.reScanSlashToken();
    if (kind === K.OpenBraceToken) braces.push(false);
    else if (kind === K.TemplateHead) braces.push(true);
    else if (kind === K.CloseBraceToken) {
      if (braces[braces.length - 1]) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === K.TemplateTail) braces.pop();
      } else braces.pop();
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (scanner.isUnterminated()) unread.push([start, end]);
    else if (WORDS.has(kind) && !held.has(start) && !inJsxText(start)) unread.push([start, end]);
    prev = kind;
    lastEnd = end;
  }
  // A comment never closed runs to the end of the file: everything in it is unread.
  for (const c of [...(ts.getTrailingCommentRanges(text, lastEnd) ?? []), ...(ts.getLeadingCommentRanges(text, lastEnd) ?? [])]) {
    if (c.kind === K.MultiLineCommentTrivia && !text.slice(c.pos, c.end).endsWith('*/')) unread.push([c.pos, c.end]);
  }
  return unread;
}
