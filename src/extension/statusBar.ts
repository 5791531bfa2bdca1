import * as vscode from 'vscode';
import { formatMoney } from '../core/present/format';
import { reportTotals } from '../core/present/report';
import { CommandId } from './commandIds';
import type { WorkspaceIndex } from './index/workspaceIndex';

export function registerStatusBar(context: vscode.ExtensionContext, index: WorkspaceIndex): void {
  const item = vscode.window.createStatusBarItem('tierwise.total', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Tierwise monthly LLM cost';
  item.command = CommandId.showReport;
  const update = (): void => {
    try {
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
      const saving = t.saving >= 0.005 ? ` · save ${formatMoney(t.saving)}` : '';
      item.text = `${index.indexing ? '$(sync~spin)' : '$(graph)'} ${formatMoney(t.current)}/mo${saving}`;
      const md = new vscode.MarkdownString(
        `**Tierwise** · ${sites.length} LLM call site${sites.length === 1 ? '' : 's'}\n\n` +
          `| | per month |\n|---|---:|\n| Current | ${formatMoney(t.current)} |\n| Recommended routing | ${formatMoney(t.recommended)} |\n| All Sonnet | ${formatMoney(t.allSonnet)} |\n| All Haiku | ${formatMoney(t.allHaiku)} |\n\n` +
          (t.unresolved ? `${t.unresolved} call site(s) with an unresolved model are counted at the Sonnet tier.\n\n` : '') +
          'Click for the report.',
      );
      item.tooltip = md;
      item.show();
    } catch (e) {
      index.log.error(`status bar: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  context.subscriptions.push(item, index.onDidChangeCallSites(update), index.onDidChangeState(update));
  update();
}
