// Single-file components (Vue `.vue`, Svelte `.svelte`, Astro `.astro`): their code sits in `<script>` blocks (and, in
// Astro, the `---` fenced frontmatter) between markup. The scanner reads that code as a TS/JS module whose text is the
// file's with everything else blanked, keeping line breaks, so every line and column it reports is the file's own.
import { blankKeepingLines } from './parse';

export const COMPONENT_EXTENSIONS = ['.vue', '.svelte', '.astro'] as const;

export function isComponentFile(file: string): boolean {
  return COMPONENT_EXTENSIONS.some((e) => file.endsWith(e));
}

/** The text a TS/JS parser reads for a file: a component's scripts in place (see `componentScript`), else the text. */
export function scriptText(file: string, text: string): string {
  return isComponentFile(file) ? componentScript(file, text).text : text;
}

export interface ComponentScript {
  /** The file's text with everything outside its scripts blanked (same length, same line breaks). */
  text: string;
  /** TypeScript when any script says so (`lang="ts"`); Astro's frontmatter is TypeScript. */
  lang: 'typescript' | 'javascript';
}

// A script's opening tag, its code and its closing tag. Markup cannot hold `</script>` inside a script, so the first
// closing tag ends it (as in the browser's own parser).
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const TS_LANG = /\blang\s*=\s*["']?(?:ts|tsx|typescript)\b/i;
// Scripts that are not code run here: `src=` loads another file (scanned on its own); JSON, templates, and so on.
const NOT_CODE = /\bsrc\s*=|\btype\s*=\s*["']?(?!module\b|text\/javascript\b|application\/javascript\b|text\/typescript\b)[\w/+.-]/i;
const ASTRO_FRONTMATTER = /^(\s*---[^\n]*\n)([\s\S]*?)\n---/;

export function componentScript(file: string, text: string): ComponentScript {
  const keep: [number, number][] = [];
  let ts = false;
  if (file.endsWith('.astro')) {
    const m = ASTRO_FRONTMATTER.exec(text);
    if (m) {
      keep.push([m[1].length, m[1].length + m[2].length]);
      ts = true;
    }
  }
  for (const m of text.matchAll(SCRIPT)) {
    const attrs = m[1];
    if (NOT_CODE.test(attrs)) continue;
    if (TS_LANG.test(attrs)) ts = true;
    const start = (m.index ?? 0) + m[0].indexOf('>') + 1;
    keep.push([start, start + m[2].length]);
  }
  keep.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [from, to] of keep) {
    if (from < at) continue;
    out += blankKeepingLines(text.slice(at, from)) + text.slice(from, to);
    at = to;
  }
  out += blankKeepingLines(text.slice(at));
  return { text: out, lang: ts || file.endsWith('.astro') ? 'typescript' : 'javascript' };
}
