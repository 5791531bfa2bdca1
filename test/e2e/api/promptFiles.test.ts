// A prompt read from a file at run time (`readFileSync(join(__dirname, "prompts/route.md"))`): the call's task type
// comes from that file's text. Changed on disk (git, a generator), edited in an editor without saving, reverted,
// deleted: the lens follows each time, as `tierwise scan` of the same texts would (the file watcher follows prompt files too).
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { suite, test } from './runner';
import { activeExtension, codeLenses, openDoc, waitFor, workspaceUri } from './helpers';

const CODE = 'src/support/routeFromFile.ts';
const PROMPT = 'src/support/prompts/route.md';
const CLASSIFY = 'Classify the support ticket as billing, bug, or question. Answer with the label only.\n';
const REVIEW = 'Review the following pull request diff step by step for security bugs, race conditions and missing tests; explain each finding with code.\n';
const SOURCE = `import Anthropic from "@anthropic-ai/sdk";
import { readFileSync } from "node:fs";
import { join } from "node:path";
const SYSTEM = readFileSync(join(__dirname, "prompts/route.md"), "utf8");
const client = new Anthropic();
export async function routeTicket(ticket: string) {
  // tierwise: calls=1000/day
  return client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 100, system: SYSTEM, messages: [{ role: "user", content: ticket }] });
}
`;

const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(workspaceUri(rel), new TextEncoder().encode(text));

async function waitForTask(uri: vscode.Uri, task: string, what: string): Promise<void> {
  let last: string[] = [];
  await waitFor(`${what}: a lens with ${task}`, async () => {
    last = (await codeLenses(uri)).map((l) => l.command?.title ?? '').filter((t) => t.includes('/mo'));
    return last.length === 1 && last[0].includes(task);
  }, 30_000).catch((e) => {
    throw new Error(`${String(e)}; lenses were ${JSON.stringify(last)}`);
  });
}

suite('prompt files', () => {
  test('the lens follows the prompt file a call reads: changed on disk, edited unsaved, reverted, deleted', async () => {
    // code-server saves edits after a second (files.autoSave "afterDelay"): this test needs an unsaved buffer.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await write(PROMPT, CLASSIFY);
    await write(CODE, SOURCE);
    try {
      const doc = await openDoc(CODE);
      await activeExtension();
      await waitForTask(doc.uri, 'classify_intent', 'the prompt file as written');
      // Changed on disk by another program: the watcher sees it.
      await write(PROMPT, REVIEW);
      await waitForTask(doc.uri, 'review_code', 'after the prompt file changed on disk');
      // Edited in an editor, not saved: the buffer is what the call reads, as for a source file.
      // (Typed in its editor: a workspace edit of a file without one is saved at once, files.refactoring.autoSave.)
      const md = await vscode.workspace.openTextDocument(workspaceUri(PROMPT));
      const editor = await vscode.window.showTextDocument(md);
      assert.ok(await editor.edit((b) => b.replace(new vscode.Range(md.positionAt(0), md.positionAt(md.getText().length)), CLASSIFY)));
      assert.ok(md.isDirty, 'the edit is not saved');
      await waitForTask(doc.uri, 'classify_intent', 'after editing the open prompt file');
      // Reverted: the disk's text again. (Not "close without saving": that clears the dirty flag and leaves the
      // buffer's text until VS Code disposes the document, which a document this test opened can outlive.)
      await vscode.commands.executeCommand('workbench.action.files.revert', md.uri);
      await waitFor(`the prompt file reverted (dirty: ${md.isDirty}, text: ${md.getText().slice(0, 20)})`, () => !md.isDirty && md.getText() === REVIEW);
      await waitForTask(doc.uri, 'review_code', 'after reverting the prompt file');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      // Deleted: the call no longer reads it.
      await vscode.workspace.fs.delete(workspaceUri(PROMPT));
      await waitFor('the lens without the prompt file', async () => {
        const t = (await codeLenses(doc.uri)).map((l) => l.command?.title ?? '').filter((x) => x.includes('/mo'));
        return t.length === 1 && !t[0].includes('review_code');
      }, 30_000);
    } finally {
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(workspaceUri(CODE)).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(workspaceUri('src/support/prompts'), { recursive: true }).then(undefined, () => undefined);
    }
  }, { timeoutMs: 120_000 });
});
