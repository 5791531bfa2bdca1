// The task-type registry in the editor: the "move to registry" quick fix and command, the source action for a
// whole file, and the registry file's own lenses and tier switch.
import * as vscode from 'vscode';
import type { TierwiseServices } from '../services';
import { MOVE_ALL_COMMAND, MOVE_COMMAND, MoveToRegistryActions, moveAllCommand } from './codeActions';
import { moveToRegistry, useWorkspaceRegistries } from './move';
import { WorkspaceRegistries } from './workspaceRegistries';
import { RegistryEntryActions, RegistryLensProvider, SHOW_ENTRY_CALLS_COMMAND, showEntryCalls } from './registryLens';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'python' },
];

export function registerRegistryFeatures(context: vscode.ExtensionContext, services: TierwiseServices): void {
  const guard =
    (name: string, run: (raw: unknown) => Promise<unknown>) =>
    async (raw: unknown): Promise<unknown> => {
      try {
        return await run(raw);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        services.log.error(`${name}: ${message}`);
        void vscode.window.showErrorMessage(`Tierwise: ${message}`);
        return false;
      }
    };
  const lenses = new RegistryLensProvider(services);
  const registries = new WorkspaceRegistries(services.log);
  useWorkspaceRegistries(registries);
  context.subscriptions.push(
    registries,
    { dispose: () => useWorkspaceRegistries(undefined) },
    vscode.commands.registerCommand(MOVE_COMMAND, guard(MOVE_COMMAND, (raw) => moveToRegistry(services, raw))),
    vscode.commands.registerCommand(MOVE_ALL_COMMAND, guard(MOVE_ALL_COMMAND, (raw) => moveAllCommand(services, raw))),
    vscode.commands.registerCommand(SHOW_ENTRY_CALLS_COMMAND, guard(SHOW_ENTRY_CALLS_COMMAND, (raw) => showEntryCalls(services, raw))),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new MoveToRegistryActions(services), MoveToRegistryActions.metadata),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new RegistryEntryActions(services), RegistryEntryActions.metadata),
    lenses,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
  );
}
