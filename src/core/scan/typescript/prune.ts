// Parsing is most of the cost of a scan. A file that may matter usually has one or two functions that
// touch an LLM and many that do not; those are dropped before the parse, leaving their newlines (so every
// line and column stays the same; offsets are mapped back afterwards, see Pruned). A top-level function or
// class is dropped only when its text names nothing the rest could need: no SDK word, no imported or
// top-level name, no name of a unit kept. By construction a dropped unit never holds a call site. If dropping
// ever breaks the syntax, the caller parses the full text instead.

interface Unit {
  start: number;
  end: number; // exclusive
  name: string | null;
  /** A function or class declaration: the unit is one whole statement (a const's statement may go on after `}`). */
  declaration: boolean;
}

const UNIT_START =
  /(?:export\s+(?:default\s+)?)?(?:declare\s+)?(?:(?:async\s+)?function\s*\*?\s*([\w$]*)|(?:abstract\s+)?class\s+([\w$]+)|(?:const|let|var)\s+([\w$]+)\s*(?::[^=;\n]+)?=\s*(?:async\s+)?(?:function\b|\([^;]*?\)\s*(?::[^=;{]+)?=>|[\w$]+\s*=>))/y;
const TOP_NAME = /^[ \t]*(?:export\s+)?(?:declare\s+)?(?:const|let|var)\s+(?:([\w$]+)|\{([^}]*)\}|\[([^\]]*)\])/gm;
const IMPORT_NAMES = /\bimport\s+(?:type\s+)?([\s\S]*?)\s+from\s*['"]|\b(?:const|let|var)\s+([\s\S]{1,200}?)=\s*(?:await\s+)?(?:require|import)\s*\(/g;

/** [A-Za-z0-9_$], as `\w` and `$` in the patterns above. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Can a `/` after this token start a regex literal? `prev` is the last token ('' at the start). */
function regexAllowedAfter(prev: string): boolean {
  return prev === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(prev) || /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/.test(prev);
}

/** Top-level units (functions, classes, arrow consts) with their extent, or null when the text defeats the tokenizer. */
function topLevelUnits(text: string): Unit[] | null {
  const units: Unit[] = [];
  const n = text.length;
  let depth = 0;
  const templateDepths: number[] = [];
  let lineStart = true;
  // The last significant token (for regex-vs-division): a marker ('s' string, 'r' regex, '{' template hole)
  // or the span [sigStart, sigEnd) of the text. Kept as indices: no string is built per token.
  let sigMark = '';
  let sigStart = 0;
  let sigEnd = 0;
  let open: { unit: Unit; depth: number; bodyStarted: boolean; needArrowBody: boolean } | null = null;
  let i = 0;
  const setSig = (s: string) => {
    sigMark = s;
  };
  const setSigSpan = (from: number, to: number) => {
    sigMark = '';
    sigStart = from;
    sigEnd = to;
  };
  /**
   * Reads a template literal's text from `from` to its closing backtick (then the literal is done) or to the next
   * `${` (then an expression opens inside it). False when the text ends first.
   */
  const readTemplateChunk = (from: number): boolean => {
    let j = from;
    for (; j < n; j++) {
      const ch = text.charCodeAt(j);
      if (ch === 92) {
        j++;
        continue;
      }
      if (ch === 96) break;
      if (ch === 36 && text.charCodeAt(j + 1) === 123) break;
    }
    if (j >= n) return false;
    if (text.charCodeAt(j) === 96) {
      i = j + 1;
      setSig('s');
    } else {
      templateDepths.push(depth);
      depth++;
      i = j + 2;
      setSig('{');
    }
    return true;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    // newline / whitespace
    if (c === 10) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const e = text.indexOf('\n', i);
        i = e < 0 ? n : e;
        continue;
      }
      if (d === 42) {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) return null;
        i = e + 2;
        continue;
      }
      if (regexAllowedAfter(sigMark || text.slice(sigStart, sigEnd))) {
        // regex literal
        let j = i + 1;
        let inClass = false;
        for (; j < n; j++) {
          const ch = text.charCodeAt(j);
          if (ch === 92) {
            j++;
            continue;
          }
          if (ch === 10) return null;
          if (inClass) {
            if (ch === 93) inClass = false;
          } else if (ch === 91) inClass = true;
          else if (ch === 47) break;
        }
        i = j + 1;
        while (i < n && isWordChar(text.charCodeAt(i))) i++;
        setSig('r');
        lineStart = false;
        continue;
      }
      i++;
      setSigSpan(i - 1, i);
      lineStart = false;
      continue;
    }
    if (lineStart && depth === 0 && !open) {
      UNIT_START.lastIndex = i;
      const m = UNIT_START.exec(text);
      if (m) {
        const isArrowOrFnConst = m[3] !== undefined;
        open = { unit: { start: i, end: -1, name: m[1] || m[2] || m[3] || null, declaration: !isArrowOrFnConst }, depth: 0, bodyStarted: false, needArrowBody: isArrowOrFnConst };
        // Continue scanning from the keyword: the tokenizer must see the parameters (strings, templates).
      }
    }
    lineStart = false;
    if (c === 39 || c === 34) {
      let j = i + 1;
      for (; j < n; j++) {
        const ch = text.charCodeAt(j);
        if (ch === 92) {
          j++;
          continue;
        }
        if (ch === c) break;
        if (ch === 10) return null;
      }
      i = j + 1;
      setSig('s');
      continue;
    }
    if (c === 96 /* ` */) {
      if (!readTemplateChunk(i + 1)) return null;
      continue;
    }
    if (c === 123 || c === 40 || c === 91) {
      if (c === 123 && open && !open.bodyStarted && depth === 0) {
        open.bodyStarted = true;
        open.depth = 0;
      }
      depth++;
      i++;
      setSigSpan(i - 1, i);
      continue;
    }
    if (c === 125 || c === 41 || c === 93) {
      depth--;
      if (depth < 0) return null;
      i++;
      if (c === 125 && templateDepths.length && templateDepths[templateDepths.length - 1] === depth) {
        // back inside a template literal: continue it
        templateDepths.pop();
        if (!readTemplateChunk(i)) return null;
        continue;
      }
      setSigSpan(i - 1, i);
      if (c === 125 && open && open.bodyStarted && depth === 0) {
        open.unit.end = i;
        units.push(open.unit);
        open = null;
      }
      continue;
    }
    if (c === 59 /* ; */ && depth === 0 && open && !open.bodyStarted) {
      // `const x = a => a + 1;` (expression body) or an overload signature: not a unit.
      open = null;
    }
    // identifiers, numbers, operators
    let j = i + 1;
    if (isWordChar(c)) while (j < n && isWordChar(text.charCodeAt(j))) j++;
    setSigSpan(i, j);
    i = j;
  }
  if (depth !== 0 || templateDepths.length) return null;
  return units;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The kept code of a file: every irrelevant top-level unit that spans lines is replaced by its newlines and by
 * as many spaces as the column its last line ends at, so every kept token has the line and column it has in the
 * original; only offsets move (a one-line unit becomes spaces: nothing moves). The parser then reads the kept
 * code only, not pages of blank, and an edit inside a dropped unit that adds no line leaves `text` unchanged:
 * its analysis can be reused with the new offsets.
 */
