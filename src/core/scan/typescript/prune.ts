// Parsing is most of the cost of a scan. A file that may matter usually has one or two functions that
// touch an LLM and many that do not; those are blanked (spaces, newlines kept, so every offset and line
// stays the same) before the parse. A top-level function or class is blanked only when its text names
// nothing the rest could need: no SDK word, no imported or top-level name, no name of a unit kept.
// By construction a blanked region never holds a call site. If blanking ever breaks the syntax, the
// caller parses the full text instead.

interface Unit {
  start: number;
  end: number; // exclusive
  name: string | null;
}

const UNIT_START =
  /(?:export\s+(?:default\s+)?)?(?:declare\s+)?(?:(?:async\s+)?function\s*\*?\s*([\w$]*)|(?:abstract\s+)?class\s+([\w$]+)|(?:const|let|var)\s+([\w$]+)\s*(?::[^=;\n]+)?=\s*(?:async\s+)?(?:function\b|\([^;]*?\)\s*(?::[^=;{]+)?=>|[\w$]+\s*=>))/y;
const TOP_NAME = /^[ \t]*(?:export\s+)?(?:declare\s+)?(?:const|let|var)\s+(?:([\w$]+)|\{([^}]*)\}|\[([^\]]*)\])/gm;
const IMPORT_NAMES = /\bimport\s+(?:type\s+)?([\s\S]*?)\s+from\s*['"]|\b(?:const|let|var)\s+([\s\S]{1,200}?)=\s*(?:await\s+)?(?:require|import)\s*\(/g;

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
  let lastSig = ''; // last significant characters (for regex-vs-division)
  let open: { unit: Unit; depth: number; bodyStarted: boolean; needArrowBody: boolean } | null = null;
  let i = 0;
  const setSig = (s: string) => {
    lastSig = (lastSig + s).slice(-12);
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
      if (regexAllowedAfter(lastSig.trimEnd())) {
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
        while (i < n && /[a-z]/i.test(text[i])) i++;
        setSig('r');
        lineStart = false;
        continue;
      }
      i++;
      setSig('/');
      lineStart = false;
      continue;
    }
    if (lineStart && depth === 0 && !open) {
      UNIT_START.lastIndex = i;
      const m = UNIT_START.exec(text);
      if (m) {
        const isArrowOrFnConst = m[3] !== undefined;
        open = { unit: { start: i, end: -1, name: m[1] || m[2] || m[3] || null }, depth: 0, bodyStarted: false, needArrowBody: isArrowOrFnConst };
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
      setSig(text[i - 1]);
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
      setSig(text[i - 1]);
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
    if (/[\w$]/.test(text[i])) while (j < n && /[\w$]/.test(text[j])) j++;
    setSig(text.slice(i, j));
    i = j;
  }
  if (depth !== 0 || templateDepths.length) return null;
  return units;
}

/** Spaces in place of text, newlines kept: same offsets, same line numbers. */
function blankKeepingLines(text: string, start: number, end: number): string {
  let out = '';
  let i = start;
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl < 0 || nl >= end) return out + ' '.repeat(end - i);
    out += `${' '.repeat(nl - i)}\n`;
    i = nl + 1;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The text with irrelevant top-level units blanked, or null when nothing can be blanked.
 * `relevant` is the scanner's pre-filter (SDK words).
 */
export function pruneForScan(text: string, relevant: RegExp): string | null {
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
  last = 0;
  units.forEach((u, i) => {
    if (keep[i]) return;
    out += text.slice(last, u.start) + blankKeepingLines(text, u.start, u.end);
    last = u.end;
  });
  return out + text.slice(last);
}
