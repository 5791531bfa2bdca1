// The incremental scan: files come in one by one (from the walker or from open editors); each is
// analysed only when its text changed, and `link` is the cheap cross-file step over all analyses.
import { createHash } from 'node:crypto';
import type { ScannedCall, SkippedFile } from '../types';
import type { BaseAnalysis, FollowUp, LanguageScanner } from './language';
import { defaultScanners, scannerFor } from './scanners';

interface Entry {
  scanner: LanguageScanner<BaseAnalysis>;
  /** Hash of the text last analysed; null when the file was seen but not worth analysing. */
  hash: string | null;
  analysis: BaseAnalysis | null;
}

export interface SetFileOptions {
  /** Analyse even when the fast text test says the file cannot matter (follow-up files). */
  force?: boolean;
  /** Asked only when the file will be analysed: a reason to leave it out instead (e.g. minified). */
  skipIf?: (file: string, text: string) => string | null;
}

function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class ScanProject {
  private readonly entries = new Map<string, Entry>();
  private readonly extraSkipped = new Map<string, string>();
  private followUpCache: { names: string[]; files: Set<string>; namesRe: RegExp | null; moduleKeys: Map<LanguageScanner<BaseAnalysis>, string[] | null> } | null = null;
  /** Import keys of files seen but not analysed, for scanners that provide them: key → files. */
  private readonly importIndex = new Map<string, Set<string>>();
  private readonly importKeysOfFile = new Map<string, string[]>();
  /** How many times a file was actually analysed (for tests and the benchmark). */
  analyses = 0;

  constructor(readonly scanners: readonly LanguageScanner<BaseAnalysis>[] = defaultScanners()) {}

  /** Does any scanner read this file name? */
  handles(file: string): boolean {
    return scannerFor(file, this.scanners) !== null;
  }

  /**
   * Feeds a file's text (path relative to the root, forward slashes). Re-analyses only when the text changed.
   * Returns true when the file is analysed (it may matter), false when it was only noted.
   */
  setFile(file: string, text: string, options: SetFileOptions = {}): boolean {
    const scanner = scannerFor(file, this.scanners);
    if (!scanner) return false;
    this.extraSkipped.delete(file);
    const prev = this.entries.get(file);
    const matters = options.force || scanner.mayMatter(text) || this.isFollowUp(file, text);
    if (!matters) {
      scanner.forget?.(file);
      if (prev?.analysis) this.followUpCache = null;
      this.entries.set(file, { scanner, hash: null, analysis: null });
      if (scanner.importKeys) this.indexImports(file, scanner.importKeys(text));
      return false;
    }
    this.indexImports(file, []);
    const skipReason = options.skipIf?.(file, text);
    if (skipReason) {
      this.skipFile(file, skipReason);
      return false;
    }
    const hash = hashText(text);
    if (prev && prev.hash === hash && prev.analysis) return true;
    let analysis: BaseAnalysis;
    try {
      analysis = scanner.analyze(file, text);
    } catch (e) {
      analysis = { file, error: `analysis failed: ${(e as Error).message}` };
    }
    this.analyses++;
    this.entries.set(file, { scanner, hash, analysis });
    this.followUpCache = null;
    return true;
  }

  /**
   * Notes a file whose text was read elsewhere (a worker) and found not to matter, with its import keys.
   * Drops a previous analysis of it.
   */
  noteFile(file: string, importKeys: string[] = []): void {
    const scanner = scannerFor(file, this.scanners);
    if (!scanner) return;
    scanner.forget?.(file);
    this.extraSkipped.delete(file);
    if (this.entries.get(file)?.analysis) this.followUpCache = null;
    this.entries.set(file, { scanner, hash: null, analysis: null });
    this.indexImports(file, importKeys);
  }

  /** Notes a file that could not be read or was left out (too large, binary …); it shows in `skipped`. */
  skipFile(file: string, reason: string): void {
    scannerFor(file, this.scanners)?.forget?.(file);
    this.entries.delete(file);
    this.extraSkipped.set(file, reason);
    this.followUpCache = null;
  }

  private indexImports(file: string, keys: string[]): void {
    for (const k of this.importKeysOfFile.get(file) ?? []) this.importIndex.get(k)?.delete(file);
    if (keys.length) this.importKeysOfFile.set(file, keys);
    else this.importKeysOfFile.delete(file);
    for (const k of keys) {
      let set = this.importIndex.get(k);
      if (!set) this.importIndex.set(k, (set = new Set()));
      set.add(file);
    }
  }

  /**
   * Files not analysed yet that the follow-up names could concern: for a scanner with import keys, only
   * files importing a module that defines a wrapper; for the others, every file not analysed.
   */
  followUpCandidates(): string[] {
    const fu = this.followUp();
    if (!fu.namesRe) return [];
    const out: string[] = [];
    const byKeys = new Set<string>();
    for (const [scanner, keys] of this.followUpCache!.moduleKeys) {
      if (!keys || !scanner.importKeys) continue;
      for (const k of keys) for (const f of this.importIndex.get(k) ?? []) byKeys.add(f);
    }
    for (const [file, e] of this.entries) {
      if (e.analysis) continue;
      const keys = this.followUpCache!.moduleKeys.get(e.scanner);
      if (keys && e.scanner.importKeys) {
        if (byKeys.has(file)) out.push(file);
      } else out.push(file);
    }
    return out;
  }

  deleteFile(file: string): void {
    scannerFor(file, this.scanners)?.forget?.(file);
    this.indexImports(file, []);
    if (this.entries.get(file)?.analysis) this.followUpCache = null;
    this.entries.delete(file);
    this.extraSkipped.delete(file);
  }

  has(file: string): boolean {
    return this.entries.has(file);
  }

  isAnalysed(file: string): boolean {
    return !!this.entries.get(file)?.analysis;
  }

  /** Files seen but not analysed. */
  unanalysedFiles(): string[] {
    const out: string[] = [];
    for (const [file, e] of this.entries) if (!e.analysis) out.push(file);
    return out;
  }

  /** What else must be analysed: wrapper names to look for, files imported by analysed files. */
  followUp(): { names: string[]; files: string[]; namesRe: RegExp | null } {
    if (!this.followUpCache) {
      const names = new Set<string>();
      const files = new Set<string>();
      const moduleKeys = new Map<LanguageScanner<BaseAnalysis>, string[] | null>();
      for (const scanner of this.scanners) {
        const fu: FollowUp = scanner.followUp(this.analysesOf(scanner));
        for (const n of fu.names) names.add(n);
        for (const f of fu.files) files.add(f);
        moduleKeys.set(scanner, fu.moduleKeys ?? null);
      }
      const list = [...names].filter((n) => /^[\w$]+$/.test(n));
      this.followUpCache = { names: list, files, moduleKeys, namesRe: list.length ? new RegExp(`(^|[^\\w$])(${list.map(escapeRe).join('|')})\\s*[(<.]`) : null };
    }
    return { names: this.followUpCache.names, files: [...this.followUpCache.files], namesRe: this.followUpCache.namesRe };
  }

  /** Would this (not analysed) file be analysed now, given the current follow-up? */
  isFollowUp(file: string, text?: string): boolean {
    const fu = this.followUpCache;
    if (!fu) return false;
    if (fu.files.has(file)) return true;
    return !!(text !== undefined && fu.namesRe && fu.namesRe.test(text));
  }

  private analysesOf(scanner: LanguageScanner<BaseAnalysis>): Map<string, BaseAnalysis> {
    const m = new Map<string, BaseAnalysis>();
    for (const [file, e] of this.entries) if (e.scanner === scanner && e.analysis) m.set(file, e.analysis);
    return m;
  }

  link(): { calls: ScannedCall[]; skipped: SkippedFile[] } {
    const calls: ScannedCall[] = [];
    const skipped: SkippedFile[] = [];
    for (const scanner of this.scanners) {
      try {
        const r = scanner.link(this.analysesOf(scanner));
        calls.push(...r.calls);
        skipped.push(...r.skipped);
      } catch (e) {
        skipped.push({ file: '(link)', reason: `${scanner.language} linking failed: ${(e as Error).message}` });
      }
    }
    for (const [file, reason] of this.extraSkipped) skipped.push({ file, reason });
    calls.sort((a, b) => (a.file === b.file ? a.span.start - b.span.start : a.file < b.file ? -1 : 1));
    skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { calls, skipped };
  }
}

/**
 * Scans files held in memory (tests, the editor's open documents): every file is fed, then follow-up
 * files and callers of wrappers are analysed until nothing new turns up.
 */
export function scanTexts(files: Readonly<Record<string, string>>, scanners?: readonly LanguageScanner<BaseAnalysis>[]): { calls: ScannedCall[]; skipped: SkippedFile[]; project: ScanProject } {
  const project = new ScanProject(scanners);
  for (const [file, text] of Object.entries(files)) project.setFile(file, text);
  for (let round = 0; round < 5; round++) {
    const fu = project.followUp();
    let added = false;
    for (const file of project.unanalysedFiles()) {
      const text = files[file];
      if (text !== undefined && project.isFollowUp(file, text)) added = project.setFile(file, text, { force: true }) || added;
    }
    if (!added && fu) break;
  }
  return { ...project.link(), project };
}
