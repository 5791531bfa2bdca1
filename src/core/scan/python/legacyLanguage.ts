// The old Python scanner's interface, kept only until the Python front-end of the new engine replaces it.
import type { ScannedCall, SkippedFile } from '../../types';

/** What every per-language analysis carries. A language adds its own fields (imports, exports, wrappers …). */
export interface BaseAnalysis {
  file: string;
  /** Set when the file did not parse (what could be recovered is still in the analysis). */
  error?: string;
}

export interface FollowUp {
  /** Identifiers (wrapper functions, registry helpers) whose mention makes an unparsed file worth parsing. */
  names: string[];
  /** Files (relative to the root) that parsed files import from and that must be analysed too (prompt or model constants). */
  files: string[];
  /**
   * Optional narrowing for `names`: keys (see `LanguageScanner.importKeys`) of the modules that define them.
   * When given, only files whose import keys include one are searched for the names.
   */
  moduleKeys?: string[];
}

/**
 * One language's scanner. `analyze` is pure in (file, text) so its result can be cached by content;
 * `link` is the cheap cross-file step (imported constants, wrappers, the registry) over every analysis.
 * Nothing here throws: a broken file becomes an analysis with `error` set.
 */
export interface LanguageScanner<A extends BaseAnalysis = BaseAnalysis> {
  readonly language: 'typescript' | 'javascript' | 'python';
  /** File name endings this scanner reads, e.g. [".ts", ".tsx"]. */
  readonly extensions: readonly string[];
  /** Cheap text test: can this file define or make an LLM call, hold a registry or an exported model id? */
  mayMatter(text: string): boolean;
  /**
   * Optional, cheap: keys of the workspace modules a file imports (e.g. the last path segment), recorded for
   * files that are not analysed so the follow-up pass re-reads only files that import a wrapper's module.
   */
  importKeys?(text: string): string[];
  /**
   * Optional: lets the walker run the first pass (read, `mayMatter`, `importKeys`) on worker threads.
   * `mayMatter` must give the same answer as the method; `importKeysFactory` is the source of a
   * self-contained function `() => (text: string) => string[]` (it is evaluated inside the worker).
   */
  readerHints?(): { mayMatter: RegExp; importKeysFactory?: string };
  analyze(file: string, text: string): A;
  /** Optional: drop what the scanner keeps about a file between edits (the file was deleted or left out). */
  forget?(file: string): void;
  /** After the first pass: what else must be read (callers of wrappers, imported prompt/model modules). */
  followUp(analyses: ReadonlyMap<string, A>): FollowUp;
  link(analyses: ReadonlyMap<string, A>): { calls: ScannedCall[]; skipped: SkippedFile[] };
}