export interface Pruned {
  text: string;
  /** From `at` (an offset in `text`) on, add `shift` for the original offset; ascending. */
  shifts: Array<{ at: number; shift: number }>;
  /** The top-level units kept, as spans of `text`. */
  kept: Array<{ start: number; end: number; declaration: boolean }>;
}

/** An offset in the pruned text → the same place in the original text. */
export function originalOffset(pruned: Pruned, offset: number): number {
  const s = pruned.shifts;
  let lo = 0;
  let hi = s.length - 1;
  let shift = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid].at <= offset) {
      shift = s[mid].shift;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return offset + shift;
}

/**
 * A copy of plain data (an analysis) with every offset moved to the original text: `{ start, end }` spans
 * (TextSpan, a value's Src) and the `offset` of a `{ line, column, offset }` point. Lines and columns are
 * already right (see Pruned).
 */
export function withOriginalOffsets<T>(value: T, pruned: Pruned): T {
  const map = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(map);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = map(o[k]);
    if (typeof o.start === 'number' && typeof o.end === 'number') {
      out.start = originalOffset(pruned, o.start);
      // An end is exclusive: map the last character, so an end at a dropped unit's edge stays before it.
      out.end = o.end > o.start ? originalOffset(pruned, o.end - 1) + 1 : out.start;
    }
    if (typeof o.offset === 'number' && typeof o.line === 'number') out.offset = originalOffset(pruned, o.offset);
    return out;
  };
  return map(value) as T;
}

