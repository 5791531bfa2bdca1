import * as vscode from 'vscode';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readConfig, affectsAnalysis, type TierwiseConfig } from '../config';
import type { AnalyzedCallSite, TierwiseServices } from '../services';
import { shiftSpan, type TextChange } from '../../core/present/shift';
import { indexedKind, isSourceFile, makeExcludeTest, PROMPT_ASSET_GLOB, SOURCE_GLOB, USAGE_FILE } from './exclude';
import type { AnalysisSettings, FileResult, FromWorker, Listed, Timings, ToWorker, UsageProblemData } from './protocol';

/** Wait after the last keystroke before re-analysing a buffer. */
const EDIT_DEBOUNCE_MS = 150;
/** Batch watcher events (a branch switch changes hundreds of files at once). */
const WATCH_DEBOUNCE_MS = 300;

// Omit of a union loses the discriminant; distribute it.
type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

interface Done {
  ok: boolean;
  error?: string;
  timings?: Timings;
  cancelled?: boolean;
  listed?: Listed;
}

interface FileEntry extends FileResult {
  /** Set when a newer text of this open file did not parse: `sites` are the last good ones, at `version`. */
  stale?: boolean;
}

interface FolderState {
  folder: vscode.WorkspaceFolder;
  key: string;
  files: Map<string, FileEntry>;
  excluded: (rel: string) => boolean;
  pricing: { asOf: string; tiers: { haiku: string; sonnet: string } } | null;
  usageProblems: UsageProblemData[];
  skipped: Array<{ file: string; reason: string }>;
  pendingReload: Set<string>;
  pendingDelete: Set<string>;
  watchTimer?: ReturnType<typeof setTimeout>;
  /**
   * Every listed file has been read and linked once. Until then a file's results may come from a computation
   * over part of the folder (an editor's buffer analysed before the first index), with wrong figures.
   */
  linked: boolean;
}

interface DocState {
  /** Edits since the versions results may refer to: results at version v are moved through every entry with version > v. */
  log: Array<{ version: number; changes: TextChange[] }>;
  timer?: ReturnType<typeof setTimeout>;
  /** Version whose text the worker has (or is about to have). */
  sentVersion: number;
  /** Resolves when the worker has analysed `sentVersion`. */
  analysed: Promise<void>;
  /** Cache of the call sites moved to the current document version. */
  cache?: { version: number; sites: AnalyzedCallSite[] };
}

export interface IndexStats {
  files: number;
  callSites: number;
  lastIndexMs: number | null;
  lastTimings: Timings | null;
  indexing: boolean;
}

/**
 * The workspace index: owns the worker, keeps per-file results, follows editors, watchers and settings.
 * Nothing here parses on the extension host's main thread; providers only read `files`.
 */
