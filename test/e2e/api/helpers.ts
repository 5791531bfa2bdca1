// Helpers for API tests in the extension host: the workspace copy, documents, waiting on conditions.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';

export const EXTENSION_ID = 'tierwise.tierwise';

export function workspaceRoot(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open');
  return f.uri;
}

export function workspaceUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
}

/** Opens a workspace file in an editor and returns its document. */
export async function openDoc(relPath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relPath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `check` returns a truthy value (or throws the last assertion after `timeoutMs`). */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(150);
  }
}

/** The Tierwise extension, waiting until it is active (activation is triggered by opening a TS file). */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive && ext, 30_000);
}

/** CodeLenses of a document as VS Code computes them (resolved: titles filled in). */
export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

export const FAKE_ANTHROPIC_URL = process.env.FAKE_ANTHROPIC_URL;
