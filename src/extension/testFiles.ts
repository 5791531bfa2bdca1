import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isTestFile, type TestFileSummary } from '../core/testFiles';
import { readConfig } from './config';
import { isSourceFile, SOURCE_GLOB } from './index/exclude';
import { walkSourceFiles } from './index/walk';
import type { WorkspaceIndex } from './index/workspaceIndex';

/**
 * How many test files the workspace has, for "9 test files not scanned" in the report, the tree and the status bar.
 * The scanners leave test files out (by default) without a trace in their results, so the files are listed here with
 * the index's own walk and excludes (files.exclude, search.exclude, tierwise.exclude, every .gitignore) and counted
 * with the scanners' rules (src/core/testFiles.ts). Counted after each index run and when files are created, deleted
 * or renamed in the editor; never while typing.
 */
export class TestFileCensus implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private current: TestFileSummary | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private run = 0;
  private wasIndexing = false;

  constructor(private readonly index: WorkspaceIndex) {
    const ws = vscode.workspace;
    this.disposables.push(
      index.onDidChangeState(() => {
        // Count once indexing has ended (the listing is fresh then), not on every state change.
        if (this.wasIndexing && !index.indexing) this.schedule(0);
        this.wasIndexing = index.indexing;
      }),
      ws.onDidCreateFiles(() => this.schedule()),
      ws.onDidDeleteFiles(() => this.schedule()),
      ws.onDidRenameFiles(() => this.schedule()),
      ws.onDidChangeWorkspaceFolders(() => this.schedule()),
      ws.onDidChangeConfiguration((e) => {
        if (['tierwise.scanTests', 'tierwise.exclude', 'files.exclude', 'search.exclude'].some((k) => e.affectsConfiguration(k))) this.schedule(0);
      }),
      this.emitter,
    );
  }

  /** The workspace's test files, summed over its folders; null until counted. */
  summary(): TestFileSummary | null {
    return this.current;
  }

  private schedule(delay = 1000): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.count(), delay);
  }

  private async count(): Promise<void> {
    const run = ++this.run;
    try {
      let included = false;
      let count = 0;
      const examples: string[] = [];
      const folders = vscode.workspace.workspaceFolders ?? [];
      for (const folder of folders) {
        const cfg = readConfig(folder.uri);
        included ||= cfg.scanTests;
        // The rules look at folder-relative paths (tests/…); with several folders the examples name the folder.
        // (A Python module named like a test outside a tests folder is one only if it holds a test: its text says.)
        const read = (rel: string): string | null => {
          try {
            return folder.uri.scheme === 'file' ? readFileSync(path.join(folder.uri.fsPath, rel), 'utf8') : null;
          } catch {
            return null;
          }
        };
        const tests = (await this.list(folder, cfg.exclude)).filter((f) => isTestFile(f, read));
        count += tests.length;
        for (const f of tests) if (examples.length < 5) examples.push(folders.length > 1 ? `${folder.name}/${f}` : f);
      }
      if (run !== this.run) return;
      const summary: TestFileSummary = { count, included, examples };
      const changed = JSON.stringify(summary) !== JSON.stringify(this.current);
      this.current = summary;
      if (changed) {
        if (summary.count) this.index.log.info(`${summary.count} test file${summary.count === 1 ? '' : 's'} ${summary.included ? 'scanned' : 'not scanned (tierwise.scanTests)'}, e.g. ${summary.examples.join(', ')}`);
        this.emitter.fire();
      }
    } catch (e) {
      this.index.log.warn(`counting test files: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async list(folder: vscode.WorkspaceFolder, globs: string[]): Promise<string[]> {
    const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? {})) as T;
    const globMaps = [
      plain(vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude')),
      plain(vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude')),
    ];
    if (folder.uri.scheme === 'file') return (await walkSourceFiles(folder.uri.fsPath, { globMaps, globs })).files;
    // Other file systems: the editor's file search (files.exclude applies; enough for a count).
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), undefined, 50_000);
    return uris.map((u) => vscode.workspace.asRelativePath(u, false)).filter(isSourceFile);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.run++;
    for (const d of this.disposables) d.dispose();
  }
}