export class WorkspaceIndex implements TierwiseServices, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCallSites = this.emitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<void>();
  /** Fires when indexing starts or ends, or folder-level facts (usage-file errors, skipped files) change. */
  readonly onDidChangeState = this.stateEmitter.event;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly folders = new Map<string, FolderState>();
  private readonly docs = new Map<string, DocState>();
  private worker: Worker | undefined;
  private workerReady: Promise<void> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (d: Done) => void; progress?: (done: number, total: number) => void }>();
  private flat: AnalyzedCallSite[] | null = null;
  private fireTimer: ReturnType<typeof setTimeout> | undefined;
  private indexRun: Promise<void> | undefined;
  private indexCts: vscode.CancellationTokenSource | undefined;
  /** Index runs started and not ended; `start()` not called yet counts as one (the first index is coming). */
  private indexRuns = 1;
  private linkWaiters: Array<() => void> = [];
  private disposed = false;
  readonly stats: IndexStats = { files: 0, callSites: 0, lastIndexMs: null, lastTimings: null, indexing: false };

  constructor(
    readonly log: vscode.LogOutputChannel,
    private readonly workerPath: string,
  ) {}

  config(scope?: vscode.ConfigurationScope): TierwiseConfig {
    return readConfig(scope);
  }

  /** Starts everything that costs time: called after activation has returned. */
  start(): void {
    const ws = vscode.workspace;
    this.disposables.push(
      ws.onDidOpenTextDocument((d) => this.scheduleDocument(d, 0)),
      ws.onDidChangeTextDocument((e) => this.onDocumentChanged(e)),
      ws.onDidCloseTextDocument((d) => this.onDocumentClosed(d)),
      ws.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.removeFolder(f);
        if (e.added.length) void this.reindex('workspace folders added');
      }),
      ws.onDidChangeConfiguration((e) => this.onConfigChanged(e)),
    );
    void this.reindex('activation');
    this.indexRuns--; // the stand-in for the first index: reindex() counts the real one
  }

  // ------------------------------------------------------------------------------------------
  // Services

  /**
   * `unlinked`: answer at once with what a computation over part of the folder gives while the first index runs
   * (the lenses show their places with "…"); otherwise wait until the folder is linked (`isLinked`).
   */
  async callSitesIn(document: vscode.TextDocument, token?: vscode.CancellationToken, options?: { unlinked?: boolean }): Promise<readonly AnalyzedCallSite[]> {
    try {
      let f = this.locate(document.uri);
      if (!f) {
        // Asked before the first index reached this folder: register it now rather than answer nothing.
        const folder = vscode.workspace.getWorkspaceFolder(document.uri);
        if (!folder || this.disposed) return [];
        await this.ensureFolder(folder);
        f = this.locate(document.uri);
      }
      if (!f || !isSourceFile(f.rel) || f.state.excluded(f.rel)) return [];
      let doc = this.docs.get(document.uri.toString());
      if (!doc || doc.sentVersion < document.version) {
        // Someone needs this version now: analyse without waiting for the debounce.
        doc = this.sendDocument(document, f.state, f.rel);
      }
      await raceCancel(doc.analysed, token);
      if (!options?.unlinked) await this.untilLinked(f.state, token);
      return this.sitesOfOpenDocument(document, f.state, f.rel);
    } catch (e) {
      this.log.error(`callSitesIn ${document.uri.toString(true)}: ${errorText(e)}`);
      return [];
    }
  }

  /** Every call site of the linked folders (a folder whose first index runs has none yet: see `linking`). */
  allCallSites(): readonly AnalyzedCallSite[] {
    if (!this.flat) {
      const out: AnalyzedCallSite[] = [];
      for (const f of this.folders.values()) if (this.isFolderLinked(f)) for (const e of f.files.values()) out.push(...e.sites);
      this.flat = out;
      this.stats.callSites = out.length;
    }
    return this.flat;
  }

  /** Folder-level facts for the report and the status bar. */
  folderStates(): ReadonlyArray<Pick<FolderState, 'folder' | 'pricing' | 'usageProblems' | 'skipped'>> {
    return [...this.folders.values()];
  }

  /** The workspace folder a call site's file (relative path) belongs to, to open it. */
  uriOf(site: AnalyzedCallSite): vscode.Uri | undefined {
    for (const f of this.folders.values()) {
      if (f.files.get(site.site.file)?.sites.includes(site)) return vscode.Uri.joinPath(f.folder.uri, site.site.file);
    }
    const first = [...this.folders.values()].find((f) => f.files.has(site.site.file));
    return first ? vscode.Uri.joinPath(first.folder.uri, site.site.file) : undefined;
  }

  /** Resolves when the current (or last) index run has ended. */
  reindexDone(): Promise<void> {
    return this.indexRun ?? Promise.resolve();
  }

  get indexing(): boolean {
    return this.stats.indexing;
  }

  /** Some folder's first index is still running: workspace totals would be partial (the status bar shows "…"). */
  get linking(): boolean {
    if (this.indexRuns > 0 && !this.folders.size) return true;
    for (const f of this.folders.values()) if (!this.isFolderLinked(f)) return true;
    return false;
  }

  /** Whether a document's call sites are the whole computation's (false while its folder's first index runs). */
  isLinked(uri: vscode.Uri): boolean {
    const f = this.locate(uri);
    return f ? this.isFolderLinked(f.state) : this.indexRuns === 0;
  }

  /** Linked, or no index is coming that would link it (failed, cancelled by the user): show what there is. */
  private isFolderLinked(state: FolderState): boolean {
    return state.linked || this.indexRuns === 0;
  }

  private async untilLinked(state: FolderState, token?: vscode.CancellationToken): Promise<void> {
    while (!this.isFolderLinked(state) && !this.disposed && !token?.isCancellationRequested) {
      await raceCancel(new Promise<void>((r) => this.linkWaiters.push(r)), token);
    }
  }

  /** Link states changed: the figures of newly linked folders are shown (lenses, status bar, tree, waiting callers). */
  private linkChanged(): void {
    const waiters = this.linkWaiters;
    this.linkWaiters = [];
    for (const w of waiters) w();
    this.changed();
    this.stateEmitter.fire();
  }

  // ------------------------------------------------------------------------------------------
  // Indexing

  /** Lists and (re)analyses every source file of every folder; unchanged files are not parsed again. */
  reindex(reason: string): Promise<void> {
    this.indexCts?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.indexCts = cts;
    const previous = this.indexRun ?? Promise.resolve();
    this.indexRuns++;
    const run = previous.then(() =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Tierwise: indexing LLM calls', cancellable: true },
          (progress, token) => {
            const sub = token.onCancellationRequested(() => cts.cancel());
            return this.indexAll(reason, progress, cts.token).finally(() => sub.dispose());
          },
        ),
      ),
    );
    this.indexRun = run
      .catch((e) => this.log.error(`indexing failed: ${errorText(e)}`))
      .finally(() => {
        this.indexRuns--;
        if (this.indexRuns === 0) this.linkChanged();
      });
    return this.indexRun;
  }

  private async indexAll(reason: string, progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<void> {
    if (token.isCancellationRequested || this.disposed) return;
    const t0 = performance.now();
    this.stats.indexing = true;
    this.stateEmitter.fire();
    try {
      await this.ensureWorker();
      const folders = vscode.workspace.workspaceFolders ?? [];
      let listed = 0;
      const jobs: Array<{ state: FolderState; files: string[] }> = [];
      for (const folder of folders) {
        if (token.isCancellationRequested) return;
        const state = await this.ensureFolder(folder);
        const files = await this.listFolder(state, token);
        listed += files.length;
        jobs.push({ state, files });
        // Files the index knew that are gone or newly excluded.
        const keep = new Set(files);
        const gone = [...state.files.keys()].filter((f) => !keep.has(f) && !this.isOpen(folder, f));
        if (gone.length) await this.request({ type: 'delete', key: state.key, files: gone });
        await this.sendUsage(state);
      }
      this.log.info(`indexing ${listed} files in ${folders.length} folder(s) (${reason})`);
      let done = 0;
      const total = Math.max(1, listed);
      const timings: Timings = { readMs: 0, analyzeMs: 0, linkMs: 0, costMs: 0, files: 0 };
      for (const { state, files } of jobs) {
        // Open editors win over the disk: their buffers are sent separately.
        const fromDisk = files.filter((f) => !this.isOpen(state.folder, f));
        let reported = 0;
        const r = await this.request({ type: 'index', key: state.key, files: fromDisk }, token, (d) => {
          progress.report({ message: `${done + d} / ${listed} files`, increment: ((d - reported) * 100) / total });
          reported = d;
        });
        done += fromDisk.length;
        if (r.timings) addTimings(timings, r.timings);
        if (!r.ok) this.log.error(`indexing ${state.folder.name} failed: ${r.error}`);
        if (r.cancelled || token.isCancellationRequested) {
          this.log.info('indexing cancelled: results so far are kept');
          return;
        }
        if (r.ok && !state.linked) {
          state.linked = true;
          this.linkChanged();
        }
      }
      for (const d of vscode.workspace.textDocuments) this.scheduleDocument(d, 0);
      const ms = performance.now() - t0;
      this.stats.files = listed;
      this.stats.lastIndexMs = ms;
      this.stats.lastTimings = timings;
      this.log.info(
        `indexed ${listed} files, ${this.allCallSites().length} call sites in ${ms.toFixed(0)} ms ` +
          `(worker: read ${timings.readMs.toFixed(0)} ms, analyse ${timings.analyzeMs.toFixed(0)} ms, link ${timings.linkMs.toFixed(0)} ms, cost ${timings.costMs.toFixed(0)} ms)`,
      );
    } finally {
      this.stats.indexing = false;
      this.stateEmitter.fire();
    }
  }

  /**
   * The folder's source files, and the exclude test the watcher uses from then on. Local folders are walked
   * in the worker (Node fs, .gitignore files read on the way); other file systems go through findFiles.
   */
  private async listFolder(state: FolderState, token: vscode.CancellationToken): Promise<string[]> {
    const folder = state.folder;
    const cfg = readConfig(folder.uri);
    const filesExclude = plainJson(vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {});
    const searchExclude = plainJson(vscode.workspace.getConfiguration('search', folder.uri).get<Record<string, unknown>>('exclude') ?? {});
    const globMaps = [filesExclude, searchExclude];
    const globs = [...cfg.exclude];
    if (folder.uri.scheme === 'file') {
      const r = await this.request({ type: 'list', key: state.key, globMaps, globs }, token);
      if (r.ok && r.listed) {
        const test = makeExcludeTest({ globMaps, globs, gitignores: r.listed.gitignores });
        state.excluded = (rel) => /(^|\/)(node_modules|\.git)\//.test(rel) || test(rel);
        for (const e of r.listed.errors.slice(0, 5)) this.log.warn(`listing ${folder.name}: ${e}`);
        this.log.info(`listed ${r.listed.files.length} source files of ${folder.name} in ${r.listed.ms.toFixed(0)} ms (worker)`);
        return r.listed.files;
      }
      this.log.warn(`listing ${folder.name} in the worker failed (${r.error ?? 'cancelled'}); using the editor's file search`);
    }
    state.excluded = await this.buildExcludeTest(folder, globMaps, globs);
    // `undefined` as exclude applies files.exclude; search.exclude, .gitignore and tierwise.exclude are tested below.
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), undefined, undefined, token);
    const out: string[] = [];
    for (const u of uris) {
      const rel = relativePath(folder, u);
      if (rel && isSourceFile(rel) && !state.excluded(rel)) out.push(rel);
    }
    return out.sort();
  }

  private async buildExcludeTest(folder: vscode.WorkspaceFolder, globMaps: Array<Record<string, unknown>>, globs: string[]): Promise<(rel: string) => boolean> {
    const gitignores: Array<{ dir: string; text: string }> = [];
    try {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), '**/node_modules/**', 500);
      for (const u of found) {
        const rel = relativePath(folder, u);
        if (rel === null) continue;
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
        gitignores.push({ dir: path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel), text });
      }
    } catch (e) {
      this.log.warn(`reading .gitignore files of ${folder.name}: ${errorText(e)}`);
    }
    return makeExcludeTest({ globMaps, globs, gitignores });
  }

  private async ensureFolder(folder: vscode.WorkspaceFolder): Promise<FolderState> {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (state) return state;
    state = {
      folder,
      key,
      files: new Map(),
      excluded: () => false,
      pricing: null,
      usageProblems: [],
      skipped: [],
      pendingReload: new Set(),
      pendingDelete: new Set(),
      linked: false,
    };
    this.folders.set(key, state);
    const r = await this.request({ type: 'folder', folder: { key, root: folder.uri.scheme === 'file' ? folder.uri.fsPath : '', settings: analysisSettings(readConfig(folder.uri), key) } });
    if (!r.ok) {
      this.folders.delete(key);
      throw new Error(`the index worker did not take folder ${folder.name}: ${r.error}`);
    }
    this.watchFolder(state);
    return state;
  }

  private removeFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    if (!this.folders.delete(key)) return;
    void this.request({ type: 'removeFolder', key });
    this.changed();
  }

  private watchFolder(state: FolderState): void {
    const folder = state.folder;
    const sources = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, SOURCE_GLOB));
    // Prompt files read at run time: saved, created or deleted, the calls that read them are computed again.
    const assets = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, PROMPT_ASSET_GLOB));
    const onSource = (uri: vscode.Uri, deleted: boolean): void => {
      const rel = relativePath(folder, uri);
      if (rel === null || !indexedKind(rel) || state.excluded(rel)) return;
      // An open editor's buffer is the truth while it is open.
      if (!deleted && this.isOpen(folder, rel)) return;
      (deleted ? state.pendingDelete : state.pendingReload).add(rel);
      (deleted ? state.pendingReload : state.pendingDelete).delete(rel);
      clearTimeout(state.watchTimer);
      state.watchTimer = setTimeout(() => this.flushWatch(state), WATCH_DEBOUNCE_MS);
    };
    // A folder created or deleted with its files at once (a copy, a checkout, rm -r) is reported as the folder alone:
    // its files are listed (created) or forgotten under it (deleted).
    const entries = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'), false, true, false);
    const onEntry = async (uri: vscode.Uri, deleted: boolean): Promise<void> => {
      const rel = relativePath(folder, uri);
      if (rel === null || indexedKind(rel) || rel === USAGE_FILE || state.excluded(`${rel}/_`)) return;
      try {
        if (deleted) {
          state.pendingDelete.add(rel);
        } else {
          if (!((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory)) return;
          const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*'), undefined, 20_000);
          for (const u of found) onSource(u, false);
          return;
        }
      } catch (e) {
        this.log.debug(`watcher: ${rel}: ${errorText(e)}`);
        return;
      }
      clearTimeout(state.watchTimer);
      state.watchTimer = setTimeout(() => this.flushWatch(state), WATCH_DEBOUNCE_MS);
    };
    const usage = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, USAGE_FILE));
    const onUsage = (): void => void this.sendUsage(state);
    const ignores = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/.gitignore'));
    this.disposables.push(
      sources,
      sources.onDidCreate((u) => onSource(u, false)),
      sources.onDidChange((u) => onSource(u, false)),
      sources.onDidDelete((u) => onSource(u, true)),
      assets,
      assets.onDidCreate((u) => onSource(u, false)),
      assets.onDidChange((u) => onSource(u, false)),
      assets.onDidDelete((u) => onSource(u, true)),
      entries,
      entries.onDidCreate((u) => void onEntry(u, false)),
      entries.onDidDelete((u) => void onEntry(u, true)),
      usage,
      usage.onDidCreate(onUsage),
      usage.onDidChange(onUsage),
      usage.onDidDelete(onUsage),
      ignores,
      ignores.onDidChange(() => void this.reindex('.gitignore changed')),
      ignores.onDidCreate(() => void this.reindex('.gitignore created')),
      ignores.onDidDelete(() => void this.reindex('.gitignore deleted')),
    );
  }

  private flushWatch(state: FolderState): void {
    const reload = [...state.pendingReload];
    const del = [...state.pendingDelete];
    state.pendingReload.clear();
    state.pendingDelete.clear();
    if (del.length) void this.request({ type: 'delete', key: state.key, files: del });
    if (reload.length) {
      this.log.debug(`watcher: re-reading ${reload.length} file(s) of ${state.folder.name}`);
      void this.request({ type: 'reload', key: state.key, files: reload });
    }
  }

  private async sendUsage(state: FolderState): Promise<void> {
    const uri = vscode.Uri.joinPath(state.folder.uri, USAGE_FILE);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string | null = null;
    if (open) text = open.getText();
    else {
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        text = null;
      }
    }
    await this.request({ type: 'usage', key: state.key, text });
  }

  // ------------------------------------------------------------------------------------------
  // Open documents

  private scheduleDocument(document: vscode.TextDocument, delay: number): void {
    const f = this.locate(document.uri);
    if (!f) return;
    if (f.rel === USAGE_FILE) {
      const doc = this.docState(document);
      clearTimeout(doc.timer);
      doc.timer = setTimeout(() => void this.sendUsage(f.state), delay);
      return;
    }
    // Source files, and prompt files (an open one's buffer is what its calls read, as for source files).
    if (!indexedKind(f.rel) || f.state.excluded(f.rel)) return;
    const doc = this.docState(document);
    if (doc.sentVersion >= document.version) return;
    clearTimeout(doc.timer);
    doc.timer = setTimeout(() => {
      if (!document.isClosed) this.sendDocument(document, f.state, f.rel);
    }, delay);
  }

  private docState(document: vscode.TextDocument): DocState {
    const key = document.uri.toString();
    let doc = this.docs.get(key);
    if (!doc) {
      doc = { log: [], sentVersion: -1, analysed: Promise.resolve() };
      this.docs.set(key, doc);
    }
    return doc;
  }

  private sendDocument(document: vscode.TextDocument, state: FolderState, rel: string): DocState {
    const doc = this.docState(document);
    clearTimeout(doc.timer);
    if (doc.sentVersion >= document.version) return doc;
    doc.sentVersion = document.version;
    doc.analysed = this.request({ type: 'set', key: state.key, file: rel, text: document.getText(), version: document.version }).then((r) => {
      if (!r.ok) this.log.warn(`analysing ${rel} failed: ${r.error}`);
      else if (r.timings) this.log.trace(`analysed ${rel} v${document.version} (analyse ${r.timings.analyzeMs.toFixed(1)} ms, link ${r.timings.linkMs.toFixed(1)} ms, cost ${r.timings.costMs.toFixed(1)} ms)`);
    });
    return doc;
  }

  private onDocumentChanged(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const doc = this.docs.get(e.document.uri.toString());
    // The edit log moves a file's call sites; a prompt file has none (its calls are in other files).
    if (doc && isSourceFile(e.document.uri.path)) {
      doc.log.push({
        version: e.document.version,
        changes: e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text })),
      });
      doc.cache = undefined;
    }
    this.scheduleDocument(e.document, EDIT_DEBOUNCE_MS);
  }

  private onDocumentClosed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const doc = this.docs.get(key);
    if (!doc) return;
    clearTimeout(doc.timer);
    this.docs.delete(key);
    const f = this.locate(document.uri);
    if (!f) return;
    if (f.rel === USAGE_FILE) {
      void this.sendUsage(f.state);
      return;
    }
    // The buffer may have been closed without saving: the disk is the truth again.
    if (indexedKind(f.rel) && !f.state.excluded(f.rel)) void this.request({ type: 'reload', key: f.state.key, files: [f.rel] });
  }

  /** The sites of an open document, moved through the edits made since the text they were computed from. */
  private sitesOfOpenDocument(document: vscode.TextDocument, state: FolderState, rel: string): AnalyzedCallSite[] {
    const doc = this.docs.get(document.uri.toString());
    const entry = state.files.get(rel);
    if (!entry) return [];
    if (!doc) return entry.sites;
    if (doc.cache && doc.cache.version === document.version) return doc.cache.sites;
    const from = entry.version ?? -1;
    const later = doc.log.filter((l) => l.version > from);
    const sites = later.length ? entry.sites.map((s) => shiftSite(s, later)) : entry.sites;
    doc.cache = { version: document.version, sites };
    if (entry.stale && later.length && doc.sentVersion === document.version) {
      // A file that stays broken while the user keeps typing: move the kept sites to this version once,
      // so the edit log does not grow with every keystroke. Only when the worker has this very version:
      // every later result is then of this version or newer, and needs no dropped log entry.
      entry.sites = sites;
      entry.version = document.version;
      doc.log = doc.log.filter((l) => l.version > document.version);
      this.flat = null;
    }
    return sites;
  }

  private isOpen(folder: vscode.WorkspaceFolder, rel: string): boolean {
    const uri = vscode.Uri.joinPath(folder.uri, rel).toString();
    return this.docs.has(uri) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri);
  }

  private locate(uri: vscode.Uri): { state: FolderState; rel: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const state = this.folders.get(folder.uri.toString());
    const rel = relativePath(folder, uri);
    return state && rel ? { state, rel } : undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Settings

  /** Sends every folder's settings again: something they are made of changed outside the settings (the team's price file). */
  refreshSettings(): void {
    for (const state of this.folders.values()) {
      void this.request({ type: 'settings', key: state.key, settings: analysisSettings(readConfig(state.folder.uri), state.key) });
    }
  }

  private onConfigChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('tierwise.exclude') || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) {
      void this.reindex('exclude settings changed');
      return;
    }
    if (affectsAnalysis(e)) {
      for (const state of this.folders.values()) {
        void this.request({ type: 'settings', key: state.key, settings: analysisSettings(readConfig(state.folder.uri), state.key) });
      }
    }
    if (e.affectsConfiguration('tierwise.lens')) this.fire();
  }

  // ------------------------------------------------------------------------------------------
  // Worker

  private ensureWorker(): Promise<void> {
    if (this.workerReady) return this.workerReady;
    this.workerReady = new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      const worker = new Worker(this.workerPath, { name: 'tierwise-index' });
      this.worker = worker;
      worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') {
          this.log.info(`index worker ready in ${(performance.now() - t0).toFixed(0)} ms`);
          resolve();
        } else this.onWorkerMessage(msg);
      });
      worker.on('error', (err) => {
        this.log.error(`index worker error: ${errorText(err)}`);
        reject(err);
      });
      worker.on('exit', (code) => {
        if (this.disposed) return;
        this.log.warn(`index worker exited with code ${code}; it restarts on the next rescan`);
        this.worker = undefined;
        this.workerReady = undefined;
        for (const p of this.pending.values()) p.resolve({ ok: false, error: 'worker exited' });
        this.pending.clear();
        this.folders.clear();
        this.docs.clear();
      });
    });
    return this.workerReady;
  }

  private async request(msg: Request, token?: vscode.CancellationToken, progress?: (done: number, total: number) => void): Promise<Done> {
    try {
      await this.ensureWorker();
    } catch (e) {
      return { ok: false, error: errorText(e) };
    }
    const worker = this.worker;
    if (!worker) return { ok: false, error: 'no worker' };
    const id = this.nextId++;
    return new Promise<Done>((resolve) => {
      const sub = token?.onCancellationRequested(() => worker.postMessage({ type: 'cancel', id: this.nextId++, target: id } satisfies ToWorker));
      this.pending.set(id, {
        resolve: (d) => {
          sub?.dispose();
          resolve(d);
        },
        progress,
      });
      try {
        worker.postMessage({ ...msg, id } as ToWorker);
      } catch (e) {
        this.pending.delete(id);
        sub?.dispose();
        this.log.error(`index worker: could not send ${msg.type}: ${errorText(e)}`);
        resolve({ ok: false, error: errorText(e) });
      }
    });
  }

  private onWorkerMessage(msg: FromWorker): void {
    switch (msg.type) {
      case 'progress':
        this.pending.get(msg.id)?.progress?.(msg.done, msg.total);
        return;
      case 'done': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.resolve(msg);
        return;
      }
      case 'log':
        this.log[msg.level](msg.message);
        return;
      case 'result':
        this.applyResult(msg);
        return;
    }
  }

  private applyResult(msg: Extract<FromWorker, { type: 'result' }>): void {
    const state = this.folders.get(msg.key);
    if (!state) return;
    for (const r of msg.changed) {
      const existing = state.files.get(r.file);
      const uri = vscode.Uri.joinPath(state.folder.uri, r.file).toString();
      const doc = this.docs.get(uri);
      if (r.error && doc && existing && existing.sites.length > r.sites.length) {
        // A half-typed line: keep the last good sites (they follow the edits through the document's log).
        existing.stale = true;
        existing.error = r.error;
        doc.cache = undefined;
        continue;
      }
      state.files.set(r.file, r);
      if (doc) {
        doc.cache = undefined;
        const v = r.version ?? -1;
        doc.log = doc.log.filter((l) => l.version > v);
      }
    }
    for (const f of msg.removed) state.files.delete(f);
    const metaChanged = JSON.stringify([state.usageProblems, state.skipped]) !== JSON.stringify([msg.usageProblems, msg.skipped]);
    state.pricing = msg.pricing;
    state.usageProblems = msg.usageProblems;
    state.skipped = msg.skipped;
    if (metaChanged) this.stateEmitter.fire();
    this.changed();
  }

  private changed(): void {
    this.flat = null;
    this.fire();
  }

  /** Coalesces bursts of results (a partial index publishes many files at once) into one event. */
  private fire(): void {
    if (this.fireTimer) return;
    this.fireTimer = setTimeout(() => {
      this.fireTimer = undefined;
      this.emitter.fire();
    }, 30);
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.linkWaiters) w();
    this.linkWaiters = [];
    this.indexCts?.cancel();
    clearTimeout(this.fireTimer);
    for (const d of this.docs.values()) clearTimeout(d.timer);
    for (const f of this.folders.values()) clearTimeout(f.watchTimer);
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
    this.stateEmitter.dispose();
    void this.worker?.terminate();
    for (const p of this.pending.values()) p.resolve({ ok: false, error: 'disposed' });
    this.pending.clear();
  }
}

