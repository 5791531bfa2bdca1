import * as vscode from 'vscode';
import { formatMoney } from '../core/present/format';
import { SIGNIFICANT_USD } from '../core/present/lens';
import { reportTotals } from '../core/present/report';
import { testFilesNote } from '../core/testFiles';
import { CommandId } from './commandIds';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { skippedFiles } from './skippedFiles';
import type { TestFileCensus } from './testFiles';

export function registerStatusBar(context: vscode.ExtensionContext, index: WorkspaceIndex, testFiles?: TestFileCensus): void {
  const item = vscode.window.createStatusBarItem('tierwise.total', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Tierwise monthly LLM cost';
  item.command = CommandId.showReport;
  const update = (): void => {
    try {
      if (index.linking) {
        // The first index runs: a total now would be that of the files read so far, not the workspace's.
        item.text = '$(sync~spin) Tierwise …';
        item.tooltip = 'Tierwise is reading the workspace: the monthly total follows when every file is linked.';
        item.show();
        return;
      }
      const sites = index.allCallSites();
      if (!sites.length) {
        if (index.indexing) {
          item.text = '$(sync~spin) Tierwise';
          item.tooltip = 'Tierwise is indexing the workspace';
          item.show();
        } else item.hide();
        return;
      }
      const t = reportTotals(sites.map((s) => s.site));
      const tests = testFilesNote(testFiles?.summary() ?? null);
      const skipped = skippedFiles(index).length;
      const saving = t.saving >= SIGNIFICANT_USD ? ` · save ${formatMoney(t.saving)}` : '';
      item.text = `${index.indexing ? '$(sync~spin)' : '$(graph)'} ${formatMoney(t.current)}/mo${saving}`;
      const md = new vscode.MarkdownString(
        `**Tierwise** · ${sites.length} LLM call site${sites.length === 1 ? '' : 's'}\n\n` +
          `| | per month |\n|---|---:|\n| Current | ${formatMoney(t.current)} |\n| Recommended routing | ${formatMoney(t.recommended)} |\n| All Sonnet | ${formatMoney(t.allSonnet)} |\n| All Haiku | ${formatMoney(t.allHaiku)} |\n\n` +
          (t.unresolved ? `${t.unresolved} call site(s) with an unresolved model are counted at the Sonnet tier.\n\n` : '') +
          (tests ? `${tests}${testFiles?.summary()?.included ? '' : ' (tierwise.scanTests)'}.\n\n` : '') +
          (skipped ? `${skipped} file${skipped === 1 ? '' : 's'} skipped (Tierwise: Show Skipped Files).\n\n` : '') +
          'Click for the report.',
      );
      item.tooltip = md;
      item.show();
    } catch (e) {
      index.log.error(`status bar: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  context.subscriptions.push(item, index.onDidChangeCallSites(update), index.onDidChangeState(update), ...(testFiles ? [testFiles.onDidChange(update)] : []));
  update();
}
