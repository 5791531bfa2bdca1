// The packaged extension loads in the real workbench: activation on a TypeScript file, and every
// command the manifest contributes is registered (a missing registration is a silent no-op for users).
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { suite, test } from './runner';
import { EXTENSION_ID, activeExtension, openDoc, waitFor } from './helpers';

suite('activation', () => {
  test('opening a TypeScript file activates Tierwise', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const doc = await openDoc('src/support/triage.ts');
    assert.equal(doc.languageId, 'typescript');
    await activeExtension();
    assert.equal(ext.packageJSON.publisher, 'tierwise');
  });

  test('every contributed command is registered', async () => {
    const ext = await activeExtension();
    const contributed: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    const missing = await waitFor('contributed commands to be registered', async () => {
      const all = new Set(await vscode.commands.getCommands(true));
      const m = contributed.filter((c) => !all.has(c));
      if (m.length) throw new Error(`not registered: ${m.join(', ')}`);
      return [] as string[];
    }, 10_000);
    assert.deepEqual(missing, []);
  });
});
