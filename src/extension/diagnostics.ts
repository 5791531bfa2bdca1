import * as vscode from 'vscode';
import { deprecationOf, replaceLiteral, replacementId } from '../core/present/deprecation';
import { providerOf } from '../core/scan/provider';
import { priceBookFor } from './priceSources';
import { USAGE_FILE } from './index/exclude';
import type { UsageProblemData } from './index/protocol';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { SOURCE_SELECTOR } from './lens';
import type { AnalyzedCallSite } from './services';

const CODE = 'tierwise.deprecatedModel';

interface Fixable {
  replacement: string;
  provider: string;
  /** Where the id is written: the model argument, or the constant it comes from in this file. */
  span: { start: number; end: number };
}

/**
 * Model statuses in open editors (a retired model id is an error, a deprecated one a warning with its retirement date
 * and, within 90 days, the days left), their quick fix (the current model of the same tier and provider), and the
 * usage file's problems.
 */
export function registerDiagnostics(context: vscode.ExtensionContext, index: WorkspaceIndex): void {
  const models = vscode.languages.createDiagnosticCollection('tierwise');
  const usage = vscode.languages.createDiagnosticCollection('tierwise-usage');
  const fixes = new WeakMap<vscode.Diagnostic, Fixable>();
  /**
   * What each document (and usage file) shows now. Diagnostics are set only when they change: setting a document's
   * diagnostics, even to the same list, redraws its markers and closes an open hover, and this runs on every change
   * of any call site (as in caching.ts).
   */
  const shownModels = new Map<string, string>();
  const shownUsage = new Map<string, { uri: vscode.Uri; text: string }>();
  /** The latest check of each document: an older one that ends later must not overwrite it. */
  const checks = new Map<string, number>();
  let nextCheck = 0;

  const checkDocument = async (document: vscode.TextDocument): Promise<void> => {
    try {
      if (!vscode.languages.match(SOURCE_SELECTOR, document)) return;
      const uri = document.uri.toString();
      const check = ++nextCheck;
      checks.set(uri, check);
      const sites = await index.callSitesIn(document);
      if (checks.get(uri) !== check) return;
      const cfg = index.config(document.uri);
      const book = priceBookFor(cfg);
      const tiers = effectiveTiers(index, document.uri) ?? cfg.tiers;
      const today = new Date().toISOString().slice(0, 10);
      const out: vscode.Diagnostic[] = [];
      const seen = new Set<string>();
      for (const a of sites) {
        const provider = providerOf(a.call);
        const finding = deprecationOf(a.site.model.resolved, book, { tiers, provider, today });
        if (!finding) continue;
        const span = fixSpan(document, a);
        const where = span ?? a.call.model.span ?? { start: a.call.callee.offset, end: a.call.callee.offset };
        const key = `${where.start}:${where.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const severity = finding.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
        const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(where.start), document.positionAt(where.end)), finding.message, severity);
        d.source = 'Tierwise';
        d.code = CODE;
        if (finding.replacement && span) fixes.set(d, { replacement: finding.replacement, provider, span });
        out.push(d);
      }
      if (document.isClosed) return;
      const key = JSON.stringify(out.map((d) => [rangeKey(d.range), d.severity, d.message, fixes.get(d) ?? null]));
      if (shownModels.get(uri) === key) return;
      shownModels.set(uri, key);
      if (out.length) models.set(document.uri, out);
      else models.delete(document.uri);
    } catch (e) {
      index.log.error(`diagnostics: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const refreshOpen = (): void => {
    for (const d of vscode.workspace.textDocuments) void checkDocument(d);
    // Usage file problems, per folder: set where they changed, removed where they went.
    const now = new Map<string, { uri: vscode.Uri; problems: readonly UsageProblemData[] }>();
    for (const f of index.folderStates()) {
      if (!f.usageProblems.length) continue;
      const uri = vscode.Uri.joinPath(f.folder.uri, USAGE_FILE);
      now.set(uri.toString(), { uri, problems: f.usageProblems });
    }
    for (const [key, shown] of [...shownUsage]) {
      if (now.has(key)) continue;
      shownUsage.delete(key);
      usage.delete(shown.uri);
    }
    for (const [key, { uri, problems }] of now) {
      const text = JSON.stringify(problems);
      if (shownUsage.get(key)?.text === text) continue;
      shownUsage.set(key, { uri, text });
      usage.set(
        uri,
        problems.map((p) => {
          const at = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
          const d = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
          d.source = 'Tierwise';
          return d;
        }),
      );
    }
  };

  context.subscriptions.push(
    models,
    usage,
    index.onDidChangeCallSites(refreshOpen),
    index.onDidChangeState(refreshOpen),
    vscode.workspace.onDidCloseTextDocument((d) => {
      models.delete(d.uri);
      shownModels.delete(d.uri.toString());
      checks.delete(d.uri.toString());
    }),
    vscode.languages.registerCodeActionsProvider(
      SOURCE_SELECTOR,
      {
        provideCodeActions(document, _range, ctx) {
          const actions: vscode.CodeAction[] = [];
          for (const d of ctx.diagnostics) {
            const fix = d.code === CODE ? fixes.get(d) : undefined;
            if (!fix) continue;
            const range = new vscode.Range(document.positionAt(fix.span.start), document.positionAt(fix.span.end));
            const written = document.getText(range).trim().slice(1, -1);
            const text = replaceLiteral(document.getText(range), replacementId(written, fix.replacement));
            if (!text) continue;
            const action = new vscode.CodeAction(`Use ${fix.replacement} (current ${fix.provider} model of the same tier)`, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [d];
            action.isPreferred = true;
            action.edit = new vscode.WorkspaceEdit();
            action.edit.replace(document.uri, range, text);
            actions.push(action);
          }
          return actions;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
  // Not during activation: the first check starts the index worker.
  const first = setTimeout(refreshOpen, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
}

function rangeKey(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The folder's tier pair as the analysis used it (the usage file's `tiers` win over the settings). */
function effectiveTiers(index: WorkspaceIndex, uri: vscode.Uri): { haiku: string; sonnet: string } | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return index.folderStates().find((f) => folder && f.folder.uri.toString() === folder.uri.toString())?.pricing?.tiers;
}

/** The string literal to rewrite: the model argument itself, or its constant's initializer when declared in this file. */
function fixSpan(document: vscode.TextDocument, a: AnalyzedCallSite): { start: number; end: number } | null {
  const m = a.call.model;
  const literal = (span: { start: number; end: number } | null | undefined): { start: number; end: number } | null => {
    if (!span || span.end > document.getText().length) return null;
    const text = document.getText(new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)));
    return replaceLiteral(text, 'x') ? span : null;
  };
  if (m.source === 'literal') return literal(m.span);
  if (m.declaredAt && m.declaredAt.file === a.call.file) return literal(m.declaredAt.span);
  return null;
}
