// The CodeLens provider answers through VS Code's own command, on the fixture's call site.
import * as assert from 'node:assert/strict';
import { suite, test } from './runner';
import { activeExtension, codeLenses, openDoc, waitFor } from './helpers';

suite('cost lens', () => {
  test('vscode.executeCodeLensProvider gives a cost lens on the call site line', async () => {
    const doc = await openDoc('src/support/triage.ts');
    await activeExtension();
    const callLine = doc.getText().split('\n').findIndex((l) => l.includes('client.messages.create('));
    assert.ok(callLine >= 0, 'fixture lost its call site');
    const lenses = await waitFor('a Tierwise cost lens', async () => {
      const all = (await codeLenses(doc.uri)).filter((l) => l.command?.title.includes('/mo'));
      return all.length ? all : undefined;
    }, 30_000);
    const onCall = lenses.filter((l) => l.range.start.line === callLine);
    assert.ok(onCall.length >= 1, `no lens on line ${callLine + 1}: ${lenses.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`).join('; ')}`);
    const title = onCall[0].command!.title;
    assert.match(title, /classify_intent/, title);
    assert.match(title, /Sonnet \$[\d.,]+k?\/mo/, title);
    assert.match(title, /Haiku \$[\d.,]+k?\/mo/, title);
    assert.match(title, /1k/, `the annotation's 1000 calls/day is not shown: ${title}`);
    assert.ok(onCall[0].command!.command.startsWith('tierwise.'), `the lens runs ${onCall[0].command!.command}`);
  });
});
