import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { WorkspaceIndex } from './index/workspaceIndex';

/** The files the index skipped (too large, minified, unreadable, not parsed), with the folder when there are several. */
export function skippedFiles(index: WorkspaceIndex): Array<{ file: string; reason: string }> {
  const folders = index.folderStates();
  return folders.flatMap((f) => f.skipped.map((k) => ({ file: folders.length > 1 ? `${f.folder.name}/${k.file}` : k.file, reason: k.reason })));
}

/**
 * "2 files skipped (see the Tierwise output)" must find them there: every time the list changes it is written to
 * the output, and "Tierwise: Show Skipped Files" writes it again and opens the output on it.
 */
export function registerSkippedFiles(context: vscode.ExtensionContext, index: WorkspaceIndex): void {
  let last = '[]';
  const write = (): void => {
    const list = skippedFiles(index);
    if (!list.length) {
      index.log.info('No file was skipped.');
      return;
    }
    index.log.info(`${list.length} file${list.length === 1 ? '' : 's'} skipped:\n${list.map((k) => `  ${k.file} — ${k.reason}`).join('\n')}`);
  };
  context.subscriptions.push(
    index.onDidChangeState(() => {
      const now = JSON.stringify(skippedFiles(index));
      if (now === last) return;
      last = now;
      if (now !== '[]') write();
    }),
    vscode.commands.registerCommand(CommandId.showSkippedFiles, () => {
      write();
      index.log.show(true);
    }),
    vscode.commands.registerCommand(CommandId.showTestFilesSetting, () => vscode.commands.executeCommand('workbench.action.openSettings', 'tierwise.scanTests')),
  );
}
