// The registry file's own lenses: per entry, how many calls use it and what they cost on its model and on the
// other tier; unused entries marked (faded); task types used in code but missing noted. Plus the code action
// that switches an entry's tier.
import * as vscode from 'vscode';
import { entryLensTitle, missingLensTitle, planSetRegistryEntry, readRegistry, registryCandidate, registryUsage, resolveRegistryPath, switchTitle, type RegistryInfo, type RegistrySiteFacts } from '../../core/registry';
import type { AnalyzedCallSite, TierwiseServices } from '../services';
import { folderRelative, pythonSyntaxCheck } from './move';

export const SHOW_ENTRY_CALLS_COMMAND = 'tierwise.registry.showEntryCalls';

interface RegistryDoc {
  folder: vscode.WorkspaceFolder;
  file: string;
  info: RegistryInfo;
}

/** The registry this document is (for its folder's settings), or null. */
export function asRegistry(services: TierwiseServices, document: vscode.TextDocument): RegistryDoc | null {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) return null;
  const rel = folderRelative(folder, document.uri);
  if (!rel) return null;
  const cfg = services.config(folder.uri);
  const python = rel.endsWith('.py');
  const where = resolveRegistryPath(python ? cfg.pythonRegistryPath : cfg.registryPath, python ? 'python' : 'typescript', folder.uri.fsPath);
  if (!where.ok) return null;
  if (where.path === rel) return { folder, file: rel, info: readRegistry(rel, document.getText()) };
  // Elsewhere (the JavaScript variant of the path, or the registry a project keeps in its own place): only a file
  // that declares MODEL_REGISTRY.
  const info = registryCandidate(rel, document.getText());
  return info && info.declarationLine !== null ? { folder, file: rel, info } : null;
}

function folderSites(services: TierwiseServices, folder: vscode.WorkspaceFolder): AnalyzedCallSite[] {
  const all = services.allCallSites();
  // The index knows which folder a site belongs to; with one folder every site is ours.
  const uriOf = (services as Partial<{ uriOf(a: AnalyzedCallSite): vscode.Uri | undefined }>).uriOf;
  if ((vscode.workspace.workspaceFolders?.length ?? 1) <= 1 || typeof uriOf !== 'function') return [...all];
  const base = folder.uri.toString();
  return all.filter((a) => uriOf.call(services, a)?.toString().startsWith(base));
}

function facts(a: AnalyzedCallSite): RegistrySiteFacts {
  return { id: a.site.id, language: a.site.language, registryTask: a.call.registryTask, monthlyCost: a.site.monthlyCost };
}

export class RegistryLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];
  readonly diagnostics = vscode.languages.createDiagnosticCollection('tierwise-registry');

  constructor(private readonly services: TierwiseServices) {
    this.subs.push(services.onDidChangeCallSites(() => this.emitter.fire()));
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tierwise')) this.emitter.fire();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    try {
      const reg = asRegistry(this.services, document);
      if (!reg) return [];
      const cfg = this.services.config(document.uri);
      const { info, folder } = reg;
      const lenses: vscode.CodeLens[] = [];
      const at = (line: number) => new vscode.Range(line - 1, 0, line - 1, 0);
      if (info.problems.length) {
        lenses.push(new vscode.CodeLens(at(info.declarationLine ?? 1), { title: `Tierwise cannot edit this registry: ${info.problems[0]}`, command: '' }));
      }
      const sites = folderSites(this.services, folder);
      const usage = registryUsage(info, sites.map(facts), cfg.tiers);
      const hints: vscode.Diagnostic[] = [];
      for (const u of usage.entries) {
        const title = entryLensTitle(u, cfg.tiers);
        const command = u.siteIds.length
          ? { title, command: SHOW_ENTRY_CALLS_COMMAND, arguments: [{ folder: folder.uri.toString(), task: u.task, siteIds: u.siteIds }], tooltip: `Show the calls of ${u.task}` }
          : { title, command: '', tooltip: `No call site passes "${u.task}" to the registry.` };
        lenses.push(new vscode.CodeLens(at(u.line), command));
        if (!u.siteIds.length) {
          const entry = info.entries.find((e) => e.task === u.task);
          if (entry) {
            const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(entry.span.start), document.positionAt(entry.span.end)), `Tierwise: no call site uses the task type "${u.task}".`, vscode.DiagnosticSeverity.Hint);
            d.tags = [vscode.DiagnosticTag.Unnecessary];
            d.source = 'tierwise';
            hints.push(d);
          }
        }
      }
      const missingLine = info.defaultModel?.line ?? info.declarationLine ?? 1;
      for (const m of usage.missing) {
        lenses.push(new vscode.CodeLens(at(missingLine), { title: missingLensTitle(m, cfg.tiers), command: SHOW_ENTRY_CALLS_COMMAND, arguments: [{ folder: folder.uri.toString(), task: m.task, siteIds: m.siteIds }] }));
      }
      this.diagnostics.set(document.uri, hints);
      return lenses;
    } catch (e) {
      this.services.log.error(`registry lenses: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
    this.diagnostics.dispose();
  }
}

/** "Switch `summarize_short` to Haiku (saves $275/mo)" on a registry entry. */
export class RegistryEntryActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] };

  constructor(private readonly services: TierwiseServices) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    try {
      const reg = asRegistry(this.services, document);
      if (!reg) return [];
      const kind = !context.only || context.only.contains(vscode.CodeActionKind.QuickFix) ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite;
      if (context.only && !context.only.contains(kind) && !kind.contains(context.only)) return [];
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      const entry = reg.info.entries.find((e) => start <= e.span.end && end >= e.span.start);
      if (!entry) return [];
      const cfg = this.services.config(document.uri);
      const usage = registryUsage(reg.info, folderSites(this.services, reg.folder).map(facts), cfg.tiers).entries.find((u) => u.task === entry.task);
      if (!usage) return [];
      const check = reg.file.endsWith('.py') ? await pythonSyntaxCheck() : undefined;
      const out: vscode.CodeAction[] = [];
      for (const option of usage.options) {
        if (option.model === entry.model) continue;
        const plan = planSetRegistryEntry(reg.file, document.getText(), entry.task, option.model, check);
        if (plan.status !== 'ok') continue;
        const action = new vscode.CodeAction(switchTitle(usage, option), kind);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of plan.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
        action.isPreferred = option.saves > 0;
        out.push(action);
      }
      return out;
    } catch (e) {
      this.services.log.error(`registry entry actions: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }
}

/** Lists the calls of a task type; picking one opens it. */
export async function showEntryCalls(services: TierwiseServices, raw: unknown): Promise<void> {
  const args = (raw && typeof raw === 'object' ? raw : {}) as { folder?: string; task?: string; siteIds?: string[] };
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === args.folder) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder || !args.siteIds?.length) return;
  const ids = new Set(args.siteIds);
  const sites = folderSites(services, folder).filter((a) => ids.has(a.site.id));
  const picked = await vscode.window.showQuickPick(
    sites.map((a) => ({ label: a.site.id, description: `${a.site.file}:${a.site.line}`, a })),
    { title: `Calls of ${args.task ?? 'this task type'}` },
  );
  if (!picked) return;
  const uri = vscode.Uri.joinPath(folder.uri, picked.a.site.file);
  const pos = new vscode.Position(Math.max(0, picked.a.site.line - 1), Math.max(0, picked.a.site.column - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos) });
}
