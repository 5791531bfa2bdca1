import type { FollowUp, LanguageScanner } from '../language';
import type { ScannedCall, SkippedFile } from '../../types';
import { analyzeTs, type TsAnalysis } from './analyze';
import { linkTs, moduleCandidates } from './link';
import { MAY_MATTER } from './sdk';

export type { TsAnalysis } from './analyze';


export class TypeScriptScanner implements LanguageScanner<TsAnalysis> {
  readonly language = 'typescript' as const;
  readonly extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

  mayMatter(text: string): boolean {
    return MAY_MATTER.test(text);
  }

  analyze(file: string, text: string): TsAnalysis {
    return analyzeTs(file, text);
  }

  importKeys(text: string): string[] {
    return importKeysOf(text);
  }

  followUp(analyses: ReadonlyMap<string, TsAnalysis>): FollowUp {
    const { wrapperNames: names, wrapperFiles } = linkTs(analyses);
    const moduleKeys = [...new Set(wrapperFiles.flatMap(moduleKeysOfFile))];
    const files = new Set<string>();
    for (const a of analyses.values()) {
      if (!a.calls.length && !a.invocations.length && !Object.keys(a.clients).length) continue;
      for (const imp of Object.values(a.imports)) {
        if (!isWorkspaceModule(imp.module)) continue;
        const candidates = moduleCandidates(a.file, imp.module);
        if (candidates.some((c) => analyses.has(c))) continue;
        for (const c of candidates) files.add(c);
      }
      for (const spec of [...Object.values(a.exports).flatMap((e) => ('module' in e ? [e.module] : [])), ...a.exportAll]) {
        if (!isWorkspaceModule(spec)) continue;
        const candidates = moduleCandidates(a.file, spec);
        if (!candidates.some((c) => analyses.has(c))) for (const c of candidates) files.add(c);
      }
    }
    return { names, files: [...files], moduleKeys };
  }

  link(analyses: ReadonlyMap<string, TsAnalysis>): { calls: ScannedCall[]; skipped: SkippedFile[] } {
    const { calls, skipped } = linkTs(analyses);
    return { calls, skipped };
  }
}

/** Keys a file is imported by: its name without extension, and its folder's name for an index file. */
export function moduleKeysOfFile(file: string): string[] {
  const parts = file.replace(/\.[cm]?[jt]sx?$/, '').split('/');
  const base = parts[parts.length - 1];
  return base === 'index' && parts.length > 1 ? [base, parts[parts.length - 2]] : [base];
}

const IMPORT_SPEC = /(?:\bfrom|\brequire\s*\(|\bimport\s*\(|^\s*import)\s*['"]([^'"\n]+)['"]/gm;
/** Imports are near the top of a file: looking at the first 16 KB keeps this cheap on every file. */
const IMPORT_HEAD = 16 * 1024;
/** Lines that can belong to the import block at the top of a module. */
const HEAD_LINE = /^\s*(?:import\b|export\b[^\n]*\bfrom\b|\/\/|\/\*|\*|['"]use |(?:const|let|var)\b[^\n]*\brequire\s*\(|\}|[\w$,\s{}]*$|type\s)/;

/** Where the import block at the top ends (imports further down are rare; require() in code is not a module link). */
function importHeadEnd(text: string): number {
  const limit = Math.min(text.length, IMPORT_HEAD);
  let pos = 0;
  while (pos < limit) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    if (!HEAD_LINE.test(text.slice(pos, nl))) return pos;
    pos = nl + 1;
  }
  return limit;
}

/** Last path segment of every workspace (non-package) module a file imports. */
export function importKeysOf(text: string): string[] {
  const end = importHeadEnd(text);
  const head = end < text.length ? text.slice(0, end) : text;
  if (head.indexOf('./') < 0 && head.indexOf('@/') < 0 && head.indexOf('~/') < 0 && head.indexOf('#') < 0 && head.indexOf('src/') < 0) return [];
  const keys: string[] = [];
  for (const m of head.matchAll(IMPORT_SPEC)) {
    const spec = m[1];
    if (!isWorkspaceModule(spec)) continue;
    const last = spec.replace(/\/+$/, '').split('/').pop()!.replace(/\.[cm]?[jt]sx?$/, '');
    if (last && last !== '.' && last !== '..' && !keys.includes(last)) keys.push(last);
    else if (last === '.' || last === '..') keys.push('index');
  }
  return keys;
}

function isWorkspaceModule(spec: string): boolean {
  return /^(\.|\/|@\/|~\/|~~\/|#|src\/|\$lib\/)/.test(spec);
}
