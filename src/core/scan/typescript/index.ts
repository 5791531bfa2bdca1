import type { FollowUp, LanguageScanner } from '../language';
import type { ScannedCall, SkippedFile } from '../../types';
import { analyzeTs, type AnalyzeTsOptions, type TsAnalysis } from './analyze';
import { linkTs, moduleCandidates } from './link';
import { MAY_MATTER } from './sdk';

export type { TsAnalysis } from './analyze';


export class TypeScriptScanner implements LanguageScanner<TsAnalysis> {
  readonly language = 'typescript' as const;
  readonly extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
  private readonly options: AnalyzeTsOptions;

  /** `reuse`: keep each file's last analysis for edits that leave its kept code unchanged. `prune: false`: parse whole files (tests). */
  constructor(options: { reuse?: boolean; prune?: boolean } = {}) {
    this.options = { prune: options.prune, reuse: options.reuse ? new Map() : undefined };
  }

  mayMatter(text: string): boolean {
    return MAY_MATTER.test(text);
  }

  analyze(file: string, text: string): TsAnalysis {
    return analyzeTs(file, text, this.options);
  }

  forget(file: string): void {
    this.options.reuse?.delete(file);
  }

  importKeys(text: string): string[] {
    return importKeysOf(text);
  }

  readerHints(): { mayMatter: RegExp; importKeysFactory: string } {
    return { mayMatter: MAY_MATTER, importKeysFactory: makeImportKeys.toString() };
  }

  followUp(analyses: ReadonlyMap<string, TsAnalysis>): FollowUp {
    const { wrapperNames, wrapperFiles } = linkTs(analyses);
    const names = [...wrapperNames];
    const definingFiles = [...wrapperFiles];
    // Exported clients and client factories (`getModelFromConfig(config)` returning a LangChain model): a file that
    // only calls `.invoke` on what they give names no SDK, and must be read too.
    for (const a of analyses.values()) {
      for (const [exported, target] of Object.entries(a.exports)) {
        if (!('local' in target) || !/^[\w$]+$/.test(exported)) continue;
        const fnKey = a.localFunctions[target.local];
        if (a.clients[target.local] || (fnKey && a.functions[fnKey]?.returnsClient)) {
          names.push(exported);
          definingFiles.push(a.file);
        }
      }
    }
    const moduleKeys = [...new Set(definingFiles.flatMap(moduleKeysOfFile))];
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
  // The folder too: callers often import a wrapper through the folder's index (`export * from './llm'`).
  return parts.length > 1 ? [base, parts[parts.length - 2]] : [base];
}

/**
 * Builds the import-key function. Self-contained on purpose (no outer references): the walker's worker
 * threads evaluate its source text.
 */
export function makeImportKeys(): (text: string) => string[] {
  const IMPORT_SPEC = /(?:\bfrom|\brequire\s*\(|\bimport\s*\(|^\s*import)\s*['"]([^'"\n]+)['"]/gm;
  // Imports are near the top of a file: looking at the import block only keeps this cheap on every file.
  const IMPORT_HEAD = 16 * 1024;
  const HEAD_LINE = /^\s*(?:import\b|export\b[^\n]*\bfrom\b|\/\/|\/\*|\*|['"]use |(?:const|let|var)\b[^\n]*\brequire\s*\(|\}|[\w$,\s{}]*$|type\s)/;
  const WORKSPACE = /^(\.|\/|@\/|~\/|~~\/|#|src\/|\$lib\/)/;
  return (text: string): string[] => {
    const limit = Math.min(text.length, IMPORT_HEAD);
    let end = limit;
    for (let pos = 0; pos < limit; ) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      if (!HEAD_LINE.test(text.slice(pos, nl))) {
        end = pos;
        break;
      }
      pos = nl + 1;
    }
    const head = end < text.length ? text.slice(0, end) : text;
    if (head.indexOf('./') < 0 && head.indexOf('@/') < 0 && head.indexOf('~/') < 0 && head.indexOf('#') < 0 && head.indexOf('src/') < 0) return [];
    const keys: string[] = [];
    for (const m of head.matchAll(IMPORT_SPEC)) {
      const spec = m[1];
      if (!WORKSPACE.test(spec)) continue;
      const last = spec.replace(/\/+$/, '').split('/').pop()!.replace(/\.[cm]?[jt]sx?$/, '');
      if (last === '.' || last === '..') keys.push('index');
      else if (last && !keys.includes(last)) keys.push(last);
    }
    return keys;
  };
}

/** Last path segment of every workspace (non-package) module a file imports (from the import block at the top). */
export const importKeysOf = makeImportKeys();

function isWorkspaceModule(spec: string): boolean {
  return /^(\.|\/|@\/|~\/|~~\/|#|src\/|\$lib\/)/.test(spec);
}
