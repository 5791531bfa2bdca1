// Two shapes of TS/JS that make the parsers slow far beyond their size, rewritten before parsing in one pass of
// TypeScript's scanner (linear, no recursion). Every offset after a rewrite stays where it was, and so does every
// line: only the text inside the rewritten range moves.
//
// - A long run of string literals joined with `+` (a prompt written as 1,000 quoted lines): typescript-estree reads
//   each literal's text through its parents (`getText()` without the source file), so the cost grows with the square
//   of the run, and the tree is as deep as the run is long. The run becomes one literal with the same value.
// - `async function` expressions nested in one another: TypeScript's parser looks ahead after each `async` to see
//   whether an arrow follows, parsing the whole nested function to find out, so the cost doubles with every level
//   (22 levels: 37 s). Beyond a few levels the `async` keyword is blanked: the IR does not record it.
import type * as TsModule from 'typescript';

/** Shorter runs parse fast: left as written. */
export const MIN_MERGED_RUN = 32;
/** `async function` expressions nested deeper than this lose their `async` (2^6 lookaheads at most). */
export const MAX_ASYNC_NESTING = 6;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const typescript = (): typeof TsModule => require('typescript') as typeof TsModule;

interface Literal {
  start: number;
  end: number;
  value: string;
}

export function prepareTs(text: string, jsx: boolean): string {
  // Cheap first look: nothing to do in the common file.
  const manyPluses = countOf(text, '+') >= MIN_MERGED_RUN - 1;
  const asyncFns = /async\s+function/.test(text);
  if (!manyPluses && !asyncFns) return text;
  const ts = typescript();
  const K = ts.SyntaxKind;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const edits: { start: number; end: number; text: string }[] = [];

  // Brackets: what each open one is ('(' '[' '{', a template hole, or the body of an async function expression).
  const stack: ('(' | '[' | '{' | '${' | 'async{')[] = [];
  let asyncNesting = 0;
  /** An async function expression whose body brace is awaited: the bracket depth of its `function` keyword. */
  let pendingAsync: { depth: number; stage: 'params' | 'body' } | null = null;

  let prev: TsModule.SyntaxKind = K.Unknown;
  let prevPrev: TsModule.SyntaxKind = K.Unknown;
  /** The literals of the current run, and the token before its first one. */
  let run: Literal[] = [];
  let runPrev: TsModule.SyntaxKind = K.Unknown;
  let runPrevPrev: TsModule.SyntaxKind = K.Unknown;

  /** Ends the run; `next` is the token after its last literal. Merged when nothing binds tighter than `+` on either side. */
  const flushRun = (next: TsModule.SyntaxKind, nextOnNewLine: boolean) => {
    // After a unary `+` (`+"a" + "b"`) the first literal is taken by it.
    const before = MERGE_BEFORE.has(runPrev) && !(runPrev === K.PlusToken && !VALUE_END.has(runPrevPrev));
    const after = MERGE_AFTER.has(next) || (nextOnNewLine && !NOT_AFTER_LINE_BREAK.has(next));
    if (run.length >= MIN_MERGED_RUN && before && after) {
      const start = run[0].start;
      const end = run[run.length - 1].end;
      const literal = quote(run.map((l) => l.value).join(''));
      // The line breaks of the run move after the literal: every later line keeps its number.
      const breaks = text.slice(start, end).replace(/[^\r\n\u2028\u2029]/g, '');
      if (literal.length + breaks.length <= end - start) edits.push({ start, end, text: literal + ' '.repeat(end - start - literal.length - breaks.length) + breaks });
    }
    run = [];
  };

  const guard = text.length + 10;
  for (let i = 0, kind = scanner.scan(); kind !== K.EndOfFileToken && i < guard; i++, kind = scanner.scan()) {
    // A `/` where an expression starts is a regular expression (its text must not be read as tokens).
    if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && !VALUE_END.has(prev)) kind = scanner.reScanSlashToken();
    // A `}` closing a template hole continues the template.
    if (kind === K.CloseBraceToken && stack[stack.length - 1] === '${') {
      kind = scanner.reScanTemplateToken(false);
      if (kind === K.TemplateTail) stack.pop();
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();

    // --- runs of literals joined with `+` ---
    const isLiteral = kind === K.StringLiteral || kind === K.NoSubstitutionTemplateLiteral;
    if (isLiteral && run.length && prev === K.PlusToken) {
      run.push({ start, end, value: scanner.getTokenValue() });
    } else if (kind === K.PlusToken && run.length && (prev === K.StringLiteral || prev === K.NoSubstitutionTemplateLiteral)) {
      // The `+` after the run's last literal: the run goes on if a literal follows.
    } else {
      if (run.length) {
        // `"a" + … + "z" + x`: the run ends with "z" and a `+` follows it.
        if (prev === K.PlusToken) flushRun(K.PlusToken, false);
        else flushRun(kind, scanner.hasPrecedingLineBreak());
      }
      if (isLiteral) {
        runPrev = prev;
        runPrevPrev = prevPrev;
        run.push({ start, end, value: scanner.getTokenValue() });
      }
    }

    // --- nesting of async function expressions ---
    if (kind === K.AsyncKeyword && asyncFns) {
      const save = { start, end };
      const next = scanner.lookAhead(() => {
        const k = scanner.scan();
        return { k, lineBreak: scanner.hasPrecedingLineBreak() };
      });
      if (next.k === K.FunctionKeyword && !next.lineBreak && EXPRESSION_BEFORE.has(prev)) {
        if (asyncNesting >= MAX_ASYNC_NESTING) edits.push({ start: save.start, end: save.end, text: ' '.repeat(save.end - save.start) });
        pendingAsync = { depth: stack.length, stage: 'params' };
      }
    }
    if (kind === K.OpenParenToken) {
      stack.push('(');
    } else if (kind === K.OpenBracketToken) stack.push('[');
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
    prevPrev = prev;
    prev = kind;
  }
  if (run.length) flushRun(K.EndOfFileToken, true);
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

function countOf(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1 && n < MIN_MERGED_RUN; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** A string literal TypeScript's scanner reads back as `value` (line separators escaped: they end a literal for it). */
function quote(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

let sets: { VALUE_END: Set<number>; MERGE_BEFORE: Set<number>; MERGE_AFTER: Set<number>; NOT_AFTER_LINE_BREAK: Set<number>; EXPRESSION_BEFORE: Set<number> } | null = null;

function kindSets() {
  if (sets) return sets;
  const K = typescript().SyntaxKind;
  sets = {
    // Tokens after which a `/` divides.
    VALUE_END: new Set([K.Identifier, K.PrivateIdentifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateTail, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword, K.PlusPlusToken, K.MinusMinusToken]),
    // A run of literals may be merged after these (nothing binding tighter than `+` takes its first literal).
    MERGE_BEFORE: new Set([K.EqualsToken, K.OpenParenToken, K.CommaToken, K.OpenBracketToken, K.ColonToken, K.QuestionToken, K.ReturnKeyword, K.EqualsGreaterThanToken, K.BarBarToken, K.AmpersandAmpersandToken, K.QuestionQuestionToken, K.PlusEqualsToken, K.OpenBraceToken, K.SemicolonToken, K.PlusToken, K.TemplateHead, K.TemplateMiddle, K.CaseKeyword, K.Unknown, K.BarBarEqualsToken, K.AmpersandAmpersandEqualsToken, K.QuestionQuestionEqualsToken]),
    // … and before these (nothing binding tighter than `+` takes its last literal).
    MERGE_AFTER: new Set([K.CommaToken, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken, K.SemicolonToken, K.ColonToken, K.QuestionToken, K.BarBarToken, K.AmpersandAmpersandToken, K.QuestionQuestionToken, K.PlusToken, K.MinusToken, K.EndOfFileToken, K.AsKeyword, K.SatisfiesKeyword, K.EqualsEqualsEqualsToken, K.ExclamationEqualsEqualsToken, K.EqualsEqualsToken, K.ExclamationEqualsToken, K.LessThanToken, K.GreaterThanToken, K.LessThanEqualsToken, K.GreaterThanEqualsToken, K.InKeyword, K.InstanceOfKeyword, K.TemplateMiddle, K.TemplateTail]),
    // On a new line, these continue the expression (a call, an index, a member, a tagged template).
    NOT_AFTER_LINE_BREAK: new Set([K.OpenParenToken, K.OpenBracketToken, K.DotToken, K.QuestionDotToken, K.NoSubstitutionTemplateLiteral, K.TemplateHead, K.AsteriskToken, K.SlashToken, K.PercentToken, K.AsteriskAsteriskToken, K.ExclamationToken]),
    // `async function` after these is an expression (a declaration starts a statement).
    EXPRESSION_BEFORE: new Set([K.EqualsToken, K.OpenParenToken, K.CommaToken, K.OpenBracketToken, K.ColonToken, K.QuestionToken, K.ReturnKeyword, K.EqualsGreaterThanToken, K.BarBarToken, K.AmpersandAmpersandToken, K.QuestionQuestionToken, K.ExclamationToken, K.PlusToken, K.DotDotDotToken, K.YieldKeyword, K.AwaitKeyword, K.TemplateHead, K.TemplateMiddle, K.CaseKeyword, K.NewKeyword, K.VoidKeyword, K.TypeOfKeyword]),
  };
  return sets;
}

const lazySet = (name: keyof NonNullable<typeof sets>): ReadonlySet<number> => ({
  has: (k: number) => kindSets()[name].has(k),
}) as ReadonlySet<number>;

const VALUE_END = lazySet('VALUE_END');
const MERGE_BEFORE = lazySet('MERGE_BEFORE');
const MERGE_AFTER = lazySet('MERGE_AFTER');
const NOT_AFTER_LINE_BREAK = lazySet('NOT_AFTER_LINE_BREAK');
const EXPRESSION_BEFORE = lazySet('EXPRESSION_BEFORE');
