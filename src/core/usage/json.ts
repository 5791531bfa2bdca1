import { lineStartsOf, pointAt } from '../lines';
// A strict JSON parser that remembers where every value and key is, so that both syntax errors and
// schema errors can name a line and column (JSON.parse gives neither reliably).

export interface JsonPosition {
  line: number; // 1-based
  column: number; // 1-based
  offset: number;
}

export interface JsonParseResult {
  value: unknown;
  error: (JsonPosition & { message: string }) | null;
  /** JSON pointer (`/a/b~1c/0`) → position of the value. */
  values: Map<string, JsonPosition>;
  /** JSON pointer of a property → position of its key. */
  keys: Map<string, JsonPosition>;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function parseJsonWithPositions(text: string): JsonParseResult {
  const values = new Map<string, JsonPosition>();
  const keys = new Map<string, JsonPosition>();
  const lineStarts = lineStartsOf(text);
  const position = (offset: number): JsonPosition => pointAt(lineStarts, offset);

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describe = (): string => {
    if (i >= text.length) return 'end of file';
    const c = text[i];
    if (c === '"') return 'a string';
    if (/[-0-9]/.test(c)) return 'a number';
    return `"${c}"`;
  };
  // A value where a comma was expected is almost always a missing comma at the end of the previous line.
  const missingComma = (): string => (i < text.length && /["\-0-9{[tfn]/.test(text[i]) ? ' (missing comma?)' : '');
  const expect = (ch: string, what: string): void => {
    if (text[i] !== ch) throw new JsonSyntaxError(`expected ${what} but found ${describe()}`, i);
    i++;
  };

  const parseString = (): string => {
    const start = i;
    expect('"', 'a string');
    let out = '';
    for (;;) {
      if (i >= text.length) throw new JsonSyntaxError('unterminated string', start);
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') throw new JsonSyntaxError('line break inside a string', i);
      if (c === '\\') {
        const e = text[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in map) {
          out += map[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw new JsonSyntaxError(`invalid escape "\\${e ?? ''}" in a string`, i);
        continue;
      }
      out += c;
      i++;
    }
  };

  const parseValue = (pointer: string): unknown => {
    ws();
    values.set(pointer, position(i));
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] === '}') throw new JsonSyntaxError('trailing comma before "}"', i);
        const keyAt = i;
        if (text[i] !== '"') throw new JsonSyntaxError(`expected a property name in double quotes but found ${describe()}`, i);
        const key = parseString();
        const child = `${pointer}/${escapePointer(key)}`;
        keys.set(child, position(keyAt));
        ws();
        expect(':', '":" after the property name');
        obj[key] = parseValue(child);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        throw new JsonSyntaxError(`expected "," or "}" but found ${describe()}${missingComma()}`, i);
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        ws();
        if (text[i] === ']') throw new JsonSyntaxError('trailing comma before "]"', i);
        arr.push(parseValue(`${pointer}/${arr.length}`));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        throw new JsonSyntaxError(`expected "," or "]" but found ${describe()}${missingComma()}`, i);
      }
    }
    if (c === '"') return parseString();
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (num) {
      const n = Number(num[0]);
      if (!Number.isFinite(n)) throw new JsonSyntaxError(`number ${num[0]} is out of range`, i);
      i += num[0].length;
      return n;
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) throw new JsonSyntaxError('comments are not allowed in JSON', i);
    throw new JsonSyntaxError(`unexpected ${describe()}`, i);
  };

  try {
    const value = parseValue('');
    ws();
    if (i < text.length) throw new JsonSyntaxError(`unexpected ${describe()} after the end of the JSON value`, i);
    return { value, error: null, values, keys };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { value: undefined, error: { message: e.message, ...position(Math.min(e.offset, text.length)) }, values, keys };
    throw e;
  }
}
