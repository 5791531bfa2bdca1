import * as vscode from 'vscode';
import { analyzeCallsDetailed } from '../core/analyze';
import type { PriceOverride } from '../core/cost/prices';
import { tierLinesOf, type TierLine } from '../core/present/hover';
import { EMPTY_USAGE, parseUsageFile, USAGE_FILE_NAME, type LoadedUsage } from '../core/usage/usageFile';
import type { TierwiseConfig } from './config';
import type { AnalyzedCallSite } from './services';

/**
 * Each model's tokens and prices for one call site, for the hover's cost table ("tokens × price × volume = the
 * figure"). The index keeps the contract record and the current model's tokens only; the per-model detail is asked of
 * the same core function the index and the CLI use, on the same inputs (the call as scanned, its inference, the
 * folder's usage file as the index reads it: the open buffer, else the file on disk, and the same settings).
 * The figures it gives must equal the site's: if they do not (the usage file changed in between), the hover
 * shows no arithmetic rather than arithmetic that does not add up.
 */
export async function tierBreakdown(a: AnalyzedCallSite, documentUri: vscode.Uri, cfg: TierwiseConfig, log?: vscode.LogOutputChannel): Promise<TierLine[] | null> {
  try {
    const folder = vscode.workspace.getWorkspaceFolder(documentUri);
    const usage = folder ? await readUsage(vscode.Uri.joinPath(folder.uri, USAGE_FILE_NAME)) : EMPTY_USAGE;
    const analysis = analyzeCallsDetailed([a.call], [a.site.id], {
      root: folder?.uri.fsPath ?? '',
      usage,
      settings: {
        tiers: cfg.tiers,
        callsPerDay: cfg.defaultCallsPerDay,
        dynamicInputTokens: cfg.dynamicInputTokens,
        prices: cfg.prices as Record<string, PriceOverride>,
      },
      // The inference is the index's answer for this call (already corrected for a named task type).
      infer: () => a.inference,
    });
    const s = analysis.sites[0];
    if (!s) return null;
    const same = JSON.stringify(s.site.monthlyCost) === JSON.stringify(a.site.monthlyCost) && s.site.callsPerDay === a.site.callsPerDay;
    if (!same) {
      log?.trace(`hover: the cost table of ${a.site.id} is left out: ${JSON.stringify(s.site.monthlyCost)} ≠ ${JSON.stringify(a.site.monthlyCost)} (inputs changed since the index ran)`);
      return null;
    }
    return tierLinesOf({ site: a.site, haiku: s.haiku, sonnet: s.sonnet, current: s.current, call: a.call });
  } catch (e) {
    log?.warn(`hover: cost table of ${a.site.id}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

async function readUsage(uri: vscode.Uri): Promise<LoadedUsage> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let text: string | null = null;
  if (open) text = open.getText();
  else {
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      text = null;
    }
  }
  return text === null ? EMPTY_USAGE : parseUsageFile(text);
}
