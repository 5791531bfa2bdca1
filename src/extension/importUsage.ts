import * as vscode from 'vscode';
import * as path from 'node:path';
import { USAGE_FILE } from './index/exclude';
import type { WorkspaceIndex } from './index/workspaceIndex';

export const IMPORT_USAGE_COMMAND = 'tierwise.importUsage';

/**
 * Tierwise: Import Usage… — the CLI's `tierwise import-usage` on the index's call sites: an OTLP export writes measured
 * figures into the folder's `.tierwise.json` (atomically; refused while the file has unsaved edits), a provider usage
 * export is checked against the estimate. The report goes to the Tierwise output. Takes the file as an argument too
 * (a Uri), for scripts and tests.
 */
type ImportRun = typeof import('./importRun.js');

/** The import's bundle, loaded on first use (esbuild.mjs). Node gives a CommonJS bundle's exports as named ones, or as the default. */
async function loadImportRun(): Promise<ImportRun> {
  const mod = (await import('./importRun.js')) as Partial<ImportRun> & { default?: ImportRun };
  return (typeof mod.runImport === 'function' ? mod : (mod.default ?? mod)) as ImportRun;
}

export function registerImportUsage(context: vscode.ExtensionContext, index: WorkspaceIndex): void {
  let lib: ImportRun | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(IMPORT_USAGE_COMMAND, async (arg?: vscode.Uri) => {
      try {
        lib ??= await loadImportRun();
        const { runImport, buildPriceBook, mergeTables, PRICE_TABLE } = lib;
        const folders = vscode.workspace.workspaceFolders ?? [];
        if (!folders.length) {
          void vscode.window.showInformationMessage('Tierwise: open a folder first; measured figures go into its .tierwise.json.');
          return undefined;
        }
        let file = arg instanceof vscode.Uri ? arg : undefined;
        if (!file) {
          const picked = await vscode.window.showOpenDialog({
            canSelectMany: false,
            openLabel: 'Import',
            title: 'Import usage: an OpenTelemetry export (OTLP JSON) or a provider usage export (JSON or CSV)',
            filters: { 'Usage exports': ['json', 'jsonl', 'ndjson', 'csv'], 'All files': ['*'] },
          });
          file = picked?.[0];
        }
        if (!file) return undefined;
        if (file.scheme !== 'file') {
          void vscode.window.showErrorMessage('Tierwise: the export must be a file on this machine.');
          return undefined;
        }
        const folder = folders.length === 1 ? folders[0] : (vscode.workspace.getWorkspaceFolder(file) ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Whose call sites does this traffic belong to?' })));
        if (!folder) return undefined;
        const usageUri = vscode.Uri.joinPath(folder.uri, USAGE_FILE);
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === usageUri.toString());
        if (open?.isDirty) {
          void vscode.window.showErrorMessage(`Tierwise: ${USAGE_FILE} has unsaved changes. Save or revert it, then import again.`);
          return undefined;
        }
        await index.reindexDone();
        const base = folder.uri.toString();
        const sites = index.allCallSites().filter((a) => index.uriOf(a)?.toString().startsWith(base));
        const cfg = index.config(folder.uri);
        const book = buildPriceBook(cfg.prices, mergeTables(PRICE_TABLE, cfg.priceTable));
        const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Tierwise: importing ${path.basename(file.fsPath)}…` }, () =>
          runImport({ file: file.fsPath, usagePath: usageUri.fsPath, sites, book, date: book.table.asOf }),
        );
        for (const line of r.lines) index.log.info(`import: ${line}`);
        const show = 'Show Details';
        const message =
          r.kind === 'otlp'
            ? `Tierwise: measured traffic for ${r.result.sites.length} call site${r.result.sites.length === 1 ? '' : 's'} written to ${USAGE_FILE}${r.result.unmatched.spans ? ` (${r.result.unmatched.spans.toLocaleString('en-US')} requests unmatched)` : ''}.`
            : `Tierwise: ${r.lines[r.lines.length - 1]}`;
        void vscode.window.showInformationMessage(message, show).then((a) => {
          if (a === show) index.log.show(true);
        });
        // The index's watcher on .tierwise.json re-prices the folder (no full re-index needed).
        return r.kind === 'otlp' ? { kind: r.kind, sites: r.result.sites.map((s) => s.id), unmatched: r.result.unmatched.spans } : { kind: r.kind, unexplainedShare: r.check.unexplainedShare };
      } catch (e) {
        const line = (e as { line?: unknown }).line;
        const message = lib && e instanceof lib.ImportError && typeof line === 'number' ? `line ${line}: ${(e as Error).message}. Nothing was written.` : e instanceof Error ? e.message : String(e);
        index.log.error(`import usage: ${message}`);
        void vscode.window.showErrorMessage(`Tierwise: could not import usage: ${message}`);
        return undefined;
      }
    }),
  );
}
