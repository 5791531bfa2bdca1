// One workspace folder's analysis inside the index worker: the CLI's computation (the same Project, the same
// reading rules, the same pricing) over the folder's texts — editor buffers where files are open, the disk
// elsewhere — plus caches keyed by content. There is no second truth: after any sequence of edits, what this
// engine reports is what `tierwise scan` reports for the same texts. No vscode import (worker, benchmarks, tests).
import { analyzeCallsDetailed, createSiteMemo, type AnalyzedSite, type InferFn } from '../../core/analyze';
import type { PriceOverride } from '../../core/cost/prices';
import { inferTaskType } from '../../core/infer/index';
import { callSiteIds } from '../../core/scan/ids';
import { frontEnds, parseFile } from '../../core/scan/engine/frontends';
import '../../core/scan/engine/frontendsAll';
import type { ParsePool } from '../../core/scan/engine/pool';
import { Project, runAsync, runSync, type ProjectResult } from '../../core/scan/engine/project';
import { EMPTY_CONFIG, type ProjectConfig } from '../../core/scan/engine/resolve';
import { FileReader, minifiedReason } from '../../core/scan/workspace';
import { isPromptAsset } from '../../core/scan/promptFiles';
import { EMPTY_USAGE, parseUsageFile, type LoadedUsage } from '../../core/usage/usageFile';
import type { AnalyzedCallSite } from '../services';
import type { AnalysisSettings, FileResult, UsageProblemData } from './protocol';
import * as path from 'node:path';

export interface EngineOutput {
  changed: FileResult[];
  removed: string[];
  metaChanged: boolean;
  pricing: { asOf: string; tiers: { haiku: string; sonnet: string } };
  usageProblems: UsageProblemData[];
  skipped: Array<{ file: string; reason: string }>;
  timings: { analyzeMs: number; linkMs: number; costMs: number };
  /** Every call site of the folder, in the CLI's order (for the report, the tree and the tests). */
  all: AnalyzedCallSite[];
  ids: string[];
  totals: { allHaiku: number; allSonnet: number; recommended: number; current: number };
}

const infer: InferFn = (call, override) => inferTaskType(call, override ?? undefined);

export class FolderEngine {
  private project: Project;
  private readonly reader = new FileReader();
  private readonly versions = new Map<string, number>();
  /** Texts of open editor buffers: while a file is open, its buffer is its text. */
  private readonly buffers = new Map<string, string>();
  /** Texts fed since the last analysis (read from disk by the index): the computation reads them without the disk. */
  private readonly recent = new Map<string, string>();
  /** The folder's prompt-like files (listed, then kept up to date by the watcher), and the open ones' buffers. */
  private assets = new Set<string>();
  private readonly assetBuffers = new Map<string, string>();
  /** Every source file fed (read, skipped or open): what a folder's deletion or a new listing may take away. */
  private readonly known = new Set<string>();
  private settings: AnalysisSettings;
  private usage: LoadedUsage = EMPTY_USAGE;
  private config: ProjectConfig = EMPTY_CONFIG;
  private readonly memo = createSiteMemo();
  private readonly shapes = new WeakMap<AnalyzedSite, AnalyzedCallSite>();
  /** Results last reported per file, to report only what changed (unchanged sites are the same objects). */
  private readonly sent = new Map<string, { sites: AnalyzedCallSite[]; error?: string; version?: number }>();
  private lastMeta = '';
  private dirty = true;

  constructor(
    readonly root: string,
    settings: AnalysisSettings,
    private readonly pool: ParsePool | null = null,
  ) {
    this.settings = settings;
    this.project = new Project(frontEnds(), { includeTests: settings.includeTests });
  }

  /** Files parsed since the engine started (for tests and logs). */
  get parses(): number {
    return this.project.parses;
  }

  get fileCount(): number {
    return this.project.fileList().length;
  }

  get needsAnalysis(): boolean {
    return this.dirty;
  }

  setSettings(settings: AnalysisSettings): void {
    if (!!settings.includeTests !== !!this.settings.includeTests) {
      // What is read changes: a new project (its files are fed again by the index).
      const files = this.project.fileList();
      this.project = new Project(frontEnds(), { includeTests: settings.includeTests });
      this.project.setConfig(this.config);
      this.project.setAssets([...this.assets]);
      for (const f of files) {
        const t = this.textOf(f);
        if (t !== null) this.apply(f, t);
      }
    }
    this.settings = settings;
    this.dirty = true;
  }

