// Two shapes of TS/JS that make the parsers slow far beyond their size, rewritten before parsing (no recursion).
// Every offset after a rewrite stays where it was, and so does every line: only the text inside the rewritten range
// moves.
//
// - A long run of string literals joined with `+` (a prompt written as 1,000 quoted lines): typescript-estree reads
//   each literal's text through its parents (`getText()` without the source file), so the cost grows with the square
//   of the run (50,000 literals: 37 s; 45 s to convert the tree of a broken file), and the tree is as deep as the run
//   is long. The run becomes one literal with the same value. Runs are found in TypeScript's own tree (its parser is
//   linear on `+` chains and builds a tree for broken code too), so a literal is merged only with the operands it
//   really is joined to, whatever surrounds it (a template never closed, a regular expression, JSX).
// - `async function` expressions nested in one another: TypeScript's parser looks ahead after each `async` to see
//   whether an arrow follows, parsing the whole nested function to find out, so the cost doubles with every level
//   (22 levels: 37 s). Beyond a few levels the `async` keyword is blanked (the IR does not record it). This is found
//   with TypeScript's scanner, since building the tree is the slow part.
import type * as TsModule from 'typescript';

/** Shorter runs parse fast: left as written. */
export const MIN_MERGED_RUN = 32;
/** `async function` expressions nested deeper than this lose their `async` (2^6 lookaheads at most). */
export const MAX_ASYNC_NESTING = 6;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const typescript = (): typeof TsModule => require('typescript') as typeof TsModule;

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function prepareTs(text: string, jsx: boolean): string {
  let out = text;
  // Cheap first looks: nothing to do in the common file. The async nesting first: the literal runs are found in
  // TypeScript's tree, whose building is the slow part of that nesting.
  if (/async\s+function/.test(out)) out = applyEdits(out, flattenAsyncNesting(out, jsx));
  if (literalsJoined(out) >= MIN_MERGED_RUN / 2) out = applyEdits(out, mergeLiteralRuns(out, jsx));
  return out;
}

