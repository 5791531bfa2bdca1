// The only file of the index that knows the core's entry points: scan (incremental, per file) → link →
// infer → usage → cost. No vscode import; runs inside the worker (and in the benchmarks).
import { analyzeCallsDetailed, createSiteMemo, type AnalyzedSite, type InferFn } from '../../core/analyze';
import type { PriceOverride } from '../../core/cost/prices';
import { ScanProject } from '../../core/scan/project';
import { defaultScanners } from '../../core/scan/scanners';
import { EMPTY_USAGE, parseUsageFile, type LoadedUsage } from '../../core/usage/usageFile';
import { inferTaskType } from '../../core/infer/index';
import type { AnalyzedCallSite } from '../services';
import type { AnalysisSettings, UsageProblemData } from './protocol';

export interface PipelineResult {
  sites: AnalyzedCallSite[];
  /** Files that did not parse (fully or partly), with the scanner's message. */
  fileErrors: Map<string, string>;
  skipped: Array<{ file: string; reason: string }>;
  usageProblems: UsageProblemData[];
  pricing: { asOf: string; tiers: { haiku: string; sonnet: string } };
  timings: { analyzeMs: number; linkMs: number; costMs: number };
}

export interface Pipeline {
  setSettings(settings: AnalysisSettings): void;
  setUsage(text: string | null): void;
  setFile(file: string, text: string, refeed?: boolean): void;
  deleteFile(file: string): void;
  /** Files seen but not analysed that the current follow-up (wrapper names, imported modules) may now need; null when nothing changed. */
  followUpCandidates(): string[] | null;
  run(): PipelineResult;
}

const infer: InferFn = (call, override) => inferTaskType(call, override ?? undefined);

export function createPipeline(root: string, initial: AnalysisSettings): Pipeline {
  // One file is re-analysed per edit: let the scanners reuse an analysis when the code that matters is unchanged.
  const project = new ScanProject(defaultScanners({ reuse: true }));
  let settings = initial;
  let usage: LoadedUsage = EMPTY_USAGE;
  let lastFollowUpKey = '';
  let analyzeMs = 0;
  // The whole folder is analysed again on every edit: unchanged call sites keep their results (and identity).
  const memo = createSiteMemo();
  const shapes = new WeakMap<AnalyzedSite, AnalyzedCallSite>();

  return {
    setSettings(s) {
      settings = s;
    },
    setUsage(text) {
      usage = text === null ? EMPTY_USAGE : parseUsageFile(text);
    },
    setFile(file, text) {
      const t = performance.now();
      project.setFile(file, text);
      analyzeMs += performance.now() - t;
    },
    deleteFile(file) {
      project.deleteFile(file);
    },
    followUpCandidates() {
      const fu = project.followUp();
      const key = JSON.stringify([fu.names, fu.files]);
      if (key === lastFollowUpKey) return null;
      lastFollowUpKey = key;
      return project.unanalysedFiles().filter((f) => fu.namesRe !== null || fu.files.includes(f));
    },
    run() {
      const t0 = performance.now();
      const { calls, skipped } = project.link();
      const t1 = performance.now();
      const analysis = analyzeCallsDetailed(calls, null, {
        root,
        usage,
        settings: {
          tiers: settings.tiers,
          callsPerDay: settings.defaultCallsPerDay,
          dynamicInputTokens: settings.dynamicInputTokens,
          prices: settings.prices as Record<string, PriceOverride>,
          priceTable: settings.priceTable ?? null,
          today: settings.today,
        },
        infer,
        skipped,
        memo,
      });
      const t2 = performance.now();
      const fileErrors = new Map<string, string>();
      for (const s of skipped) if (s.file && !s.file.startsWith('(')) fileErrors.set(s.file, s.reason);
      const sites: AnalyzedCallSite[] = analysis.sites.map((s) => {
        let shaped = shapes.get(s);
        if (!shaped) shapes.set(s, (shaped = { site: s.site, call: s.call, inference: s.inference, tokens: s.tokens }));
        return shaped;
      });
      const usageProblems: UsageProblemData[] = analysis.problems.map((p) => ({ severity: p.severity, message: p.message, line: p.line, column: p.column }));
      const timings = { analyzeMs, linkMs: t1 - t0, costMs: t2 - t1 };
      analyzeMs = 0;
      return { sites, fileErrors, skipped, usageProblems, pricing: analysis.report.pricing, timings };
    },
  };
}
