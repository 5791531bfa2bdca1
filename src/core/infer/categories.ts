// Finding the label set of a classification: "one of: a, b, c", a bullet list under "Categories:",
// "Answer ALLOW or BLOCK", an `enum` array in a tool schema. Counting them drives the >15 upgrade.

export interface CategoryList {
  items: string[];
  /** Offset of the list (or its lead-in) in the text, for the reason's line number. */
  index: number;
  /** The text the list was read from, for the reason's quote. */
  lead: string;
  /** A `"a" | "b"` union: one field's values, which may sit inside a larger JSON schema. */
  union?: boolean;
}

const LABEL = /^["'`]?([A-Za-z0-9][\w./ -]{0,38}?)["'`]?\.?$/;

function cleanItems(raw: string[]): string[] {
  const out: string[] = [];
  for (const r of raw) {
    const t = r.trim().replace(/^(?:and|or)\s+/i, '').replace(/\s*\([^)]*\)\s*$/, '').replace(/[:.]+$/, '');
    if (!t) continue;
    const m = LABEL.exec(t);
    if (!m) return [];
    if (m[1].split(/\s+/).length > 4) return [];
    out.push(m[1].trim());
  }
  return out;
}

// "one of: a, b, c" / "Allowed categories: a, b" / "One of: billing, technical…" — the items follow on the same line
// or the next one.
const INLINE =
  /\b(?:one of(?: the following| these)?(?: \w+)?|(?:allowed |possible |valid )?(?:categories|labels|intents|classes|options|values|choices|topics|codes)(?: are)?)\s*:[ \t]*(?:\r?\n[ \t]*)?([^\n]+)/gi;
// A lead-in line that ends with ":" and announces a list, then "- item" lines.
const BULLET_LEAD =
  /^[^\n]*\b(?:one of|categor\w*|labels?|intents?|class(?:es)?|topics?|codes?|reasons?|queues?|teams?|sections?|from this list|the following)\b[^\n]*:[ \t]*\n(?:[ \t]*\n)?((?:[ \t]*(?:[-*•]|\d+[.)])[ \t]+[^\n]+\n?){2,})/gim;
// "as positive, negative or neutral" / "Answer REFUND, ESCALATE or DENY" / "Reply Y or N" / 'Answer "yes" or "no"'.
const OR_LIST =
  /\b(?:as|answer|reply|respond|output|return|choose|pick|label|rate|one of)\b(?:\s+(?:with|either|exactly|only|it|the|this|them))*\s*:?\s+((?:["'`]?[\w-]+["'`]?,\s*)*["'`]?[\w-]+["'`]?,?\s+or\s+["'`]?[\w-]+["'`]?)/gi;
// `"urgent" | "reply" | "fyi"` (a TypeScript-style union inside a JSON instruction).
const PIPE_LIST = /(?:["'`][\w-]+["'`]\s*\|\s*)+["'`][\w-]+["'`]/g;
const ENUM = /\benum["']?\s*[:=(]\s*\[([^\]]*)\]/g;

/** Every category list in a prompt text, longest first. */
export function findCategoryLists(text: string): CategoryList[] {
  const found: CategoryList[] = [];
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m; m = INLINE.exec(text)) {
    const items = cleanItems(m[1].split(/\.(?:\s|$)/)[0].split(/,|\||;|\bor\b/));
    if (items.length >= 2) found.push({ items, index: m.index, lead: m[0] });
  }
  BULLET_LEAD.lastIndex = 0;
  for (let m = BULLET_LEAD.exec(text); m; m = BULLET_LEAD.exec(text)) {
    const lines = m[1].split('\n').map((l) => l.replace(/^[ \t]*(?:[-*•]|\d+[.)])[ \t]+/, '').replace(/\s*[:—–-]\s.*$/, ''));
    const items = cleanItems(lines.filter((l) => l.trim()));
    if (items.length >= 2) found.push({ items, index: m.index, lead: m[0] });
  }
  OR_LIST.lastIndex = 0;
  for (let m = OR_LIST.exec(text); m; m = OR_LIST.exec(text)) {
    const items = cleanItems(m[1].split(/,|\bor\b/));
    const generic = items.filter((i) => /^(a|an|the|it|this|that|not|json|text|markdown|more|less)$/i.test(i));
    if (items.length >= 2 && generic.length === 0) found.push({ items, index: m.index, lead: m[0] });
  }
  PIPE_LIST.lastIndex = 0;
  for (let m = PIPE_LIST.exec(text); m; m = PIPE_LIST.exec(text)) {
    const items = m[0].split('|').map((i) => i.trim().replace(/^["'`]|["'`]$/g, ''));
    found.push({ items, index: m.index, lead: m[0], union: true });
  }
  return found.sort((a, b) => b.items.length - a.items.length);
}

/** Enum arrays in a tool's input schema (the classification-by-tool shape). */
export function findSchemaEnums(schemaText: string): string[][] {
  const out: string[][] = [];
  ENUM.lastIndex = 0;
  for (let m = ENUM.exec(schemaText); m; m = ENUM.exec(schemaText)) {
    const items = m[1]
      .split(',')
      .map((s) => s.trim().replace(/^["'`]|["'`]$/g, ''))
      .filter(Boolean);
    if (items.length >= 2) out.push(items);
  }
  return out;
}

/**
 * Overlapping categories: labels a reader could not tell apart without judgment — one is a
 * refinement of another (`storm`, `storm_surge`), or three or more share their first word
 * (`fraud_card_present`, `fraud_card_not_present`, `fraud_account_takeover`).
 */
export function overlappingCategories(items: readonly string[]): string[] | null {
  const words = items.map((i) => i.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
  for (let a = 0; a < words.length; a++) {
    for (let b = 0; b < words.length; b++) {
      if (a === b || words[a].length === 0 || words[a].length >= words[b].length) continue;
      if (words[a].every((w) => words[b].includes(w))) return [items[a], items[b]];
    }
  }
  const byFirst = new Map<string, string[]>();
  words.forEach((w, i) => {
    if (w.length < 2) return;
    const list = byFirst.get(w[0]) ?? [];
    list.push(items[i]);
    byFirst.set(w[0], list);
  });
  for (const list of byFirst.values()) if (list.length >= 3) return list.slice(0, 3);
  return null;
}
