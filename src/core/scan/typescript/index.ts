import type { FollowUp, LanguageScanner } from '../language';
import type { ScannedCall, SkippedFile } from '../../types';
import { analyzeTs, type TsAnalysis } from './analyze';
import { linkTs, moduleCandidates } from './link';

export type { TsAnalysis } from './analyze';

/**
 * Could this file make an LLM call, define a wrapper or client, or hold a registry / model id?
 * A plain substring test over the whole text: this runs on every file of the workspace.
 */
const MAY_MATTER = /anthropic|Anthropic|openai|OpenAI|@ai-sdk|langchain|MODEL_REGISTRY|modelFor|model_for|claude-|gpt-[345o]|from\s*["']ai["']|require\(\s*["']ai["']\)/;

export class TypeScriptScanner implements LanguageScanner<TsAnalysis> {
  readonly language = 'typescript' as const;
  readonly extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

  mayMatter(text: string): boolean {
    return MAY_MATTER.test(text);
  }

  analyze(file: string, text: string): TsAnalysis {
    return analyzeTs(file, text);
  }

  followUp(analyses: ReadonlyMap<string, TsAnalysis>): FollowUp {
    const names = linkTs(analyses).wrapperNames;
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
    return { names, files: [...files] };
  }

  link(analyses: ReadonlyMap<string, TsAnalysis>): { calls: ScannedCall[]; skipped: SkippedFile[] } {
    const { calls, skipped } = linkTs(analyses);
    return { calls, skipped };
  }
}

function isWorkspaceModule(spec: string): boolean {
  return /^(\.|\/|@\/|~\/|~~\/|#|src\/|\$lib\/)/.test(spec);
}
