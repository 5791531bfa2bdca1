import * as vscode from 'vscode';
import * as path from 'node:path';
import { formatMoney } from '../core/present/format';
import { lensTitle, SIGNIFICANT_USD } from '../core/present/lens';
import { groupSites, siteCosts, siteLabels, totalsOf, treeDescription, type GroupBy, type SiteGroup } from '../core/present/summary';
import { testFilesNote } from '../core/testFiles';
import { CommandId } from './commandIds';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { calleePosition, pointOfSite } from './positions';
import type { AnalyzedCallSite } from './services';
import { skippedFiles } from './skippedFiles';
import type { TestFileCensus } from './testFiles';

export const VIEW_ID = 'tierwise.calls';
const GROUP_KEY = 'tierwise.tree.groupBy';

type Node =
  | { kind: 'group'; group: SiteGroup<AnalyzedCallSite> }
  | { kind: 'site'; a: AnalyzedCallSite; label: string }
  /** What the tree does not show: test files left out, files skipped. */
  | { kind: 'info'; id: string; label: string; tooltip: string; icon: string; command: string };

function costText(current: number, saving: number): string {
  return saving >= SIGNIFICANT_USD ? `${formatMoney(current)}/mo · save ${formatMoney(saving)}` : `${formatMoney(current)}/mo`;
}

class CallTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  groupBy: GroupBy;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly state: vscode.Memento,
    private readonly testFiles?: TestFileCensus,
  ) {
    this.groupBy = state.get<GroupBy>(GROUP_KEY, 'taskType');
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  setGroupBy(by: GroupBy): void {
    this.groupBy = by;
    void this.state.update(GROUP_KEY, by);
    void vscode.commands.executeCommand('setContext', GROUP_KEY, by);
    this.refresh();
  }

  getChildren(node?: Node): Node[] {
    try {
      if (!node) {
        const groups: Node[] = this.groups().map((group) => ({ kind: 'group', group }));
        return groups.length ? [...groups, ...this.infoNodes()] : [];
      }
      if (node.kind === 'group') {
        const labels = siteLabels(node.group.items.map((a) => a.site), this.groupBy);
        return node.group.items.map((a, i) => ({ kind: 'site', a, label: labels[i] }));
      }
      return [];
    } catch (e) {
      this.index.log.error(`tree: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  /**
   * Call-site ids and file paths are relative to their workspace folder, so two folders can have the same ones:
   * by file, each folder's files are grouped apart (the key gets the folder's name when there are several).
   */
  private groups(): SiteGroup<AnalyzedCallSite>[] {
    const all = this.index.allCallSites();
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (this.groupBy !== 'file' || folders.length < 2) return groupSites(all, this.groupBy);
    const byFolder = new Map<string, AnalyzedCallSite[]>();
    for (const a of all) {
      const uri = this.index.uriOf(a);
      const name = (uri && vscode.workspace.getWorkspaceFolder(uri)?.name) ?? '';
      let list = byFolder.get(name);
      if (!list) byFolder.set(name, (list = []));
      list.push(a);
    }
    const groups = [...byFolder].flatMap(([name, sites]) => groupSites(sites, 'file').map((g) => ({ ...g, key: name ? `${name}/${g.key}` : g.key })));
    return groups.sort((a, b) => b.totals.current - a.totals.current || (a.key < b.key ? -1 : 1));
  }

  private infoNodes(): Node[] {
    const out: Node[] = [];
    const tests = this.testFiles?.summary() ?? null;
    const note = testFilesNote(tests);
    if (tests && note && !tests.included) {
      out.push({
        kind: 'info',
        id: 'info:tests',
        label: note,
        tooltip: `Calls in test files are not counted (${tests.examples.join(', ')}${tests.count > tests.examples.length ? ', …' : ''}).\nClick to open the setting tierwise.scanTests, which includes them.`,
        icon: 'beaker',
        command: CommandId.showTestFilesSetting,
      });
    }
    const skipped = skippedFiles(this.index);
    if (skipped.length) {
      out.push({
        kind: 'info',
        id: 'info:skipped',
        label: `${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped`,
        tooltip: `${skipped
          .slice(0, 5)
          .map((k) => `${k.file}: ${k.reason}`)
          .join('\n')}${skipped.length > 5 ? '\n…' : ''}\nClick to list them in the Tierwise output.`,
        icon: 'warning',
        command: CommandId.showSkippedFiles,
      });
    }
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'info') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.command = { command: node.command, title: node.label };
      item.contextValue = 'tierwise.info';
      return item;
    }
    if (node.kind === 'group') {
      const g = node.group;
      // By file in a multi-root workspace the key starts with the folder's name: say which folder, after the file.
      const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      const label = this.groupBy !== 'file' ? g.key : multiRoot ? `${path.posix.basename(g.key)} (${g.key.split('/')[0]})` : path.posix.basename(g.key);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${this.groupBy}:${g.key}`;
      item.description = treeDescription(g.totals.current, g.saving);
      item.tooltip = `${g.key} · ${g.items.length} call${g.items.length === 1 ? '' : 's'}\nCurrent ${formatMoney(g.totals.current)}/mo · recommended ${formatMoney(g.totals.recommended)}/mo\nAll Haiku ${formatMoney(g.totals.allHaiku)}/mo · all Sonnet ${formatMoney(g.totals.allSonnet)}/mo`;
      item.iconPath = new vscode.ThemeIcon(this.groupBy === 'file' ? 'file-code' : 'symbol-class');
      item.contextValue = 'tierwise.group';
      return item;
    }
    const a = node.a;
    const c = siteCosts(a.site);
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    // The file's URI too: the same id can exist in two workspace folders, and VS Code keys tree items by id.
    item.id = `site:${this.groupBy}:${this.index.uriOf(a)?.toString() ?? ''}#${a.site.id}`;
    item.description = treeDescription(c.current, c.saving);
    const cfg = this.index.config();
    const esc = (t: string): string => t.replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`);
    item.tooltip = new vscode.MarkdownString(
      `**${esc(a.site.id)}**\n\n${esc(`${a.call.enclosingFunction} · ${a.site.file}:${a.site.line} · ${costText(c.current, c.saving)}`)}\n\n${esc(lensTitle(a.site, 'full', cfg.tiers))}`,
    );
    item.iconPath = new vscode.ThemeIcon(c.saving >= SIGNIFICANT_USD ? 'arrow-down' : c.saving <= -SIGNIFICANT_USD ? 'arrow-up' : 'check');
    item.command = { command: CommandId.revealCallSite, title: 'Reveal', arguments: [a] };
    item.contextValue = 'tierwise.callSite';
    return item;
  }
}

export function registerTree(context: vscode.ExtensionContext, index: WorkspaceIndex, testFiles?: TestFileCensus): void {
  const tree = new CallTree(index, context.workspaceState, testFiles);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const update = (): void => {
    const sites = index.allCallSites();
    const t = totalsOf(sites.map((s) => s.site));
    // While a folder's first index runs the total would be partial: "…" until every folder is linked.
    view.description = index.linking ? '…' : sites.length ? costText(t.current, t.current - t.recommended) : undefined;
    view.message = sites.length ? undefined : index.indexing ? 'Indexing the workspace…' : 'No LLM calls found in this workspace.';
    tree.refresh();
  };
  void vscode.commands.executeCommand('setContext', GROUP_KEY, tree.groupBy);
  context.subscriptions.push(
    view,
    index.onDidChangeCallSites(update),
    index.onDidChangeState(update),
    ...(testFiles ? [testFiles.onDidChange(update)] : []),
    vscode.commands.registerCommand(CommandId.groupByFile, () => tree.setGroupBy('file')),
    vscode.commands.registerCommand(CommandId.groupByTaskType, () => tree.setGroupBy('taskType')),
    vscode.commands.registerCommand(CommandId.revealCallSite, async (a?: AnalyzedCallSite) => {
      try {
        if (!a) return;
        const uri = index.uriOf(a);
        if (!uri) return;
        const doc = await vscode.workspace.openTextDocument(uri);
        // An open buffer may have moved since the index saw the file: ask for its current sites.
        const fresh = (await index.callSitesIn(doc)).find((s) => s.site.id === a.site.id);
        const at = fresh ? calleePosition(doc, fresh) : pointOfSite(a);
        await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
      } catch (e) {
        index.log.error(`reveal: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
  update();
}