  setUsage(text: string | null): void {
    this.usage = text === null ? EMPTY_USAGE : parseUsageFile(text);
    this.dirty = true;
  }

  setConfig(config: ProjectConfig): void {
    this.config = config;
    this.project.setConfig(config);
    this.dirty = true;
  }

  /** The folder's prompt-like files (as the CLI's walker lists them). */
  setAssets(paths: readonly string[]): void {
    this.assets = new Set(paths);
    this.project.setAssets(paths);
    this.dirty = true;
  }

  /** A prompt-like file, not a source file: its text is read (buffer, else disk) when a prompt names it. */
  private isAsset(file: string): boolean {
    return !this.project.handles(file) && isPromptAsset(file);
  }

  private setAsset(file: string, present: boolean): void {
    if (present === this.assets.has(file)) return;
    if (present) this.assets.add(file);
    else this.assets.delete(file);
    this.project.setAssets([...this.assets]);
  }

  /**
   * After a new listing of the folder: forget the files it no longer has (gone with their folder while no event said
   * so, newly excluded), except open editors' buffers, as a from-scratch scan would not read them either.
   */
  forgetUnlisted(listed: ReadonlySet<string>): void {
    for (const f of [...this.known]) if (!listed.has(f) && !this.buffers.has(f)) this.deleteFile(f);
  }

  /** A file's text: an editor buffer (with its version) or the disk's. Same reading rules as the CLI. */
  setFile(file: string, text: string, version?: number): void {
    if (this.isAsset(file)) {
      // A prompt file's text is read when the computation asks for it: keep an open buffer's, else the disk's.
      if (version !== undefined) this.assetBuffers.set(file, text);
      else this.assetBuffers.delete(file);
      this.setAsset(file, true);
      this.dirty = true;
      return;
    }
    if (version !== undefined) {
      this.versions.set(file, version);
      this.buffers.set(file, text);
    } else {
      this.versions.delete(file);
      this.buffers.delete(file);
      this.recent.set(file, text);
    }
    this.apply(file, text);
    this.dirty = true;
  }

  /** A file the index could not read (too large, binary …): skipped with the reason, as the CLI does. */
  skipFile(file: string, reason: string): void {
    this.known.add(file);
    this.project.skipFile(file, reason);
    this.dirty = true;
  }

  /** Reads a file from disk with the CLI's rules and feeds it (the index's first pass and the file watcher). */
  loadFromDisk(file: string): void {
    if (this.buffers.has(file)) return;
    if (!this.root) return;
    if (this.isAsset(file)) {
      // Saved, created, or gone (the watcher): the text itself is read by the computation.
      // Listed while it exists, as the CLI's walker lists it (an unreadable one is named without its text).
      const r = this.reader.read(path.join(this.root, file));
      this.assetBuffers.delete(file);
      this.setAsset(file, 'text' in r || !/ENOENT|ENOTDIR/.test(r.reason));
      this.dirty = true;
      return;
    }
    const r = this.reader.read(path.join(this.root, file));
    if ('reason' in r) {
      if (/ENOENT|ENOTDIR/.test(r.reason)) this.deleteFile(file);
      else this.skipFile(file, r.reason);
      return;
    }
    this.setFile(file, r.text);
  }

  private apply(file: string, text: string): void {
    this.known.add(file);
    const fe = this.project.frontEndFor(file);
    const minified = fe?.mayMatter(text) ? minifiedReason(file, text) : null;
    if (minified) this.project.skipFile(file, minified);
    else this.project.setFile(file, text);
  }

  deleteFile(file: string): void {
    if (this.isAsset(file)) {
      this.assetBuffers.delete(file);
      this.setAsset(file, false);
      this.dirty = true;
      return;
    }
    if (!this.known.has(file)) {
      // A folder: deleted (or renamed) with its files, the watcher reports the folder alone.
      const prefix = `${file.replace(/\/$/, '')}/`;
      for (const f of [...this.known]) if (f.startsWith(prefix)) this.deleteFile(f);
      for (const a of [...this.assets]) if (a.startsWith(prefix)) this.deleteFile(a);
      return;
    }
    this.known.delete(file);
    this.versions.delete(file);
    this.buffers.delete(file);
    this.recent.delete(file);
    this.project.deleteFile(file);
    this.dirty = true;
  }

