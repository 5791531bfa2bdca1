import * as vscode from 'vscode';
import type { PriceOverride } from '../core/cost/prices';
import type { TierLine } from '../core/present/hover';
import { USAGE_FILE as USAGE_FILE_NAME } from './index/exclude';
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
    const usageText = folder ? await readUsage(vscode.Uri.joinPath(folder.uri, USAGE_FILE_NAME)) : null;
    // Its own bundle, loaded on the first hover (esbuild.mjs): the usage file's validator is large. Node gives a
    // CommonJS bundle's exports as named exports, or only as the default one.
    const mod = (await import('./tierDetail.js')) as typeof import('./tierDetail.js') & { default?: typeof import('./tierDetail.js') };
    const tierDetail = mod.tierDetail ?? mod.default?.tierDetail;
    const detail = tierDetail(
      a.site,
      a.call,
      a.inference,
      usageText,
      { tiers: cfg.tiers, callsPerDay: cfg.defaultCallsPerDay, dynamicInputTokens: cfg.dynamicInputTokens, prices: cfg.prices as Record<string, PriceOverride> },
      folder?.uri.fsPath ?? '',
    );
    if (!detail) return null;
    if (JSON.stringify(detail.monthlyCost) !== JSON.stringify(a.site.monthlyCost) || detail.callsPerDay !== a.site.callsPerDay) {
      log?.trace(`hover: the cost table of ${a.site.id} is left out: ${JSON.stringify(detail.monthlyCost)} ≠ ${JSON.stringify(a.site.monthlyCost)} (inputs changed since the index ran)`);
      return null;
    }
    return detail.lines;
  } catch (e) {
    log?.warn(`hover: cost table of ${a.site.id}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

async function readUsage(uri: vscode.Uri): Promise<string | null> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}
