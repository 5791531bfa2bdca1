import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { ApiKeyStore } from '../compare/apiKey';
import { setVerdictSource, type WorkspaceIndex } from '../index/workspaceIndex';
import { JudgeStore } from './store';
import type { JudgeProblem } from '../../core/infer/judge/verdict';

// The Claude judge's commands. Only registration happens at activation: the session (the Anthropic SDK, the usage
// file's validator) is loaded on the first command, or when a batch from before a reload is waiting.

type SessionModule = typeof import('./judgeSession.js');
let sessionModule: SessionModule | undefined;
async function session(): Promise<SessionModule> {
  return (sessionModule ??= await import('./judgeSession.js'));
}

let activeStore: JudgeStore | undefined;

/** Why the last classification of a site has no answer, for the hover. */
export function judgeProblemFor(uri: vscode.Uri, callSiteId: string): JudgeProblem | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? activeStore?.problemOf(folder.uri.toString(), callSiteId) : undefined;
}

export function registerJudge(context: vscode.ExtensionContext, index: WorkspaceIndex): void {
  const store = new JudgeStore(context.workspaceState);
  activeStore = store;
  const keys = new ApiKeyStore(context.secrets);
  const ctx = { index, store, keys };
  const run = (name: string, f: (m: SessionModule) => Promise<void>) => async () => {
    try {
      await f(await session());
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      index.log.error(`${name}: ${message}`);
      void vscode.window.showErrorMessage(`Tierwise: ${name} failed: ${message}`);
    }
  };
  const pendingContext = (): void => void vscode.commands.executeCommand('setContext', 'tierwise.judge.pending', store.allPending().length > 0);
  // Pending answers are part of each folder's analysis: send them to the index whenever they change.
  setVerdictSource((folderKey) => store.verdictsFor(folderKey));
  context.subscriptions.push(
    store,
    keys,
    { dispose: () => setVerdictSource(undefined) },
    store.onDidChange(() => {
      index.refreshSettings();
      pendingContext();
    }),
    vscode.commands.registerCommand(CommandId.classifyWithClaude, (arg?: unknown) => run('classify with Claude', (m) => m.classify(ctx, arg))()),
    vscode.commands.registerCommand(CommandId.acceptClassifications, (arg?: unknown) => run('accept', (m) => m.accept(ctx, arg))()),
    vscode.commands.registerCommand(CommandId.discardClassifications, () => run('discard', (m) => m.discard(ctx))()),
    vscode.commands.registerCommand(CommandId.setTaskType, (arg?: unknown) => run('set task type', (m) => m.setTaskType(ctx, arg))()),
  );
  pendingContext();
  // A batch that was running when the window closed: collect it once the index is up.
  if (store.batch) setTimeout(() => void index.reindexDone().then(() => run('resume the classification batch', (m) => m.resumeBatch(ctx))()), 0);
}
