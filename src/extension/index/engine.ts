// One workspace folder's analysis inside the worker: remembers what it has seen, re-parses only files whose
// text changed, and reports only the files whose call sites changed. No vscode import (runs in the worker,
// the benchmarks and the unit tests).
import { createHash } from 'node:crypto';
import type { AnalyzedCallSite } from '../services';
import { createPipeline, type Pipeline } from './pipeline';
import type { AnalysisSettings, FileResult, UsageProblemData } from './protocol';

export interface EngineOutput {
  changed: FileResult[];
  removed: string[];
  metaChanged: boolean;
  pricing: { asOf: string; tiers: { haiku: string; sonnet: string } };
  usageProblems: UsageProblemData[];
  skipped: Array<{ file: string; reason: string }>;
  timings: { analyzeMs: number; linkMs: number; costMs: number };
}

export class FolderEngine {
  private readonly pipeline: Pipeline;
  private readonly digests = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  /** Texts of open editor buffers: the disk is not their truth while they are open. */
  private readonly buffers = new Map<string, string>();
  /**
   * Results last reported per file, to report only what changed. Unchanged call sites come back as the same
   * objects (the pipeline's memo), so comparing by identity is enough and costs nothing per site.
   */
  private readonly sent = new Map<string, { sites: AnalyzedCallSite[]; error?: string; version?: number }>();
  private lastMeta = '';
  private dirty = true;
  /** Files re-parsed since the engine started (for tests and logs). */
  parses = 0;

  constructor(
    readonly root: string,
    settings: AnalysisSettings,
  ) {
    this.pipeline = createPipeline(root, settings);
  }

  setSettings(settings: AnalysisSettings): void {
    this.pipeline.setSettings(settings);
    this.dirty = true;
  }

  setUsage(text: string | null): void {
    this.pipeline.setUsage(text);
    this.dirty = true;
  }

  /** Returns false when the text is the one already analysed (nothing is parsed). */
  setFile(file: string, text: string, version?: number): boolean {
    if (version !== undefined) {
      this.versions.set(file, version);
      this.buffers.set(file, text);
    } else {
      this.versions.delete(file);
      this.buffers.delete(file);
    }
    const digest = createHash('sha1').update(text).digest('base64');
    if (this.digests.get(file) === digest) return false;
    this.digests.set(file, digest);
    this.pipeline.setFile(file, text);
    this.parses++;
    this.dirty = true;
    return true;
  }

  /** Unanalysed files worth reading again because the cross-file follow-up changed (null: nothing to do). */
  followUpCandidates(): string[] | null {
    return this.pipeline.followUpCandidates();
  }

  /** Feeds a file again so the scanner can decide with the new follow-up (a wrapper's callers, an imported module). */
  refeed(file: string, diskText: string): void {
    this.pipeline.setFile(file, this.buffers.get(file) ?? diskText, true);
    this.dirty = true;
  }

  deleteFile(file: string): void {
    if (!this.digests.delete(file)) return;
    this.versions.delete(file);
    this.buffers.delete(file);
    this.pipeline.deleteFile(file);
    this.dirty = true;
  }

  get fileCount(): number {
    return this.digests.size;
  }

  /** Links and prices the whole folder, and returns the files whose results differ from the last call. */
  analyze(): EngineOutput {
    const r = this.pipeline.run();
    const byFile = new Map<string, AnalyzedCallSite[]>();
    for (const s of r.sites) {
      let list = byFile.get(s.site.file);
      if (!list) byFile.set(s.site.file, (list = []));
      list.push(s);
    }
    const changed: FileResult[] = [];
    const files = new Set<string>([...byFile.keys(), ...r.fileErrors.keys()]);
    for (const file of files) {
      const sites = byFile.get(file) ?? [];
      sites.sort((a, b) => a.call.span.start - b.call.span.start);
      const error = r.fileErrors.get(file);
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
    const meta = JSON.stringify([r.usageProblems, r.skipped, r.pricing]);
    const metaChanged = meta !== this.lastMeta;
    this.lastMeta = meta;
    this.dirty = false;
    return { changed, removed, metaChanged, pricing: r.pricing, usageProblems: r.usageProblems, skipped: r.skipped, timings: r.timings };
  }

  get needsAnalysis(): boolean {
    return this.dirty;
  }
}
