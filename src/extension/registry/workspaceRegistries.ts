// The registry files a workspace folder already has (found by content, anywhere in the folder), and the folders a
// move created, removed again when an undo deletes the registry it created (VS Code's undo deletes the file only).
import * as vscode from 'vscode';
import { registryCandidate, type RegistryInfo } from '../../core/registry';

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}';
const NEVER = '{**/node_modules/**,**/.git/**,**/.venv/**,**/venv/**,**/site-packages/**,**/__pycache__/**,**/dist/**,**/out/**,**/build/**,**/*.min.js,**/*.d.ts}';
/** Files larger than this are not registries (and reading them would slow the fix). */
const MAX_BYTES = 512 * 1024;
const MAX_FILES = 20_000;
/** The folders of NEVER, for files the watcher reports. */
const NEVER_DIR = /(^|\/)(node_modules|\.git|\.venv|venv|site-packages|__pycache__|dist|out|build)\//;

interface FolderState {
  /** Registry files by folder-relative path, once the folder has been read. */
  found: Map<string, RegistryInfo>;
  /** Files created or changed since: read again on the next look-up. */
  dirty: Set<string>;
}

/** Candidates per folder: read once, then only the source files that were created, changed or deleted since. */
export class WorkspaceRegistries implements vscode.Disposable {
  private readonly folders = new Map<string, Promise<FolderState>>();
  private readonly subs: vscode.Disposable[] = [];
  /** Folders a move created, per created file (URI strings), deepest first. */
  private readonly createdDirs = new Map<string, vscode.Uri[]>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
    const touched = (uri: vscode.Uri) => void this.mark(uri, 'changed');
    this.subs.push(
      watcher,
      watcher.onDidCreate(touched),
      watcher.onDidChange(touched),
      watcher.onDidDelete((uri) => {
        void this.mark(uri, 'deleted');
        void this.removeCreatedDirs(uri);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => touched(d.uri)),
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) void this.removeCreatedDirs(uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.folders.clear()),
    );
  }

  private async mark(uri: vscode.Uri, how: 'changed' | 'deleted'): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folder && this.folders.get(folder.uri.toString());
    if (!folder || !state) return;
    const rel = relativeTo(folder, uri);
    if (rel === null || NEVER_DIR.test(rel) || /\.d\.[cm]?ts$|\.min\.js$/.test(rel)) return;
    const s = await state.catch(() => null);
    if (!s) return;
    if (how === 'deleted') {
      s.found.delete(rel);
      s.dirty.delete(rel);
    } else s.dirty.add(rel);
  }

  /** Every registry file of the folder (open editors' text wins over the disk). */
  async find(folder: vscode.WorkspaceFolder): Promise<RegistryInfo[]> {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (!state) {
      state = this.scan(folder);
      this.folders.set(key, state);
    }
    try {
      const s = await state;
      const again = [...s.dirty];
      s.dirty.clear();
      await Promise.all(
        again.map(async (rel) => {
          const info = await this.read(folder, rel);
          if (info) s.found.set(rel, info);
          else s.found.delete(rel);
        }),
      );
      return [...s.found.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
    } catch (e) {
      this.log.warn(`registry discovery in ${folder.name}: ${e instanceof Error ? e.message : String(e)}`);
      this.folders.delete(key);
      return [];
    }
  }

  private async read(folder: vscode.WorkspaceFolder, rel: string): Promise<RegistryInfo | null> {
    const uri = vscode.Uri.joinPath(folder.uri, rel);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (doc) text = doc.getText();
    else {
      const bytes = await vscode.workspace.fs.readFile(uri).then(
        (b) => b,
        () => null,
      );
      if (!bytes || bytes.byteLength > MAX_BYTES) return null;
      text = Buffer.from(bytes).toString('utf8');
    }
    return registryCandidate(rel, text);
  }

  private async scan(folder: vscode.WorkspaceFolder): Promise<FolderState> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), new vscode.RelativePattern(folder, NEVER), MAX_FILES);
    const state: FolderState = { found: new Map(), dirty: new Set() };
    const rels = uris.map((u) => relativeTo(folder, u)).filter((r): r is string => r !== null);
    // A few reads at a time: the folder may be large and the machine busy.
    for (let i = 0; i < rels.length; i += 32) {
      await Promise.all(
        rels.slice(i, i + 32).map(async (rel) => {
          const info = await this.read(folder, rel);
          if (info) state.found.set(rel, info);
        }),
      );
    }
    return state;
  }

  /** Before a move creates `file`: the folders above it that do not exist yet (so an undo can remove them). */
  async rememberMissingDirs(folder: vscode.WorkspaceFolder, file: string): Promise<void> {
    const parts = file.split('/').slice(0, -1);
    const missing: vscode.Uri[] = [];
    for (let n = parts.length; n > 0; n--) {
      const dir = vscode.Uri.joinPath(folder.uri, ...parts.slice(0, n));
      const there = await vscode.workspace.fs.stat(dir).then(
        () => true,
        () => false,
      );
      if (there) break;
      missing.push(dir);
    }
    const uri = vscode.Uri.joinPath(folder.uri, file).toString();
    if (missing.length) this.createdDirs.set(uri, missing);
    else this.createdDirs.delete(uri);
  }

  /** The created registry is gone (an undo): remove the folders the move created for it, while they are empty. */
  private async removeCreatedDirs(deleted: vscode.Uri): Promise<void> {
    const dirs = this.createdDirs.get(deleted.toString());
    if (!dirs) return;
    const there = await vscode.workspace.fs.stat(deleted).then(
      () => true,
      () => false,
    );
    if (there) return;
    for (const dir of dirs) {
      const entries = await vscode.workspace.fs.readDirectory(dir).then(
        (e) => e,
        () => null,
      );
      if (!entries || entries.length) break;
      try {
        await vscode.workspace.fs.delete(dir, { recursive: false, useTrash: false });
        this.log.info(`removed ${vscode.workspace.asRelativePath(dir)}: the move that created it was undone`);
      } catch (e) {
        this.log.warn(`could not remove ${dir.toString(true)}: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
    }
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.folders.clear();
  }
}

function relativeTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | null {
  if (uri.scheme !== folder.uri.scheme || uri.authority !== folder.uri.authority) return null;
  const base = folder.uri.path.replace(/\/?$/, '/');
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : null;
}
