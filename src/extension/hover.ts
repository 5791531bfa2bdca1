import * as vscode from 'vscode';
import { buildPriceBook, PRICE_TABLE, type PriceOverride } from '../core/cost/prices';
import { callDetailsMarkdown, type PriceLine } from '../core/present/hover';
import { CommandId } from './commandIds';
import { SOURCE_SELECTOR } from './lens';
import { callRange, siteAt } from './positions';
import type { AnalyzedCallSite, CallSiteCommandArgs, TierwiseServices } from './services';
import { tierBreakdown } from './tierBreakdown';

/** The markdown details of a call site: the hover, and what a click on the lens shows. */
export async function detailsOf(services: TierwiseServices, a: AnalyzedCallSite, documentUri: vscode.Uri): Promise<vscode.MarkdownString> {
  const cfg = services.config(documentUri);
  const book = buildPriceBook(cfg.prices as Record<string, PriceOverride>);
  const date = new Date().toISOString().slice(0, 10);
  const prices: PriceLine[] = [];
  const add = (role: string, id: string | null): void => {
    if (!id || prices.some((p) => p.model === id)) return;
    const m = book.find(id);
    if (!m) return;
    const p = book.pricesOn(m, date);
    prices.push({ role, model: m.id, input: p.input, output: p.output, cacheRead: a.site.cacheControl ? p.cacheRead : undefined, status: m.status, checkedOn: m.checkedOn });
  };
  add('current', a.site.model.resolved);
  add('Haiku tier', cfg.tiers.haiku);
  add('Sonnet tier', cfg.tiers.sonnet);
  const md = new vscode.MarkdownString(
    callDetailsMarkdown({
      site: a.site,
      call: a.call,
      inference: a.inference,
      tokenDetail: a.tokens?.detail,
      tierLines: (await tierBreakdown(a, documentUri, cfg, services.log)) ?? undefined,
      prices,
      pricesAsOf: PRICE_TABLE.asOf,
      tiers: cfg.tiers,
    }),
  );
  md.supportHtml = false;
  md.isTrusted = false;
  return md;
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
