import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { roundMoney } from '../core/cost/cost';
import { reportHtml } from '../core/present/report';
import { stalenessNotice } from '../core/present/priceTable';
import { totalsOf } from '../core/present/summary';
import type { ScanReport } from '../core/types';
import { CommandId } from './commandIds';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { formatReportJson, formatReportMarkdown } from './reportFormats';
import type { TestFileCensus } from './testFiles';

function commandHref(id: string, args: unknown[] = []): string {
  return `command:${id}?${encodeURIComponent(JSON.stringify(args))}`;
}

/**
 * The workspace as one CLI-JSON report (version 1). With several folders the root is their common parent and each
 * file (and call-site id) starts with its folder's path from there, as `tierwise scan <folderA> <folderB>` run in that
 * parent names them: two folders' `src/a.ts#f` stay two different call sites.
 */
export function buildScanReport(index: WorkspaceIndex): ScanReport {
  const folders = index.folderStates();
  const cfg = index.config();
  const single = folders.length <= 1;
  const root = single ? folders[0]?.folder.uri.fsPath ?? '' : commonParent(folders.map((f) => f.folder.uri.fsPath));
  const prefixOf = (folder: vscode.WorkspaceFolder | undefined): string => {
    const rel = single || !folder ? '' : path.relative(root, folder.uri.fsPath).split(path.sep).join('/');
    return rel ? `${rel}/` : '';
  };
  const sites = index.allCallSites().map((a) => {
    if (single) return a.site;
    const uri = index.uriOf(a);
    const prefix = prefixOf(uri && vscode.workspace.getWorkspaceFolder(uri));
    return prefix ? { ...a.site, file: prefix + a.site.file, id: prefix + a.site.id } : a.site;
  });
  const pricing = folders.find((f) => f.pricing)?.pricing ?? { asOf: '', tiers: cfg.tiers };
  return {
    version: 1,
    root,
    pricing,
    callSites: [...sites].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1)),
    totals: roundTotals(totalsOf(sites)),
    skipped: folders.flatMap((f) => f.skipped.map((k) => ({ ...k, file: prefixOf(f.folder) + k.file }))),
  };
}

function commonParent(paths: readonly string[]): string {
  const parts = paths.map((p) => path.resolve(p).split(path.sep));
  const first = parts[0] ?? [];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}

function roundTotals(t: ScanReport['totals']): ScanReport['totals'] {
  return { allHaiku: roundMoney(t.allHaiku), allSonnet: roundMoney(t.allSonnet), recommended: roundMoney(t.recommended), current: roundMoney(t.current) };
}

export function registerReport(context: vscode.ExtensionContext, index: WorkspaceIndex, testFiles?: TestFileCensus): void {
  let panel: vscode.WebviewPanel | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const render = (): void => {
    if (!panel) return;
    try {
      const report = buildScanReport(index);
      const folders = index.folderStates();
      panel.webview.html = reportHtml(
        {
          sites: report.callSites,
          pricing: report.pricing,
          staleNotice: report.pricing.asOf ? stalenessNotice(report.pricing.asOf, new Date().toISOString().slice(0, 10)) : null,
          folders: folders.map((f) => f.folder.name),
          skipped: report.skipped.length,
          skippedHref: commandHref(CommandId.showSkippedFiles),
          testFiles: testFiles?.summary() ?? null,
          testFilesHref: commandHref(CommandId.showTestFilesSetting),
          usageProblems: folders.reduce((n, f) => n + f.usageProblems.length, 0),
          indexing: index.indexing,
          exportMarkdownHref: commandHref(CommandId.exportReport, ['markdown']),
          exportJsonHref: commandHref(CommandId.exportReport, ['json']),
          rescanHref: commandHref(CommandId.rescan),
        },
        randomBytes(16).toString('base64'),
        panel.webview.cspSource,
      );
    } catch (e) {
      index.log.error(`report: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const scheduleRender = (): void => {
    if (!panel || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      render();
    }, 300);
  };

  const show = (): void => {
    if (panel) {
      panel.reveal();
      render();
      return;
    }
    panel = vscode.window.createWebviewPanel('tierwise.report', 'Tierwise Report', vscode.ViewColumn.Active, {
      // No script at all: the buttons are command links, allowed by name only.
      enableScripts: false,
      enableCommandUris: [CommandId.exportReport, CommandId.rescan, CommandId.showSkippedFiles, CommandId.showTestFilesSetting],
      localResourceRoots: [],
    });
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'tierwise.svg');
    panel.onDidDispose(() => {
      panel = undefined;
      clearTimeout(timer);
      timer = undefined;
    });
    render();
  };

  const exportReport = async (kind?: unknown): Promise<void> => {
    try {
      const format = kind === 'json' ? 'json' : kind === 'markdown' ? 'markdown' : await pickFormat();
      if (!format) return;
      const report = buildScanReport(index);
      const text = format === 'json' ? formatReportJson(report) : formatReportMarkdown(report);
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = format === 'json' ? 'tierwise-report.json' : 'tierwise-report.md';
      const target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
        saveLabel: 'Export',
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      index.log.info(`report exported to ${target.toString(true)}`);
      await vscode.window.showTextDocument(target, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    } catch (e) {
      index.log.error(`export: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Tierwise: the report could not be exported: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.showReport, show),
    vscode.commands.registerCommand(CommandId.exportReport, exportReport),
    index.onDidChangeCallSites(scheduleRender),
    index.onDidChangeState(scheduleRender),
    ...(testFiles ? [testFiles.onDidChange(scheduleRender)] : []),
    { dispose: () => panel?.dispose() },
  );
}

async function pickFormat(): Promise<'markdown' | 'json' | undefined> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'Markdown', description: 'for a pull-request comment', format: 'markdown' as const },
      { label: 'JSON', description: 'the CLI format, version 1', format: 'json' as const },
    ],
    { title: 'Tierwise: export the report as' },
  );
  return pick?.format;
}
