import * as vscode from 'vscode';
import { statusOn, type ModelPrice } from '../core/cost/prices';
import { currentPriceOf } from '../core/cost/providerPrices';
import { providerOf } from '../core/scan/provider';
import { cachingVerdict } from '../core/cost/caching';
import { callDetailsMarkdown, type PriceLine } from '../core/present/hover';
import { stalenessNotice } from '../core/present/priceTable';
import { priceBookFor } from './priceSources';
import { CommandId } from './commandIds';
import { SOURCE_SELECTOR } from './lens';
import { callRange, siteAt } from './positions';
import type { AnalyzedCallSite, CallSiteCommandArgs, TierwiseServices } from './services';
import { tierBreakdown } from './tierBreakdown';
import { buildCard } from '../core/infer/card';
import { judgeProblemFor } from './judge/register';

/** The markdown details of a call site: the hover, and what a click on the lens shows. */
export async function detailsOf(services: TierwiseServices, a: AnalyzedCallSite, documentUri: vscode.Uri): Promise<vscode.MarkdownString> {
  const cfg = services.config(documentUri);
  const book = priceBookFor(cfg);
  const date = new Date().toISOString().slice(0, 10);
  const tiers = tiersOf(services, documentUri) ?? cfg.tiers;
  const prices: PriceLine[] = [];
  const line = (role: string, m: ModelPrice): void => {
    if (prices.some((p) => p.model === m.id)) return;
    const p = book.pricesOn(m, date);
    prices.push({ role, model: m.id, input: p.input, output: p.output, cacheRead: a.site.cacheControl ? p.cacheRead : undefined, status: statusOn(m, date), checkedOn: m.checkedOn });
  };
  const add = (role: string, id: string | null): void => {
    const m = id ? book.find(id) : null;
    if (m) line(role, m);
  };
  // The current model as the analysis priced it: our table, the price database (other providers), or a local model.
  const current = currentPriceOf(a.site.model.resolved, providerOf(a.call), book, date).model;
  if (current) line('current', current);
  add('Haiku tier', tiers.haiku);
  add('Sonnet tier', tiers.sonnet);
  // The tokens shown are the current model's (else the recommended tier's): judge caching on that model.
  const shownModel = current ?? book.find(a.site.recommendedTier === 'haiku' ? tiers.haiku : tiers.sonnet);
  const caching =
    a.site.cacheControl && shownModel && a.tokens?.detail
      ? cachingVerdict(
          shownModel,
          book,
          date,
          {
            input: a.site.tokens.input,
            output: a.site.tokens.output,
            cachedPrefix: a.tokens.detail.cachedPrefix,
            cacheTtl: a.call.cacheTtl,
            batch: a.call.batch,
            // A loop reads its prefix on every turn after the first: judge caching per task, as it was priced.
            ...(a.site.loop?.pricedPer === 'task' ? { turns: a.site.loop.turnsPerTask, growthPerTurn: a.site.loop.addedTokensPerTurn } : {}),
          },
          a.site.callsPerDay,
        )
      : null;
  const md = new vscode.MarkdownString(
    callDetailsMarkdown({
      site: a.site,
      call: a.call,
      inference: a.inference,
      tokenDetail: a.tokens?.detail,
      tierLines: (await tierBreakdown(a, documentUri, cfg, services.log)) ?? undefined,
      prices,
      pricesAsOf: book.table.asOf,
      staleNotice: stalenessNotice(book.table.asOf, date),
      tiers,
      caching,
      card: buildCard(a.call),
      judge: { problem: judgeProblemFor(documentUri, a.site.id) ?? null, links: judgeLinks(a, documentUri) },
    }),
  );
  md.supportHtml = false;
  // Links may run only Tierwise's own judge commands (with this call site as their argument); all text is escaped.
  md.isTrusted = { enabledCommands: [CommandId.classifyWithClaude, CommandId.setTaskType, CommandId.acceptClassifications] };
  return md;
}

function judgeLinks(a: AnalyzedCallSite, uri: vscode.Uri): { classify: string; setTaskType: string; accept: string } {
  const args = encodeURIComponent(JSON.stringify([{ uri: uri.toString(), callSiteId: a.site.id }]));
  return {
    classify: `command:${CommandId.classifyWithClaude}?${args}`,
    setTaskType: `command:${CommandId.setTaskType}?${args}`,
    accept: `command:${CommandId.acceptClassifications}?${args}`,
  };
}

/** The folder's tier pair as the analysis used it (the usage file's `tiers` win over the settings), when the index knows it. */
function tiersOf(services: TierwiseServices, scope?: vscode.ConfigurationScope): { haiku: string; sonnet: string } | undefined {
  const states = (services as Partial<{ folderStates(): ReadonlyArray<{ folder: vscode.WorkspaceFolder; pricing: { tiers: { haiku: string; sonnet: string } } | null }> }>).folderStates?.();
  const uri = scope instanceof vscode.Uri ? scope : undefined;
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  return states?.find((f) => folder && f.folder.uri.toString() === folder.uri.toString())?.pricing?.tiers;
}

class CostHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: TierwiseServices) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      const sites = await this.services.callSitesIn(document, token);
      const a = siteAt(document, sites, position);
      if (!a) return undefined;
      // Only on the first line of the call (where the lens is), so the hover does not cover the prompt being edited.
      const range = callRange(document, a);
      if (position.line !== document.positionAt(a.call.callee.offset).line && position.line !== range.start.line) return undefined;
      return new vscode.Hover(await detailsOf(this.services, a, document.uri), range);
    } catch (e) {
      this.services.log.error(`hover: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }
}

export function registerHover(context: vscode.ExtensionContext, services: TierwiseServices): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(SOURCE_SELECTOR, new CostHoverProvider(services)),
    // A click on the lens: put the cursor on the call and show its hover (the details, where the code is).
    vscode.commands.registerCommand(CommandId.showCallDetails, async (args?: CallSiteCommandArgs) => {
      try {
        if (!args?.uri) return;
        const editor = await vscode.window.showTextDocument(args.uri, { preserveFocus: false });
        const sites = await services.callSitesIn(editor.document);
        const a = sites.find((s) => s.site.id === args.callSiteId);
        const at = a ? editor.document.positionAt(a.call.callee.offset) : args.range.start;
        editor.selection = new vscode.Selection(at, at);
        editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        await vscode.commands.executeCommand('editor.action.showHover');
      } catch (e) {
        services.log.error(`show details: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
}
