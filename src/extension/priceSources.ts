import * as vscode from 'vscode';
import { parsePriceTable, type LoadedPriceTable } from '../core/cost/priceFile';
import { buildPriceBook, mergeTables, PRICE_TABLE, type PriceBook, type PriceTable } from '../core/cost/prices';
import { readConfig, setPriceTableSource, type TierwiseConfig } from './config';

// Prices that change without a release: the team's price file (`tierwise.prices.file`, per folder, watched) and a
// price list downloaded on request from `tierwise.prices.url` (application scope, empty by default). Both are validated
// against schemas/prices.schema.json; a file with a problem is shown in the Problems panel and ignored as a whole.
// Nothing here touches the network except the "Update Prices from URL" command, and that one is time-bounded.

export const UPDATE_PRICES_COMMAND = 'tierwise.updatePricesFromUrl';
const DOWNLOAD_FILE = 'prices-from-url.json';
const DOWNLOAD_TIMEOUT_MS = 10_000;
const DOWNLOAD_MAX_BYTES = 2 * 1024 * 1024;

interface TeamFile {
  uri: vscode.Uri;
  loaded: LoadedPriceTable;
}

/** The price table in effect for a scope: the built-in table, then the downloaded list, then the team's file. */
export function priceBookFor(cfg: TierwiseConfig): PriceBook {
  return buildPriceBook(cfg.prices, mergeTables(PRICE_TABLE, cfg.priceTable));
}

