// Which workspace files the index reads. No vscode import: unit-tested in plain Node.
import picomatch from 'picomatch';
import ignore from 'ignore';

/** File name endings any scanner reads. Declarations are never call sites. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.py'] as const;
export const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}';
export const USAGE_FILE = '.tierwise.json';

export function isSourceFile(relPath: string): boolean {
  if (/\.d\.[mc]?ts$/.test(relPath)) return false;
  return SOURCE_EXTENSIONS.some((e) => relPath.endsWith(e));
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
  const patterns = new Set<string>();
  for (const map of rules.globMaps) {
    if (!map) continue;
    for (const [glob, on] of Object.entries(map)) if (on === true) patterns.add(glob);
  }
  for (const g of rules.globs) if (typeof g === 'string' && g.trim()) patterns.add(g.trim());
  const globTests = [...patterns].map((p) => picomatch(p.replace(/^\.\//, ''), { dot: true }));
  const ignores = rules.gitignores.map(({ dir, text }) => ({ dir: dir ? `${dir.replace(/\/$/, '')}/` : '', ig: ignore().add(text) }));

  return (relPath: string): boolean => {
    const path = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
    for (let p = path; p; p = parentOf(p)) {
      for (const t of globTests) if (t(p)) return true;
    }
    for (const { dir, ig } of ignores) {
      if (dir && !path.startsWith(dir)) continue;
      const inner = path.slice(dir.length);
      try {
        if (ig.ignores(inner)) return true;
      } catch {
        // `ignore` throws on paths it considers invalid (absolute, ../); those are not ours to skip.
      }
    }
    return false;
  };
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}