  /** The text the computation reads for a file: its buffer when open, else the disk (null when unreadable). */
  private textOf(file: string): string | null {
    const b = this.buffers.get(file) ?? this.recent.get(file) ?? this.assetBuffers.get(file);
    if (b !== undefined) return b;
    if (!this.root) return null;
    const r = this.reader.read(path.join(this.root, file));
    return 'text' in r ? r.text : null;
  }

  /** Runs the CLI's computation over the current texts, and returns the files whose results changed. */
  async analyze(): Promise<EngineOutput> {
    const t0 = performance.now();
    const gen = this.project.compute((f) => this.textOf(f));
    const pool = this.pool;
    const result: ProjectResult = pool ? await runAsync(gen, (batch) => pool.parseAll(batch)) : runSync(gen, (r) => parseFile(r.file, r.text, r.options));
    this.recent.clear();
    const t1 = performance.now();
    return this.price(result, t1 - t0);
  }

  private price(result: ProjectResult, linkMs: number): EngineOutput {
    const t1 = performance.now();
    const ids = callSiteIds(result.calls);
    const analysis = analyzeCallsDetailed(result.calls, ids, {
      root: this.root,
      usage: this.usage,
      settings: {
        tiers: this.settings.tiers,
        callsPerDay: this.settings.defaultCallsPerDay,
        dynamicInputTokens: this.settings.dynamicInputTokens,
        prices: this.settings.prices as Record<string, PriceOverride>,
        priceTable: this.settings.priceTable ?? null,
        today: this.settings.today,
      },
      infer,
      skipped: result.skipped,
      memo: this.memo,
      verdicts: this.settings.verdicts,
    });
    const t2 = performance.now();
    const all: AnalyzedCallSite[] = analysis.sites.map((s) => {
      let shaped = this.shapes.get(s);
      if (!shaped) this.shapes.set(s, (shaped = { site: s.site, call: s.call, inference: s.inference, tokens: s.tokens }));
      return shaped;
    });
    const fileErrors = new Map<string, string>();
    for (const s of result.skipped) if (s.file && !s.file.startsWith('(')) fileErrors.set(s.file, s.reason);
    const byFile = new Map<string, AnalyzedCallSite[]>();
    for (const s of all) {
      let list = byFile.get(s.site.file);
      if (!list) byFile.set(s.site.file, (list = []));
      list.push(s);
    }
    const changed: FileResult[] = [];
    const files = new Set<string>([...byFile.keys(), ...fileErrors.keys()]);
    for (const file of files) {
      const sites = byFile.get(file) ?? [];
      sites.sort((a, b) => a.call.span.start - b.call.span.start);
      const error = fileErrors.get(file);
      const version = this.versions.get(file);
      const last = this.sent.get(file);
      if (last && last.error === error && last.version === version && last.sites.length === sites.length && last.sites.every((x, i) => x === sites[i])) continue;
      this.sent.set(file, { sites, error, version });
      changed.push({ file, sites, ...(error ? { error } : {}), ...(version !== undefined ? { version } : {}) });
    }
    const removed: string[] = [];
    for (const file of [...this.sent.keys()]) {
      if (!files.has(file)) {
        this.sent.delete(file);
        removed.push(file);
      }
    }
    const usageProblems: UsageProblemData[] = analysis.problems.map((p) => ({ severity: p.severity, message: p.message, line: p.line, column: p.column }));
    const meta = JSON.stringify([usageProblems, result.skipped, analysis.report.pricing]);
    const metaChanged = meta !== this.lastMeta;
    this.lastMeta = meta;
    this.dirty = false;
    return {
      changed,
      removed,
      metaChanged,
      pricing: analysis.report.pricing,
      usageProblems,
      skipped: result.skipped,
      timings: { analyzeMs: 0, linkMs, costMs: t2 - t1 },
      all,
      ids: analysis.report.callSites.map((s) => s.id),
      totals: analysis.report.totals,
    };
  }
}
