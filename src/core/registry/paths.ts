// Where the registry lives and how a file imports it. Pure path arithmetic on forward-slash paths.
import path from 'node:path';

export type PathResult = { ok: true; path: string } | { ok: false; message: string };

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Resolves a registry path setting to a path relative to the workspace folder.
 * Anything that escapes the folder (`../x.ts`, an absolute path elsewhere) is refused: the fix must never write outside it.
 */
export function resolveRegistryPath(setting: string, kind: 'typescript' | 'python', root?: string, settingName = kind === 'python' ? 'tierwise.pythonRegistryPath' : 'tierwise.registryPath'): PathResult {
  const raw = setting.trim().replace(/\\/g, '/');
  if (!raw) return { ok: false, message: `${settingName} is empty: set it to a path inside the workspace folder.` };
  let rel = raw;
  const isAbsolute = raw.startsWith('/') || /^[A-Za-z]:\//.test(raw);
  if (isAbsolute) {
    const base = root?.replace(/\\/g, '/').replace(/\/+$/, '');
    const caseFold = /^[A-Za-z]:\//.test(raw);
    const inside = base !== undefined && (caseFold ? raw.toLowerCase().startsWith(`${base.toLowerCase()}/`) : raw.startsWith(`${base}/`));
    if (!inside) return { ok: false, message: `${settingName} "${setting}" is outside the workspace folder; the registry must live inside it.` };
    rel = raw.slice(base.length + 1);
  }
  rel = path.posix.normalize(rel);
  if (rel === '.' || rel === '..' || rel.startsWith('../') || rel.startsWith('/') || rel.endsWith('/')) {
    return { ok: false, message: `${settingName} "${setting}" resolves outside the workspace folder; the registry must live inside it.` };
  }
  if (rel.startsWith('./')) rel = rel.slice(2);
  const ext = path.posix.extname(rel);
  if (kind === 'python' ? ext !== '.py' : !TS_EXTENSIONS.includes(ext)) {
    const want = kind === 'python' ? 'a .py file' : 'a .ts or .js file';
    return { ok: false, message: `${settingName} "${setting}" must name ${want}.` };
  }
  return { ok: true, path: rel };
}

/** The module specifier with which `fromFile` imports `toFile` (both relative to the root). */
export function importSpecifier(fromFile: string, toFile: string, withJsExtension: boolean): string {
  let rel = path.posix.relative(path.posix.dirname(fromFile), toFile);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = path.posix.extname(rel);
  const stem = rel.slice(0, rel.length - ext.length);
  if (!withJsExtension) {
    // An extensionless specifier only resolves for these; keep .mjs/.cjs as written.
    return ['.ts', '.tsx', '.js', '.jsx'].includes(ext) ? stem : rel;
  }
  const js: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs' };
  return stem + (js[ext] ?? ext);
}

/** True when `specifier`, written in `fromFile`, names `targetFile` (extension written as .js/.ts or left out). */
export function specifierTargets(fromFile: string, specifier: string, targetFile: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const strip = (p: string) => p.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');
  return strip(resolved) === strip(targetFile) || strip(resolved) === strip(targetFile).replace(/\/index$/, '');
}

/**
 * The dotted module name with which Python code in `callFile` imports `registryFile`.
 * The import root is the workspace folder, or the source root the call file's own absolute imports reveal
 * (`src/app/x.py` importing `app.y` puts the root at `src/`).
 */
export function pythonModuleName(registryFile: string, callFile: string, callImports: readonly string[]): string {
  const regParts = registryFile.replace(/\.py$/, '').split('/');
  if (regParts[regParts.length - 1] === '__init__') regParts.pop();
  const callDirs = callFile.split('/').slice(0, -1);
  for (const imported of callImports) {
    const first = imported.split('.')[0];
    const at = callDirs.indexOf(first);
    if (at > 0) {
      const rootParts = callDirs.slice(0, at);
      if (rootParts.every((p, i) => regParts[i] === p)) return regParts.slice(at).join('.');
    }
  }
  if (regParts.length > 1 && regParts[0] === 'src' && callDirs[0] === 'src') return regParts.slice(1).join('.');
  return regParts.join('.');
}

/**
 * The TypeScript registry path names a `.ts` file by default; a JavaScript project (no tsconfig) cannot import one,
 * so there the registry is created as the same path in JavaScript (`.ts` → `.js`). An existing file always wins.
 */
export function registryFileFor(resolved: string, typescriptProject: boolean, exists: (file: string) => boolean): string {
  if (resolved.endsWith('.py') || typescriptProject || exists(resolved)) return resolved;
  const js: Record<string, string> = { '.ts': '.js', '.tsx': '.jsx', '.mts': '.mjs', '.cts': '.cjs' };
  const ext = path.posix.extname(resolved);
  return js[ext] ? resolved.slice(0, -ext.length) + js[ext] : resolved;
}
