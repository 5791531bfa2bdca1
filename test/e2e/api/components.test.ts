// Single-file components in the real extension host: a Vue component's call gets its cost lens at its own line, and
// the registry fix, asked anyway, leaves the component as it was (it does not edit components yet).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { activeExtension, codeLenses, waitFor, workspaceUri } from './helpers';

const FILE = 'web/TagMood.vue';
const SOURCE = `<template>
  <textarea v-model="entry"></textarea>
  <button @click="tag">Tag</button>
</template>

<script setup lang="ts">
import Anthropic from '@anthropic-ai/sdk';
import { ref } from 'vue';

const entry = ref('');
const client = new Anthropic({ dangerouslyAllowBrowser: true });

async function tag() {
  // tierwise: calls=5k/day
  const msg = await client.messages.create({
    model: 'claude-sonnet-4-6',
    max_tokens: 5,
    system: 'Label the mood of the journal entry. Respond with exactly one of: happy, sad, anxious, calm.',
    messages: [{ role: 'user', content: entry.value }],
  });
  return msg.content[0].type === 'text' ? msg.content[0].text : '';
}
</script>
`;

suite('components', () => {
  test('a Vue component’s call gets its cost lens, and the registry fix leaves the component alone', async () => {
    const uri = workspaceUri(FILE);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(SOURCE, 'utf8'));
    try {
      // Without a Vue extension VS Code knows no `vue` language (onLanguage:vue never fires): a TS file activates us.
      await vscode.workspace.openTextDocument(workspaceUri('src/support/triage.ts'));
      await activeExtension();
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const callLine = SOURCE.split('\n').findIndex((l) => l.includes('client.messages.create('));
      const lens = await waitFor('a cost lens on the component’s call', async () => {
        const all = (await codeLenses(doc.uri)).filter((l) => l.range.start.line === callLine && l.command?.title.includes('/mo'));
        return all.length ? all[0] : undefined;
      }, 45_000);
      const title = lens.command!.title;
      console.log('components e2e: lens', title);
      assert.match(title, /classify_intent/, title);
      assert.match(lens.command!.tooltip ?? '', /5k\/day \(annotation\)/, lens.command!.tooltip ?? '');
      const titles = (await codeLenses(doc.uri)).map((l) => l.command?.title ?? '');
      assert.ok(!titles.some((t) => /registry/i.test(t)), `a registry lens on a component: ${titles.join(' | ')}`);
      const applied = await vscode.commands.executeCommand<boolean>('tierwise.moveToRegistry', { uri: doc.uri, callSiteId: `${FILE}#tag`, tier: 'haiku' });
      assert.notEqual(applied, true, 'the registry fix edited a component');
      assert.equal(doc.getText(), SOURCE);
      assert.equal(doc.isDirty, false);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(workspaceUri('web'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  }, { timeoutMs: 120_000 });
});
