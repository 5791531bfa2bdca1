import * as vscode from 'vscode';
import * as path from 'node:path';
import { formatMoney } from '../core/present/format';
import { lensTitle } from '../core/present/lens';
import { groupSites, siteCosts, totalsOf, type GroupBy, type SiteGroup } from '../core/present/summary';
import { CommandId } from './commandIds';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { calleePosition, pointOfSite } from './positions';
import type { AnalyzedCallSite } from './services';

export const VIEW_ID = 'tierwise.calls';
const GROUP_KEY = 'tierwise.tree.groupBy';

type Node = { kind: 'group'; group: SiteGroup<AnalyzedCallSite> } | { kind: 'site'; a: AnalyzedCallSite };

function costText(current: number, saving: number): string {
  return saving >= 0.005 ? `${formatMoney(current)}/mo · save ${formatMoney(saving)}` : `${formatMoney(current)}/mo`;
}

class CallTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  groupBy: GroupBy;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly state: vscode.Memento,
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
      if (!node) return this.groups().map((group) => ({ kind: 'group', group }));
      if (node.kind === 'group') return node.group.items.map((a) => ({ kind: 'site', a }));
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

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const g = node.group;
      // By file in a multi-root workspace the key starts with the folder's name: say which folder, after the file.
      const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
      const label = this.groupBy !== 'file' ? g.key : multiRoot ? `${path.posix.basename(g.key)} (${g.key.split('/')[0]})` : path.posix.basename(g.key);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${this.groupBy}:${g.key}`;
      item.description = `${costText(g.totals.current, g.saving)} · ${g.items.length} call${g.items.length === 1 ? '' : 's'}`;
      item.tooltip = `${g.key}\nCurrent ${formatMoney(g.totals.current)}/mo · recommended ${formatMoney(g.totals.recommended)}/mo\nAll Haiku ${formatMoney(g.totals.allHaiku)}/mo · all Sonnet ${formatMoney(g.totals.allSonnet)}/mo`;
      item.iconPath = new vscode.ThemeIcon(this.groupBy === 'file' ? 'file-code' : 'symbol-class');
      item.contextValue = 'tierwise.group';
      return item;
    }
    const a = node.a;
    const c = siteCosts(a.site);
    const label = this.groupBy === 'file' ? `${a.site.taskType} · line ${a.site.line}` : `${path.posix.basename(a.site.file)}:${a.site.line}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    // The file's URI too: the same id can exist in two workspace folders, and VS Code keys tree items by id.
    item.id = `site:${this.groupBy}:${this.index.uriOf(a)?.toString() ?? ''}#${a.site.id}`;
    item.description = `${a.call.enclosingFunction} · ${costText(c.current, c.saving)}`;
    const cfg = this.index.config();
    item.tooltip = new vscode.MarkdownString(`**${a.site.id}**\n\n${lensTitle(a.site, 'full', cfg.tiers).replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`)}`);
    item.iconPath = new vscode.ThemeIcon(c.saving >= 0.005 ? 'arrow-down' : c.saving <= -0.005 ? 'arrow-up' : 'check');
    item.command = { command: CommandId.revealCallSite, title: 'Reveal', arguments: [a] };
    item.contextValue = 'tierwise.callSite';
    return item;
  }
}

export function registerTree(context: vscode.ExtensionContext, index: WorkspaceIndex): void {
  const tree = new CallTree(index, context.workspaceState);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const update = (): void => {
    const sites = index.allCallSites();
    const t = totalsOf(sites.map((s) => s.site));
    view.description = sites.length ? costText(t.current, t.current - t.recommended) : undefined;
    view.message = sites.length ? undefined : index.indexing ? 'Indexing the workspace…' : 'No LLM calls found in this workspace.';
    tree.refresh();
  };
  void vscode.commands.executeCommand('setContext', GROUP_KEY, tree.groupBy);
  context.subscriptions.push(
    view,
    index.onDidChangeCallSites(update),
    index.onDidChangeState(update),
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
