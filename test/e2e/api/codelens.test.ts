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
    // The compact lens (the default) leads with the saving, then the move with both figures.
    assert.match(title, /^save \$[\d.,]+k?\/mo · Sonnet \$[\d.,]+k? → Haiku \$[\d.,]+k? · /, title);
    assert.match(onCall[0].command!.tooltip ?? '', /1k\/day \(annotation\)/, `the annotation's 1000 calls/day is not in the tooltip: ${onCall[0].command!.tooltip}`);
    assert.doesNotMatch(title, /\/day\?/, 'the volume is set by the annotation: not marked as assumed');
    assert.ok(onCall[0].command!.command.startsWith('tierwise.'), `the lens runs ${onCall[0].command!.command}`);
  });
});
