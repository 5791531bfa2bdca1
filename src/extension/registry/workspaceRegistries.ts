// The registry files a workspace folder already has (found by content, anywhere in the folder), and the folders a
// move created, removed again when an undo deletes the registry it created (VS Code's undo deletes the file only).
import * as vscode from 'vscode';
import { registryCandidate, type RegistryInfo } from '../../core/registry';

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}';
const NEVER = '{**/node_modules/**,**/.git/**,**/.venv/**,**/venv/**,**/site-packages/**,**/__pycache__/**,**/dist/**,**/out/**,**/build/**,**/*.min.js,**/*.d.ts}';
/** Files larger than this are not registries (and reading them would slow the fix). */
const MAX_BYTES = 512 * 1024;
const MAX_FILES = 20_000;

/** Candidates per folder, dropped when a source file of the folder is created, changed or deleted. */
export class WorkspaceRegistries implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<RegistryInfo[]>>();
  private readonly subs: vscode.Disposable[] = [];
  /** Folders a move created, per created file (folder-relative URIs as strings), deepest first. */
  private readonly createdDirs = new Map<string, vscode.Uri[]>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
    const drop = (uri: vscode.Uri) => {
      for (const key of [...this.cache.keys()]) if (uri.toString().startsWith(key)) this.cache.delete(key);
    };
    this.subs.push(
      watcher,
      watcher.onDidCreate(drop),
      watcher.onDidChange(drop),
      watcher.onDidDelete((uri) => {
        drop(uri);
        void this.removeCreatedDirs(uri);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => drop(d.uri)),
      vscode.workspace.onDidDeleteFiles((e) => {
        for (const uri of e.files) void this.removeCreatedDirs(uri);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.cache.clear()),
    );
  }

  /** Every registry file of the folder (open editors' text wins over the disk). */
  find(folder: vscode.WorkspaceFolder): Promise<RegistryInfo[]> {
    const key = folder.uri.toString().replace(/\/?$/, '/');
    let found = this.cache.get(key);
    if (!found) {
      found = this.scan(folder).catch((e: unknown) => {
        this.log.warn(`registry discovery in ${folder.name}: ${e instanceof Error ? e.message : String(e)}`);
        this.cache.delete(key);
        return [];
      });
      this.cache.set(key, found);
    }
    return found;
  }

  private async scan(folder: vscode.WorkspaceFolder): Promise<RegistryInfo[]> {
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), new vscode.RelativePattern(folder, NEVER), MAX_FILES);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const base = folder.uri.path.replace(/\/?$/, '/');
    const out: RegistryInfo[] = [];
    const read = async (uri: vscode.Uri): Promise<void> => {
      if (!uri.path.startsWith(base)) return;
      const rel = uri.path.slice(base.length);
      let text: string;
      const doc = open.get(uri.toString());
      if (doc) text = doc.getText();
      else {
        const bytes = await vscode.workspace.fs.readFile(uri).then(
          (b) => b,
          () => null,
        );
        if (!bytes || bytes.byteLength > MAX_BYTES) return;
        text = Buffer.from(bytes).toString('utf8');
      }
      const info = registryCandidate(rel, text);
      if (info) out.push(info);
    };
    // A few reads at a time: the folder may be large and the machine busy.
    for (let i = 0; i < uris.length; i += 32) await Promise.all(uris.slice(i, i + 32).map(read));
    out.sort((a, b) => (a.file < b.file ? -1 : 1));
    return out;
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
    this.cache.clear();
  }
}
