// A small Python tokenizer: enough to read a registry, find the imports, place a new one, and catch text
// that cannot parse (unterminated strings, unbalanced brackets). Not a full Python parser.

export type PyTokenType = 'name' | 'string' | 'number' | 'op' | 'comment' | 'newline';

export interface PyToken {
  type: PyTokenType;
  value: string;
  start: number;
  end: number;
  /** Bracket depth before the token. */
  depth: number;
  /** Column (0-based) of the first token of the logical line this token is on. */
  indent: number;
  /** First token of a logical line. */
  first: boolean;
}

export class PySyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const STRING_START = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?("""|'''|"|')/;

export function tokenizePython(text: string): PyToken[] {
  const tokens: PyToken[] = [];
  const stack: string[] = [];
  let i = 0;
  let lineStart = true;
  let indent = 0;
  let col = 0;
  const push = (type: PyTokenType, start: number, end: number) => {
    const first = lineStart && type !== 'comment' && type !== 'newline';
    if (first) indent = col;
    tokens.push({ type, value: text.slice(start, end), start, end, depth: stack.length, indent, first });
    if (first) lineStart = false;
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      if (stack.length === 0 && !lineStart) {
        push('newline', i, i + 1);
        lineStart = true;
      }
      i++;
      col = 0;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f') {
      i++;
      col++;
      continue;
    }
    if (ch === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      col = 0;
      continue;
    }
    if (ch === '#') {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      push('comment', i, end);
      i = end;
      continue;
    }
    const s = STRING_START.exec(text.slice(i, i + 5));
    if (s) {
      const quote = s[1];
      const start = i;
      let j = i + s[0].length;
      const raw = /[rR]/.test(s[0].slice(0, s[0].length - quote.length));
      for (;;) {
        if (j >= text.length) throw new PySyntaxError('unterminated string', start);
        const c = text[j];
        if (c === '\\' && !raw) {
          j += 2;
          continue;
        }
        if (c === '\\' && raw) {
          j += 2;
          continue;
        }
        if (quote.length === 1 && c === '\n') throw new PySyntaxError('unterminated string', start);
        if (text.startsWith(quote, j)) {
          j += quote.length;
          break;
        }
        j++;
      }
      push('string', start, j);
      col += j - i;
      i = j;
      continue;
    }
    if (/[A-Za-z_\u00c0-\uffff]/.test(ch)) {
      let j = i + 1;
      while (j < text.length && /[\w\u00c0-\uffff]/.test(text[j])) j++;
      push('name', i, j);
      col += j - i;
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < text.length && /[\w.]/.test(text[j])) j++;
      push('number', i, j);
      col += j - i;
      i = j;
      continue;
    }
    if ('([{'.includes(ch)) {
      push('op', i, i + 1);
      stack.push(ch);
    } else if (')]}'.includes(ch)) {
      const open = stack.pop();
      if (open === undefined || '([{'.indexOf(open) !== ')]}'.indexOf(ch)) throw new PySyntaxError(`unbalanced "${ch}"`, i);
      push('op', i, i + 1);
    } else {
      const three = text.slice(i, i + 3);
      const two = text.slice(i, i + 2);
      const len = ['**=', '//=', '>>=', '<<=', '...'].includes(three) ? 3 : ['==', '!=', '<=', '>=', '->', ':=', '**', '//', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '<<', '>>'].includes(two) ? 2 : 1;
      push('op', i, i + len);
      i += len;
      col += len;
      continue;
    }
    i++;
    col++;
  }
  if (stack.length) throw new PySyntaxError(`unclosed "${stack[stack.length - 1]}"`, text.length);
  if (!lineStart) tokens.push({ type: 'newline', value: '', start: text.length, end: text.length, depth: 0, indent, first: false });
  return tokens;
}

/** Tokenizer-level syntax check: null when the text tokenizes with balanced brackets. */
export function pyTokenCheck(text: string): string | null {
  try {
    tokenizePython(text);
    return null;
  } catch (e) {
    const err = e as PySyntaxError;
    return `${err.message} at offset ${err.offset}`;
  }
}

/** The value of a plain string literal (no f-string holes), or null. */
export function pyStringValue(token: PyToken): string | null {
  if (token.type !== 'string') return null;
  const m = /^([rRbBuUfF]*)("""|'''|"|')/.exec(token.value);
  if (!m) return null;
  if (/[fFbB]/.test(m[1])) return null;
  const body = token.value.slice(m[0].length, token.value.length - m[2].length);
  if (/[rR]/.test(m[1])) return body;
  return body.replace(/\\(["'\\nt])/g, (_s, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

export interface PyStatement {
  tokens: PyToken[];
  start: number;
  /** End of the statement's last token (before its newline). */
  end: number;
  indent: number;
}

/** Logical lines (statements) of the file, in order. */
export function pyStatements(tokens: PyToken[]): PyStatement[] {
  const out: PyStatement[] = [];
  let current: PyToken[] = [];
  for (const t of tokens) {
    if (t.type === 'newline') {
      const code = current.filter((c) => c.type !== 'comment');
      if (code.length) out.push({ tokens: code, start: code[0].start, end: code[code.length - 1].end, indent: code[0].indent });
      current = [];
    } else {
      current.push(t);
    }
  }
  const code = current.filter((c) => c.type !== 'comment');
  if (code.length) out.push({ tokens: code, start: code[0].start, end: code[code.length - 1].end, indent: code[0].indent });
  return out;
}
