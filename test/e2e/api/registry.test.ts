// The registry quick fix as VS Code's own commands see it, on the fixture's call site. Nothing here changes
// the workspace (the UI suite test/e2e/ui/registry.ui.ts applies the fix): the other API suites share it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { activeExtension, openDoc, waitFor, workspaceUri } from './helpers';

const CALL_FILE = 'src/support/triage.ts';

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind: string, resolve = 0): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, resolve)) ?? [];
}

async function modelRange(doc: vscode.TextDocument): Promise<vscode.Range> {
  const at = doc.getText().indexOf("'claude-sonnet-5-5'");
  assert.ok(at >= 0, 'the fixture lost its hard-coded model');
  return new vscode.Range(doc.positionAt(at + 1), doc.positionAt(at + 1));
}

suite('registry quick fix', () => {
  test('the lightbulb offers the move on the recommended tier, the other tier and another task type', async () => {
    const doc = await openDoc(CALL_FILE);
    await activeExtension();
    const range = await modelRange(doc);
    const quick = await waitFor('the move-to-registry quick fixes', async () => {
      const mine = (await actionsAt(doc.uri, range, vscode.CodeActionKind.QuickFix.value)).filter((a) => a.title.startsWith('Move model to registry'));
      return mine.length >= 3 ? mine : undefined;
    }, 45_000);
    const titles = quick.map((a) => a.title);
    assert.match(titles[0], /^Move model to registry as `classify_intent` \(Haiku, saves \$[\d.,]+k?\/mo\)$/, titles.join(' | '));
    assert.ok(titles.some((t) => /as `classify_intent` on Sonnet \(same cost\)/.test(t)), titles.join(' | '));
    assert.ok(titles.includes('Move model to registry as another task type…'), titles.join(' | '));
    for (const a of quick) {
      assert.equal(a.kind?.value, 'quickfix');
      assert.equal(a.command?.command, 'tierwise.moveToRegistry');
      const args = a.command?.arguments?.[0] as { callSiteId?: string; uri?: vscode.Uri };
      assert.match(args.callSiteId ?? '', /^src\/support\/triage\.ts#classifyTicket$/);
    }
    assert.equal(quick[0].isPreferred, true);
    const refactor = (await actionsAt(doc.uri, range, vscode.CodeActionKind.RefactorMove.value)).filter((a) => a.title.startsWith('Move model to registry'));
    assert.deepEqual(refactor.map((a) => a.title), titles);
    assert.ok(refactor.every((a) => a.kind?.value === 'refactor.move'));
  });

  test('the source action moves the whole file with a preview of every file it changes', async () => {
    const doc = await openDoc(CALL_FILE);
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await waitFor('the source action', async () => {
      const found = (await actionsAt(doc.uri, whole, 'source.tierwise.moveAllToRegistry', 5)).filter((a) => a.title === 'Move all hard-coded models in this file to the registry');
      return found.length ? found : undefined;
    });
    const edit = actions[0].edit;
    assert.ok(edit, 'the source action has no edit after resolving');
    assert.equal(edit.size, 2, 'the call file and the new registry');
    const files = edit.entries().map(([u]) => vscode.workspace.asRelativePath(u));
    assert.ok(files.includes(CALL_FILE), files.join(', '));
    // Nothing applied: the buffer still has its literal.
    assert.ok(doc.getText().includes("model: 'claude-sonnet-5-5'"));
  });

  test('a registry path that escapes the workspace folder is refused and nothing changes', async () => {
    const doc = await openDoc(CALL_FILE);
    const before = doc.getText();
    const config = vscode.workspace.getConfiguration('tierwise', doc.uri);
    const previous = config.inspect<string>('registryPath')?.workspaceValue;
    await config.update('registryPath', '../outside/modelRegistry.ts', vscode.ConfigurationTarget.Workspace);
    try {
      const applied = await vscode.commands.executeCommand<boolean>('tierwise.moveToRegistry', { uri: doc.uri, callSiteId: 'src/support/triage.ts#classifyTicket' });
      assert.equal(applied, false);
      assert.equal(doc.getText(), before);
      assert.equal(doc.isDirty, false);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(workspaceUri('.'), '..', 'outside', 'modelRegistry.ts'))));
    } finally {
      await config.update('registryPath', previous, vscode.ConfigurationTarget.Workspace);
    }
  });
});
