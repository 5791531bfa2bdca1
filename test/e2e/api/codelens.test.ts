// The CodeLens provider answers through VS Code's own command, on the fixture's call site.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { skip, suite, test } from './runner';
import { activeExtension, codeLenses, openDoc, waitFor } from './helpers';

suite('cost lens', () => {
  test('vscode.executeCodeLensProvider gives a cost lens on the call site line', async () => {
    const doc = await openDoc('src/support/triage.ts');
    const ext = await activeExtension();
    const callLine = doc.getText().split('\n').findIndex((l) => l.includes('client.messages.create('));
    assert.ok(callLine >= 0, 'fixture lost its call site');
    const hasLenses = JSON.stringify(ext.packageJSON.contributes ?? {}).includes('codeLens') || (await vscode.commands.getCommands(true)).some((c) => c.startsWith('tierwise.'));
    if (!hasLenses) skip('Tierwise contributes no lens yet');
    const lenses = await waitFor('a Tierwise lens on the call', async () => {
      const all = (await codeLenses(doc.uri)).filter((l) => l.command?.title.includes('/mo'));
      return all.length ? all : undefined;
    }, 30_000);
    assert.equal(lenses.length >= 1, true);
    const onCall = lenses.filter((l) => Math.abs(l.range.start.line - callLine) <= 1);
    assert.ok(onCall.length >= 1, `no lens near line ${callLine + 1}: ${lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`).join('; ')}`);
    const title = onCall[0].command!.title;
    assert.match(title, /classify_intent/, title);
    assert.match(title, /Sonnet \$[\d.,]+k?\/mo/, title);
    assert.match(title, /Haiku \$[\d.,]+k?\/mo/, title);
  });
});