/** Edits that keep every length (the text of a range replaced by as many characters). */
function applyEdits(text: string, edits: Edit[]): string {
  if (!edits.length) return text;
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue;
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** How many times a quote is followed by `+` and another quote (a lower bound of the joins of literals). */
function literalsJoined(text: string): number {
  let n = 0;
  const re = /["'`][ \t\r\n]*\+[ \t\r\n]*["'`]/g;
  while (re.exec(text) && n < MIN_MERGED_RUN) n++;
  return n;
}

/** Runs of MIN_MERGED_RUN or more string literals that are consecutive operands of one `+` chain, in TypeScript's tree. */
function mergeLiteralRuns(text: string, jsx: boolean): Edit[] {
  const edits: Edit[] = [];
  const ts = typescript();
  const K = ts.SyntaxKind;
  let sf: TsModule.SourceFile;
  try {
    sf = ts.createSourceFile(jsx ? 'x.tsx' : 'x.ts', text, ts.ScriptTarget.Latest, false, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  } catch {
    return edits; // Too deep for TypeScript's parser: the parse that follows says so.
  }
  const isPlus = (n: TsModule.Node): n is TsModule.BinaryExpression => n.kind === K.BinaryExpression && (n as TsModule.BinaryExpression).operatorToken.kind === K.PlusToken;
  const isLiteral = (n: TsModule.Node): n is TsModule.StringLiteral | TsModule.NoSubstitutionTemplateLiteral => n.kind === K.StringLiteral || n.kind === K.NoSubstitutionTemplateLiteral;
  const stack: TsModule.Node[] = [sf];
  while (stack.length) {
    const n = stack.pop()!;
    if (!isPlus(n)) {
      ts.forEachChild(n, (c) => {
        stack.push(c);
      });
      continue;
    }
    // The whole chain, left to right, walked down its left spine (no recursion on its length).
    const operands: TsModule.Expression[] = [];
    let cur: TsModule.Expression = n;
    while (isPlus(cur)) {
      operands.push(cur.right);
      cur = cur.left;
    }
    operands.push(cur);
    operands.reverse();
    for (let i = 0; i < operands.length; ) {
      if (!isLiteral(operands[i])) {
        stack.push(operands[i]);
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < operands.length && isLiteral(operands[j + 1])) j++;
      if (j - i + 1 >= MIN_MERGED_RUN) {
        const start = operands[i].getStart(sf);
        const end = operands[j].end;
        let value = '';
        for (let k = i; k <= j; k++) value += (operands[k] as TsModule.StringLiteral).text;
        const literal = quote(value);
        // The line breaks of the run move after the literal: every later line keeps its number.
        const breaks = text.slice(start, end).replace(/[^\r\n\u2028\u2029]/g, '');
        if (literal.length + breaks.length <= end - start) edits.push({ start, end, text: literal + ' '.repeat(end - start - literal.length - breaks.length) + breaks });
      }
      i = j + 1;
    }
  }
  return edits;
}

/** Blanks the `async` of async function expressions nested more than MAX_ASYNC_NESTING deep (TypeScript's scanner). */
function flattenAsyncNesting(text: string, jsx: boolean): Edit[] {
  const edits: Edit[] = [];
  const ts = typescript();
  const K = ts.SyntaxKind;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  // Brackets: what each open one is ('(' '[' '{', a template hole, or the body of an async function expression).
  const stack: ('(' | '[' | '{' | '${' | 'async{')[] = [];
  let asyncNesting = 0;
  /** An async function expression whose body brace is awaited: the bracket depth of its `function` keyword. */
  let pendingAsync: { depth: number; stage: 'params' | 'body' } | null = null;
  let prev: TsModule.SyntaxKind = K.Unknown;
  const guard = text.length + 10;
  for (let i = 0, kind = scanner.scan(); kind !== K.EndOfFileToken && i < guard; i++, kind = scanner.scan()) {
    // A `/` where an expression starts is a regular expression (its text must not be read as tokens).
    if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && !VALUE_END.has(prev)) kind = scanner.reScanSlashToken();
    // A `}` closing a template hole continues the template.
    if (kind === K.CloseBraceToken && stack[stack.length - 1] === '${') {
      kind = scanner.reScanTemplateToken(false);
      if (kind === K.TemplateTail) stack.pop();
    }
    if (kind === K.AsyncKeyword) {
      const start = scanner.getTokenStart();
      const end = scanner.getTokenEnd();
      const next = scanner.lookAhead(() => {
        const k = scanner.scan();
        return { k, lineBreak: scanner.hasPrecedingLineBreak() };
      });
      if (next.k === K.FunctionKeyword && !next.lineBreak && EXPRESSION_BEFORE.has(prev)) {
        if (asyncNesting >= MAX_ASYNC_NESTING) edits.push({ start, end, text: ' '.repeat(end - start) });
        pendingAsync = { depth: stack.length, stage: 'params' };
      }
    }
    if (kind === K.OpenParenToken) stack.push('(');
    else if (kind === K.OpenBracketToken) stack.push('[');
    else if (kind === K.OpenBraceToken) {
      if (pendingAsync && pendingAsync.stage === 'body' && stack.length === pendingAsync.depth) {
        stack.push('async{');
        asyncNesting++;
        pendingAsync = null;
      } else stack.push('{');
    } else if (kind === K.TemplateHead) stack.push('${');
    else if (kind === K.CloseParenToken || kind === K.CloseBracketToken || kind === K.CloseBraceToken) {
      const want = kind === K.CloseParenToken ? '(' : kind === K.CloseBracketToken ? '[' : '{';
      // Unbalanced text (a syntax error): pop to the matching bracket if there is one.
      let j = stack.length - 1;
      while (j >= 0 && !(stack[j] === want || (want === '{' && stack[j] === 'async{'))) j--;
      if (j >= 0) {
        for (let x = stack.length - 1; x >= j; x--) if (stack[x] === 'async{') asyncNesting--;
        stack.length = j;
      }
      if (pendingAsync && pendingAsync.stage === 'params' && want === '(' && stack.length === pendingAsync.depth) pendingAsync.stage = 'body';
    }
    prev = kind;
  }
  return edits;
}

/** A string literal TypeScript's scanner reads back as `value` (line separators escaped: they end a literal for it). */
function quote(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

let sets: { VALUE_END: Set<number>; EXPRESSION_BEFORE: Set<number> } | null = null;

function kindSets() {
  if (sets) return sets;
  const K = typescript().SyntaxKind;
  sets = {
    // Tokens after which a `/` divides.
    VALUE_END: new Set([K.Identifier, K.PrivateIdentifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword, K.PlusPlusToken, K.MinusMinusToken]),
    // `async function` after these is an expression (a declaration starts a statement).
    EXPRESSION_BEFORE: new Set([K.EqualsToken, K.OpenParenToken, K.CommaToken, K.OpenBracketToken, K.ColonToken, K.QuestionToken, K.ReturnKeyword, K.EqualsGreaterThanToken, K.BarBarToken, K.AmpersandAmpersandToken, K.QuestionQuestionToken, K.ExclamationToken, K.PlusToken, K.DotDotDotToken, K.YieldKeyword, K.AwaitKeyword, K.TemplateHead, K.TemplateMiddle, K.CaseKeyword, K.NewKeyword, K.VoidKeyword, K.TypeOfKeyword]),
  };
  return sets;
}

const lazySet = (name: keyof NonNullable<typeof sets>): ReadonlySet<number> => ({ has: (k: number) => kindSets()[name].has(k) }) as ReadonlySet<number>;

const VALUE_END = lazySet('VALUE_END');
const EXPRESSION_BEFORE = lazySet('EXPRESSION_BEFORE');
