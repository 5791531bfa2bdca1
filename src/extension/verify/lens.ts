// Watching moved task types: on each registry entry routed to Haiku, its verification and age
// (`verified Dec 5 · n=150 · 3.3% (1.4–7.6%) · 12 days ago`) with "Revert to Sonnet", or "not verified · Verify…";
// a reverted one says so. Read from `.tierwise.json` (the open buffer when it is open, else the disk).
import * as vscode from 'vscode';
import { registryUsage } from '../../core/registry';
import { USAGE_FILE as USAGE_FILE_NAME } from '../index/exclude';
import { readVerifications } from '../../core/verify/record';
import { entryLenses } from '../../core/verify/watch';
import type { AnalyzedCallSite, TierwiseServices } from '../services';
import { asRegistry } from '../registry/registryLens';

export const VerifyCommand = {
  verify: 'tierwise.verify',
  writeTemplate: 'tierwise.verify.writeTemplate',
  revert: 'tierwise.verify.revertToSonnet',
} as const;

/** The usage file's text: the editor's buffer when open (unsaved changes count), else the file on disk. */
export async function usageText(folder: vscode.WorkspaceFolder): Promise<string | null> {
  const uri = vscode.Uri.joinPath(folder.uri, USAGE_FILE_NAME);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > 5 * 1024 * 1024) return null;
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

function folderSites(services: TierwiseServices, folder: vscode.WorkspaceFolder): AnalyzedCallSite[] {
  const all = services.allCallSites();
  const uriOf = (services as Partial<{ uriOf(a: AnalyzedCallSite): vscode.Uri | undefined }>).uriOf;
  if ((vscode.workspace.workspaceFolders?.length ?? 1) <= 1 || typeof uriOf !== 'function') return [...all];
  const base = folder.uri.toString();
  return all.filter((a) => uriOf.call(services, a)?.toString().startsWith(base));
}

export class VerificationLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly services: TierwiseServices) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${USAGE_FILE_NAME}`);
    const fire = (): void => this.emitter.fire();
    this.subs.push(
      watcher,
      watcher.onDidChange(fire),
      watcher.onDidCreate(fire),
      watcher.onDidDelete(fire),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.path.endsWith(`/${USAGE_FILE_NAME}`)) fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tierwise')) fire();
      }),
      services.onDidChangeCallSites(fire),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    try {
      const reg = asRegistry(this.services, document);
      if (!reg || !reg.info.entries.length) return [];
      const text = await usageText(reg.folder);
      const { records } = readVerifications(text);
      const cfg = this.services.config(reg.folder.uri);
      const usage = registryUsage(
        reg.info,
        folderSites(this.services, reg.folder).map((a) => ({ id: a.site.id, language: a.site.language, registryTask: a.call.registryTask, monthlyCost: a.site.monthlyCost })),
        cfg.tiers,
      );
      const now = new Date();
      const lenses: vscode.CodeLens[] = [];
      for (const e of reg.info.entries) {
        const at = new vscode.Range(e.line - 1, 0, e.line - 1, 0);
        for (const l of entryLenses(e.model, records[e.task], now, cfg.verify.maxAgeDays)) {
          const siteIds = usage.entries.find((u) => u.task === e.task)?.siteIds ?? [];
          const args = { folder: reg.folder.uri.toString(), file: reg.file, task: e.task, siteIds };
          const command =
            l.action === 'revert'
              ? { title: l.title, command: VerifyCommand.revert, arguments: [args], tooltip: l.tooltip }
              : l.action === 'verify'
                ? siteIds.length
                  ? { title: l.title, command: VerifyCommand.verify, arguments: [args], tooltip: l.tooltip }
                  : { title: l.title.replace(' · Verify…', ''), command: '', tooltip: `No call site names "${e.task}" yet: nothing to verify.` }
                : l.action === 'show'
                  ? { title: l.title, command: 'vscode.open', arguments: [vscode.Uri.joinPath(reg.folder.uri, USAGE_FILE_NAME)], tooltip: l.tooltip }
                  : { title: l.title, command: '' };
          lenses.push(new vscode.CodeLens(at, command));
        }
      }
      return lenses;
    } catch (e) {
      this.services.log.error(`verification lenses: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}