type VerdictSource = (folderKey: string) => AnalysisSettings['verdicts'];
let verdictSource: VerdictSource | undefined;

/** Lets the Claude judge add its answers not accepted yet to each folder's analysis (`refreshSettings` sends them). */
export function setVerdictSource(source: VerdictSource | undefined): void {
  verdictSource = source;
}

export function analysisSettings(c: TierwiseConfig, folderKey?: string): AnalysisSettings {
  const verdicts = folderKey ? verdictSource?.(folderKey) : undefined;
  // Configuration values can be proxies that structured clone refuses: send plain JSON.
  return plainJson({
    ...(verdicts && Object.keys(verdicts).length ? { verdicts } : {}),
    tiers: c.tiers,
    defaultCallsPerDay: c.defaultCallsPerDay,
    dynamicInputTokens: c.dynamicInputTokens,
    registryPath: c.registryPath,
    pythonRegistryPath: c.pythonRegistryPath,
    prices: c.prices,
    priceTable: c.priceTable,
    today: new Date().toISOString().slice(0, 10),
    includeTests: c.scanTests,
    fileTimeoutSeconds: c.fileTimeoutSeconds,
  });
}

function plainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function shiftSite(a: AnalyzedCallSite, log: ReadonlyArray<{ changes: TextChange[] }>): AnalyzedCallSite {
  let span = a.call.span;
  let callee = a.call.callee.offset;
  let modelSpan = a.call.model.span;
  for (const l of log) {
    span = shiftSpan(span, l.changes);
    callee = shiftSpan({ start: callee, end: callee }, l.changes).start;
    if (modelSpan) modelSpan = shiftSpan(modelSpan, l.changes);
  }
  return { ...a, call: { ...a.call, span, callee: { ...a.call.callee, offset: callee }, model: { ...a.call.model, span: modelSpan } } };
}

function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | null {
  if (uri.scheme !== folder.uri.scheme || uri.authority !== folder.uri.authority) return null;
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  if (!uri.path.startsWith(base)) return null;
  return uri.path.slice(base.length);
}

function addTimings(into: Timings, t: Timings): void {
  into.readMs += t.readMs;
  into.analyzeMs += t.analyzeMs;
  into.linkMs += t.linkMs;
  into.costMs += t.costMs;
  into.files += t.files;
}

function raceCancel(p: Promise<void>, token?: vscode.CancellationToken): Promise<void> {
  if (!token) return p;
  if (token.isCancellationRequested) return Promise.resolve();
  return new Promise((resolve) => {
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      resolve();
    });
    p.then(
      () => {
        sub.dispose();
        resolve();
      },
      () => {
        sub.dispose();
        resolve();
      },
    );
  });
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
