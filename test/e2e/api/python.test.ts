// Python in the real extension host: the cost lens on a .py call, and the move-to-registry fix producing
// Python that `python3 -m py_compile` accepts. The files are created here and removed afterwards, so the
// other suites keep the fixture workspace as it was.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { activeExtension, codeLenses, waitFor, workspaceUri } from './helpers';

const CALL_FILE = 'app/sentiment.py';
const REGISTRY_FILE = 'model_registry.py';
const SOURCE = `"""Sentiment tagging for survey answers."""
from __future__ import annotations

import json

from anthropic import Anthropic

client = Anthropic()


def tag_sentiment(answer: str) -> dict:
    # tierwise: calls=20k/day
    response = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=20,
        system='Label the sentiment of the survey answer. Respond with exactly one of: positive, neutral, negative.',
        messages=[{"role": "user", "content": answer}],
    )
    return json.loads(response.content[0].text)
`;

async function remove(rel: string): Promise<void> {
  try {
    await vscode.workspace.fs.delete(workspaceUri(rel), { recursive: true, useTrash: false });
  } catch {
    // already gone
  }
}

suite('python', () => {
  test('a Python call gets a cost lens, and the registry fix writes Python that compiles', async () => {
    const uri = workspaceUri(CALL_FILE);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(SOURCE, 'utf8'));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      console.log('python e2e: opened', doc.languageId);
      await activeExtension(); // onLanguage:python
      await vscode.window.showTextDocument(doc);
      const callLine = doc.getText().split('\n').findIndex((l) => l.includes('client.messages.create('));
      const lens = await waitFor('a cost lens on the Python call', async () => {
        const all = (await codeLenses(doc.uri)).filter((l) => l.range.start.line === callLine && l.command?.title.includes('/mo'));
        return all.length ? all[0] : undefined;
      }, 45_000);
      const title = lens.command!.title;
      console.log('python e2e: lens', title);
      assert.match(title, /classify_intent/, title);
      assert.match(title, /→ Haiku \$[\d.,]+k?/, title);
      assert.match(lens.command!.tooltip ?? '', /20k\/day \(annotation\)/, `the annotation's volume is not in the tooltip: ${lens.command!.tooltip}`);

      const applied = await vscode.commands.executeCommand<boolean>('tierwise.moveToRegistry', {
        uri: doc.uri,
        callSiteId: 'app/sentiment.py#tag_sentiment',
        tier: 'haiku',
      });
      console.log('python e2e: moveToRegistry returned', applied);
      assert.equal(applied, true, 'the move was not applied');
      // The fix leaves both files as dirty editors (one undo restores them); save them as a user would.
      const registryDoc = await vscode.workspace.openTextDocument(workspaceUri(REGISTRY_FILE));
      for (const d of [doc, registryDoc]) if (d.isDirty) assert.equal(await d.save(), true, `could not save ${d.uri.fsPath}`);

      const callText = doc.getText();
      assert.match(callText, /model=model_for\("classify_intent"\)/, callText);
      assert.match(callText, /^from model_registry import model_for$/m, callText);
      // The import goes after the existing imports, never above the docstring or `from __future__`.
      assert.ok(callText.indexOf('from __future__') < callText.indexOf('from model_registry import model_for'));
      const registry = Buffer.from(await vscode.workspace.fs.readFile(workspaceUri(REGISTRY_FILE))).toString('utf8');
      assert.match(registry, /"classify_intent":\s*"claude-haiku-5-5"/, registry);
      assert.match(registry, /def model_for\(/, registry);
      // Both files on disk are valid Python.
      for (const rel of [CALL_FILE, REGISTRY_FILE]) {
        execFileSync('python3', ['-m', 'py_compile', workspaceUri(rel).fsPath], { stdio: 'pipe' });
      }
      // The lens now speaks of the registry's task and model.
      await waitFor('the lens to follow the registry', async () => {
        const t = (await codeLenses(doc.uri)).find((l) => l.command?.title.includes('/mo'))?.command?.title ?? '';
        return /classify_intent/.test(t) && /Haiku \$[\d.,]+k?\/mo/.test(t) && !/→/.test(t) ? t : undefined;
      }, 30_000);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await remove(CALL_FILE);
      await remove('app');
      await remove(REGISTRY_FILE);
      await remove('__pycache__');
    }
  }, { timeoutMs: 150_000 });
});