export class PriceSources implements vscode.Disposable {
  private readonly team = new Map<string, TeamFile>();
  private downloaded: PriceTable | null = null;
  private readonly problems = vscode.languages.createDiagnosticCollection('tierwise-prices');
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.problems, this.emitter];

  constructor(
    private readonly storage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    setPriceTableSource((scope) => this.tableFor(scope));
    this.disposables.push({ dispose: () => setPriceTableSource(undefined) });
  }

  /** The downloaded list and the scope's team file, merged; null when there is neither. */
  tableFor(scope?: vscode.ConfigurationScope): PriceTable | null {
    const folder = folderOf(scope);
    const team = folder ? this.team.get(folder.uri.toString())?.loaded.table : null;
    if (!this.downloaded && !team) return null;
    if (!team) return this.downloaded;
    if (!this.downloaded) return team;
    return mergeTables(this.downloaded, team);
  }

  /** Loads everything that is local (team files, the last download); called after activation has returned. */
  async start(): Promise<void> {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tierwise.prices.file')) void this.loadTeamFiles().then(() => this.emitter.fire());
        if (e.affectsConfiguration('tierwise.prices.url')) void this.loadDownloaded().then(() => this.emitter.fire());
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.loadTeamFiles().then(() => this.emitter.fire())),
    );
    await Promise.all([this.loadTeamFiles(), this.loadDownloaded()]);
    if (this.team.size || this.downloaded) this.emitter.fire();
  }

  private async loadTeamFiles(): Promise<void> {
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.team.clear();
    this.problems.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const rel = readConfig(folder.uri).pricesFile;
      if (!rel) continue;
      const uri = insideFolder(folder, rel);
      if (!uri) {
        this.log.warn(`tierwise.prices.file "${rel}" is outside the folder ${folder.name}: ignored`);
        void vscode.window.showWarningMessage(`Tierwise: tierwise.prices.file "${rel}" must be a path inside the workspace folder ${folder.name}; it is ignored.`);
        continue;
      }
      await this.loadTeamFile(folder, uri);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, rel));
      const reload = (): void => void this.loadTeamFile(folder, uri).then(() => this.emitter.fire());
      this.watchers.set(folder.uri.toString(), vscode.Disposable.from(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload)));
    }
  }

  private async loadTeamFile(folder: vscode.WorkspaceFolder, uri: vscode.Uri): Promise<void> {
    const key = folder.uri.toString();
    const name = vscode.workspace.asRelativePath(uri, false);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.team.delete(key);
      const message = `${name}: the price file named by tierwise.prices.file does not exist or cannot be read; the built-in prices apply.`;
      this.log.warn(message);
      this.problems.delete(uri);
      void vscode.window.showWarningMessage(`Tierwise: ${message}`);
      return;
    }
    const loaded = parsePriceTable(text, name);
    this.team.set(key, { uri, loaded });
    this.problems.set(
      uri,
      loaded.problems.map((p) => {
        const at = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
        const d = new vscode.Diagnostic(new vscode.Range(at, at.translate(0, 1)), p.message, vscode.DiagnosticSeverity.Error);
        d.source = 'Tierwise';
        return d;
      }),
    );
    if (loaded.table) this.log.info(`price file ${name}: ${loaded.table.models.length} models as of ${loaded.table.asOf}`);
    else {
      this.log.warn(`price file ${name} is ignored: ${loaded.problems.map((p) => p.message).join(' ')}`);
      void vscode.window.showWarningMessage(`Tierwise: ${loaded.problems[0]?.message ?? `${name} is not a valid price file.`} See the Problems panel.`);
    }
  }

  private async loadDownloaded(): Promise<void> {
    this.downloaded = null;
    // The downloaded list is used only while the URL setting names it: clearing the setting turns it off.
    if (!readConfig().pricesUrl) return;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.storage, DOWNLOAD_FILE)));
      this.downloaded = parsePriceTable(text, 'downloaded price list').table;
    } catch {
      // Nothing downloaded yet.
    }
  }

  /** "Tierwise: Update Prices from URL": one HTTPS GET, time- and size-bounded, validated, then kept in the extension's storage. */
  async updateFromUrl(): Promise<void> {
    const url = readConfig().pricesUrl;
    if (!url) {
      void vscode.window.showInformationMessage('Tierwise: set tierwise.prices.url (user settings) to the address of a price list first.');
      return;
    }
    if (!/^https:\/\//i.test(url)) {
      void vscode.window.showErrorMessage(`Tierwise: tierwise.prices.url must be an https:// address, not "${url}".`);
      return;
    }
    let text: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
      if (!res.ok) throw new Error(`the server answered ${res.status} ${res.statusText}`);
      const length = Number(res.headers.get('content-length') ?? '0');
      if (length > DOWNLOAD_MAX_BYTES) throw new Error(`the price list is larger than ${DOWNLOAD_MAX_BYTES / 1024 / 1024} MB`);
      const body = await res.arrayBuffer();
      if (body.byteLength > DOWNLOAD_MAX_BYTES) throw new Error(`the price list is larger than ${DOWNLOAD_MAX_BYTES / 1024 / 1024} MB`);
      text = new TextDecoder().decode(body);
    } catch (e) {
      const reason = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s` : e instanceof Error ? e.message : String(e);
      this.log.warn(`price list download from ${url} failed: ${reason}`);
      void vscode.window.showErrorMessage(`Tierwise: the price list could not be downloaded (${reason}); the prices in use are unchanged.`);
      return;
    }
    const loaded = parsePriceTable(text, url);
    if (!loaded.table) {
      this.log.warn(`price list from ${url} is invalid: ${loaded.problems.map((p) => p.message).join(' ')}`);
      void vscode.window.showErrorMessage(`Tierwise: the price list is not valid (${loaded.problems[0]?.message ?? 'unknown problem'}); the prices in use are unchanged.`);
      return;
    }
    // Write to a temporary file and rename: a crash leaves the previous list, never half a file.
    await vscode.workspace.fs.createDirectory(this.storage);
    const target = vscode.Uri.joinPath(this.storage, DOWNLOAD_FILE);
    const temp = vscode.Uri.joinPath(this.storage, `${DOWNLOAD_FILE}.tmp`);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    this.downloaded = loaded.table;
    this.emitter.fire();
    void vscode.window.showInformationMessage(`Tierwise: prices updated from ${url} (${loaded.table.models.length} models as of ${loaded.table.asOf}).`);
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function folderOf(scope?: vscode.ConfigurationScope): vscode.WorkspaceFolder | undefined {
  if (!scope) return vscode.workspace.workspaceFolders?.[0];
  if (scope instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(scope);
  if ('uri' in scope && scope.uri instanceof vscode.Uri) return vscode.workspace.getWorkspaceFolder(scope.uri);
  return undefined;
}

function insideFolder(folder: vscode.WorkspaceFolder, rel: string): vscode.Uri | null {
  const clean = rel.replace(/\\/g, '/');
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean) || clean.split('/').includes('..')) return null;
  return vscode.Uri.joinPath(folder.uri, clean);
}

export function registerPriceSources(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, onChange: () => void): PriceSources {
  const sources = new PriceSources(context.globalStorageUri, log);
  context.subscriptions.push(
    sources,
    sources.onDidChange(onChange),
    vscode.commands.registerCommand(UPDATE_PRICES_COMMAND, () => sources.updateFromUrl()),
  );
  // Not during activation: reading files waits until activate() has returned.
  const t = setTimeout(() => void sources.start().catch((e) => log.error(`price sources: ${e instanceof Error ? e.message : String(e)}`)), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(t) });
  return sources;
}
