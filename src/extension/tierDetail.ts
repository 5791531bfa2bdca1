// The per-model cost detail of one call site, for the hover's cost table: the same core function the index and
// the CLI use, on the same inputs. No vscode import: it is its own bundle (dist/tier-detail.js, see esbuild.mjs),
// loaded on the first hover, because the usage file's schema validator (ajv) would otherwise cost every start-up.
import { analyzeCallsDetailed, type AnalyzeSettings } from '../core/analyze';
import { tierLinesOf, type TierLine } from '../core/present/hover';
import { EMPTY_USAGE, parseUsageFile } from '../core/usage/usageFile';
import type { CallSite, Inference, ScannedCall } from '../core/types';

export interface TierDetail {
  lines: TierLine[];
  monthlyCost: CallSite['monthlyCost'];
  callsPerDay: number;
}

/** Analyses one call as the index did (its inference is the index's answer) and returns each model's line. */
export function tierDetail(site: CallSite, call: ScannedCall, inference: Inference, usageText: string | null, settings: AnalyzeSettings, root: string): TierDetail | null {
  const analysis = analyzeCallsDetailed([call], [site.id], {
    root,
    usage: usageText === null ? EMPTY_USAGE : parseUsageFile(usageText),
    settings,
    infer: () => inference,
  });
  const s = analysis.sites[0];
  if (!s) return null;
  return { lines: tierLinesOf({ site, haiku: s.haiku, sonnet: s.sonnet, current: s.current, call }), monthlyCost: s.site.monthlyCost, callsPerDay: s.site.callsPerDay };
}
