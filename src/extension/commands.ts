import * as vscode from 'vscode';
import { usageFileTemplate } from '../core/present/usageTemplate';
import { CommandId } from './commandIds';
import { USAGE_FILE } from './index/exclude';
import type { WorkspaceIndex } from './index/workspaceIndex';

export function registerCommands(context: vscode.ExtensionContext, index: WorkspaceIndex, lenses: { refresh(): void }): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.rescan, () => index.reindex('rescan command')),
    vscode.commands.registerCommand(CommandId.toggleLenses, async () => {
      const c = vscode.workspace.getConfiguration('tierwise');
      const inspected = c.inspect<boolean>('lens.enabled');
      // Flip the value where it is set, so a workspace setting is not shadowed by a user one.
      const target =
        inspected?.workspaceFolderValue !== undefined
          ? vscode.ConfigurationTarget.WorkspaceFolder
          : inspected?.workspaceValue !== undefined
            ? vscode.ConfigurationTarget.Workspace
            : vscode.ConfigurationTarget.Global;
      await c.update('lens.enabled', !c.get<boolean>('lens.enabled', true), target);
      lenses.refresh();
    }),
    vscode.commands.registerCommand(CommandId.openUsageFile, async () => {
      try {
        const folders = vscode.workspace.workspaceFolders ?? [];
        if (!folders.length) {
          void vscode.window.showInformationMessage('Tierwise: open a folder first; the usage file lives at its root.');
          return;
        }
        const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Usage file of which folder?' });
        if (!folder) return;
        const uri = vscode.Uri.joinPath(folder.uri, USAGE_FILE);
        let exists = true;
        try {
          await vscode.workspace.fs.stat(uri);
        } catch {
          exists = false;
        }
        if (!exists) {
          const cfg = index.config(folder.uri);
          const base = folder.uri.toString();
          const sites = index
            .allCallSites()
            .filter((a) => index.uriOf(a)?.toString().startsWith(base))
            .map((a) => a.site);
          const text = usageFileTemplate(sites, { callsPerDay: cfg.defaultCallsPerDay, dynamicInputTokens: cfg.dynamicInputTokens });
          await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
          index.log.info(`created ${uri.toString(true)}`);
        }
        await vscode.window.showTextDocument(uri);
      } catch (e) {
        index.log.error(`open usage file: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showErrorMessage(`Tierwise: could not open the usage file: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
}
