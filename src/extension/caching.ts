import * as vscode from 'vscode';
import { planCacheBreakpoint } from '../core/cost/breakpoint';
import { formatMoney } from '../core/present/format';
import { providerOf } from '../core/scan/provider';
import type { CachingOpportunity } from '../core/types';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { SOURCE_SELECTOR } from './lens';
import type { AnalyzedCallSite } from './services';

// Prompt caching found where it is missing (issue #15): an Information diagnostic on an Anthropic call whose stable
// prefix (tools + system prompt) reaches the model's minimum cacheable length at a volume where a cache_control
// breakpoint saves money, and a quick fix that adds the breakpoint as one undoable edit. The opportunity itself is
// computed by the core (src/core/analyze.ts), so the CLI's JSON, the lens, the hover and this diagnostic agree.

export const CACHING_DIAGNOSTIC = 'tierwise.cachingOpportunity';

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

export function cachingMessage(o: CachingOpportunity): string {
  const what = o.breakpoint === 'system' ? 'tools and system prompt' : 'tools';
  return (
    `Prompt caching would save ${formatMoney(o.savingPerMonth)}/mo here (${formatMoney(o.monthlyWithout)} → ${formatMoney(o.monthlyWith)} on ${o.model}): ` +
    `the ${whole(o.prefixTokens)}-token prefix (${what}) is sent unchanged on every call, above the model's minimum of ${whole(o.minCacheableTokens)} tokens. ` +
    `A cache_control breakpoint on the last ${o.breakpoint === 'system' ? 'system block' : 'tool'} writes it about once per 5 minutes (${whole(o.writesPerDay)} times a day) and every other call reads it at the cache-read price.`
  );
}

/** Where the quick fix may go: the Anthropic SDK's own call (the field is Anthropic's; never another provider's call). */
export function fixableCall(a: AnalyzedCallSite): boolean {
  return !!a.site.cachingOpportunity && providerOf(a.call) === 'anthropic' && a.call.sdk === 'anthropic' && (a.call.language === 'python' || a.call.language === 'typescript' || a.call.language === 'javascript');
}

export function registerCaching(context: vscode.ExtensionContext, index: WorkspaceIndex): void {
  const collection = vscode.languages.createDiagnosticCollection('tierwise-caching');
  const siteOf = new WeakMap<vscode.Diagnostic, string>();
  /** What each document shows now, to set its diagnostics only when they change. */
  const shown = new Map<string, string>();

  const check = (document: vscode.TextDocument): void => {
    try {
      if (!vscode.languages.match(SOURCE_SELECTOR, document)) return;
      if (!index.config(document.uri).cachingSuggestions) {
        if (shown.get(document.uri.toString())) collection.delete(document.uri);
        shown.set(document.uri.toString(), '');
        return;
      }
      // What the index already has (no request to the worker: this runs on every change of any call site); the quick
      // fix asks for the document's current version itself.
      const uri = document.uri.toString();
      const sites = index.allCallSites().filter((a) => a.site.cachingOpportunity && index.uriOf(a)?.toString() === uri);
      const out: vscode.Diagnostic[] = [];
      for (const a of sites) {
        const o = a.site.cachingOpportunity;
        if (!o || providerOf(a.call) !== 'anthropic' || a.call.callee.offset > document.getText().length) continue;
        const start = document.positionAt(a.call.callee.offset);
        const range = new vscode.Range(start, document.lineAt(start.line).range.end);
        const d = new vscode.Diagnostic(range, cachingMessage(o), vscode.DiagnosticSeverity.Information);
        d.source = 'Tierwise';
        d.code = CACHING_DIAGNOSTIC;
        siteOf.set(d, a.site.id);
        out.push(d);
      }
      // Set only what changed: setting a document's diagnostics, even to the same list, redraws its markers and closes
      // an open hover (this runs on every change of any call site).
      const key = out.map((d) => `${d.range.start.line}:${d.range.start.character}:${d.message}`).join('\n');
      if (document.isClosed || shown.get(uri) === key) return;
      shown.set(uri, key);
      if (out.length) collection.set(document.uri, out);
      else collection.delete(document.uri);
    } catch (e) {
      index.log.error(`caching diagnostics: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const refreshOpen = (): void => {
    for (const d of vscode.workspace.textDocuments) check(d);
  };

  context.subscriptions.push(
    collection,
    index.onDidChangeCallSites(refreshOpen),
    vscode.workspace.onDidCloseTextDocument((d) => {
      collection.delete(d.uri);
      shown.delete(d.uri.toString());
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tierwise.caching.suggest')) refreshOpen();
    }),
    vscode.languages.registerCodeActionsProvider(
      SOURCE_SELECTOR,
      {
        async provideCodeActions(document, _range, ctx, token) {
          const actions: vscode.CodeAction[] = [];
          try {
            const ours = ctx.diagnostics.filter((d) => d.code === CACHING_DIAGNOSTIC && siteOf.has(d));
            if (!ours.length) return actions;
            // The call as it is in this version of the document (the diagnostic may be older than the last edit).
            const sites = await index.callSitesIn(document, token);
            for (const d of ours) {
              const a = sites.find((s) => s.site.id === siteOf.get(d));
              if (!a || !fixableCall(a)) continue;
              const o = a.site.cachingOpportunity!;
              const plan = planCacheBreakpoint(document.getText(), a.call.file, a.call.language, a.call.span, o.breakpoint);
              if ('reason' in plan) {
                index.log.info(`caching fix for ${a.site.id}: none (${plan.reason})`);
                continue;
              }
              const action = new vscode.CodeAction(`${plan.title}: saves ~${formatMoney(o.savingPerMonth)}/mo`, vscode.CodeActionKind.QuickFix);
              action.diagnostics = [d];
              action.isPreferred = true;
              action.edit = new vscode.WorkspaceEdit();
              for (const e of plan.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
              actions.push(action);
            }
          } catch (e) {
            index.log.error(`caching quick fix: ${e instanceof Error ? e.message : String(e)}`);
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
  const first = setTimeout(refreshOpen, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
}