/**
 * The kept code, or null when nothing can be dropped (a short file, a single unit, every unit relevant, or
 * text the tokenizer cannot follow). `relevant` is the scanner's pre-filter (SDK words).
 */
export function pruneForScan(text: string, relevant: RegExp): Pruned | null {
  if (text.length < 1500) return null;
  const units = topLevelUnits(text);
  if (!units || units.length < 2) return null;
  // Names the kept code may need: imports and top-level variables outside the units.
  const names = new Set<string>();
  let outside = '';
  let last = 0;
  for (const u of units) {
    outside += text.slice(last, u.start);
    last = u.end;
  }
  outside += text.slice(last);
  for (const m of outside.matchAll(IMPORT_NAMES)) for (const id of (m[1] ?? m[2] ?? '').match(/[\w$]+/g) ?? []) if (id !== 'type' && id !== 'as' && id !== 'from') names.add(id);
  for (const m of outside.matchAll(TOP_NAME)) for (const id of (m[1] ?? m[2] ?? m[3] ?? '').match(/[\w$]+/g) ?? []) names.add(id);
  // Units referenced from the outside (export { a }, default export, module.exports) are kept.
  const keep = new Array<boolean>(units.length).fill(false);
  const texts = units.map((u) => text.slice(u.start, u.end));
  units.forEach((_u, i) => {
    if (relevant.test(texts[i]) || /\bthis\.[\w$]+\s*=\s*new\b/.test(texts[i])) keep[i] = true;
  });
  for (let round = 0; round < 6; round++) {
    const kept = [...names];
    units.forEach((u, i) => {
      if (keep[i] && u.name) kept.push(u.name);
    });
    const unitNames = units.filter((u) => u.name).map((u) => u.name!);
    const mentioned = kept.length ? new RegExp(`(?:^|[^\\w$])(?:${kept.map(escapeRe).join('|')})(?![\\w$])`) : null;
    const outsideMentions = unitNames.length ? new RegExp(`(?:^|[^\\w$])(?:${unitNames.map(escapeRe).join('|')})(?![\\w$])`, 'g') : null;
    let changed = false;
    units.forEach((_u, i) => {
      if (!keep[i] && mentioned && mentioned.test(texts[i])) {
        keep[i] = true;
        changed = true;
      }
    });
    // A unit the kept code calls or names (a prompt builder, a helper that picks the model) is kept.
    if (outsideMentions) {
      const keptText = texts.filter((_t, i) => keep[i]).join('\n');
      const named = new Set([...keptText.matchAll(outsideMentions)].map((m) => m[0].replace(/^[^\w$]/, '')));
      units.forEach((u, i) => {
        if (!keep[i] && u.name && named.has(u.name)) {
          keep[i] = true;
          changed = true;
        }
      });
    }
    // A unit named in the code outside the units (top-level calls, export lists) is kept.
    if (round === 0 && outsideMentions) {
      const named = new Set([...outside.matchAll(outsideMentions)].map((m) => m[0].replace(/^[^\w$]/, '')));
      units.forEach((u, i) => {
        if (!keep[i] && u.name && named.has(u.name)) {
          keep[i] = true;
          changed = true;
        }
      });
    }
    if (!changed) break;
  }
  if (keep.every(Boolean)) return null;
  let out = '';
  const shifts: Pruned['shifts'] = [];
  const kept: Pruned['kept'] = [];
  let shift = 0;
  last = 0;
  units.forEach((u, i) => {
    if (keep[i]) {
      kept.push({ start: u.start - shift, end: u.end - shift, declaration: u.declaration });
      return;
    }
    out += text.slice(last, u.start);
    const lastNl = text.lastIndexOf('\n', u.end - 1);
    if (lastNl < u.start) out += ' '.repeat(u.end - u.start);
    else {
      let lines = 0;
      for (let j = text.indexOf('\n', u.start); j !== -1 && j < u.end; j = text.indexOf('\n', j + 1)) lines++;
      const column = u.end - (lastNl + 1);
      out += '\n'.repeat(lines) + ' '.repeat(column);
      shift += u.end - u.start - (lines + column);
      shifts.push({ at: out.length, shift });
    }
    last = u.end;
  });
  return { text: out + text.slice(last), shifts, kept };
}
