import type * as vscode from 'vscode';
import type { WorkspaceIndex } from './index/workspaceIndex';

/** Tierwise: Import Usage… (filled in by the import feature). */
export function registerImportUsage(_context: vscode.ExtensionContext, _index: WorkspaceIndex): void {}
