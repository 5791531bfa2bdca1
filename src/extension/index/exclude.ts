// Which workspace files the index reads. No vscode import: unit-tested in plain Node.
import picomatch from 'picomatch';
import ignore from 'ignore';
import { PROMPT_EXTENSIONS, isPromptAsset } from '../../core/scan/promptFiles';

/** File name endings any scanner reads. Declarations are never call sites. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte', '.astro', '.py'] as const;
export const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte,astro,py}';
export const USAGE_FILE = '.tierwise.json';

export function isSourceFile(relPath: string): boolean {
  if (/\.d\.[mc]?ts$/.test(relPath)) return false;
  return SOURCE_EXTENSIONS.some((e) => relPath.endsWith(e));
}

/**
 * Prompt-like files (`prompts/x.md`, `templates/x.j2` …) that prompts read at run time: the walkers list them, and the
 * watcher follows them so that an edited prompt file re-prices its calls as the CLI would. Globs are case-sensitive
 * on most file systems, the extension test is not: both cases.
 */
export const PROMPT_ASSET_GLOB = `**/*.{${PROMPT_EXTENSIONS.flatMap((e) => [e, e.toUpperCase()]).join(',')}}`;

/** What the index does with a file of a workspace folder: analyse it, read it when a prompt names it, or nothing. */
export function indexedKind(relPath: string): 'source' | 'asset' | null {
  if (isSourceFile(relPath)) return 'source';
  return isPromptAsset(relPath) ? 'asset' : null;
}

export interface ExcludeRules {
  /** files.exclude / search.exclude style objects: glob → true | false | { when } (only `true` excludes). */
  globMaps: Array<Record<string, unknown> | undefined>;
  /** tierwise.exclude. */
  globs: readonly string[];
  /** Contents of .gitignore files, with the folder (relative, "" for the root) they sit in. */
  gitignores: ReadonlyArray<{ dir: string; text: string }>;
}

/**
 * Returns a test that is true for excluded paths (relative to the workspace folder, forward slashes).
 * VS Code's globs exclude a folder's whole content when they match the folder, so every parent is tested too.
 */
export function makeExcludeTest(rules: ExcludeRules): (relPath: string) => boolean {
  const t = new ExcludeTest(rules);
  return (relPath) => t.excludes(relPath);
}

/** The same test, with .gitignore files added as a directory walk finds them. */
export class ExcludeTest {
  private readonly globTests: Array<(p: string) => boolean>;
  private readonly ignores: Array<{ dir: string; ig: ReturnType<typeof ignore> }> = [];
  readonly gitignores: Array<{ dir: string; text: string }> = [];

  constructor(rules: ExcludeRules) {
    const patterns = new Set<string>();
    for (const map of rules.globMaps) {
      if (!map) continue;
      for (const [glob, on] of Object.entries(map)) if (on === true) patterns.add(glob);
    }
    for (const g of rules.globs) if (typeof g === 'string' && g.trim()) patterns.add(g.trim());
    this.globTests = [...patterns].map((p) => picomatch(p.replace(/^\.\//, ''), { dot: true }));
    for (const g of rules.gitignores) this.addGitignore(g.dir, g.text);
  }

  addGitignore(dir: string, text: string): void {
    this.gitignores.push({ dir, text });
    this.ignores.push({ dir: dir ? `${dir.replace(/\/$/, '')}/` : '', ig: ignore().add(text) });
  }

  /** `isDir`: the path is a folder (gitignore rules ending in "/" only match folders). */
  excludes(relPath: string, isDir = false): boolean {
    const path = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
    for (let p = path; p; p = parentOf(p)) {
      for (const t of this.globTests) if (t(p)) return true;
    }
    for (const { dir, ig } of this.ignores) {
      if (dir && !path.startsWith(dir)) continue;
      const inner = path.slice(dir.length);
      if (!inner) continue;
      try {
        if (ig.ignores(isDir ? `${inner}/` : inner)) return true;
      } catch {
        // `ignore` throws on paths it considers invalid (absolute, ../); those are not ours to skip.
      }
    }
    return false;
  }
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}
