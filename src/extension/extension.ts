import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Tierwise', { log: true });
  context.subscriptions.push(log);
  log.info('Tierwise activated');
}

export function deactivate(): void {}
