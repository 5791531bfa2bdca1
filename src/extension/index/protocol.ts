// Messages between the extension host's main thread and the index worker. Plain data both ways (structured clone).
// No vscode import: the worker bundle loads this file too.
import type { AnalyzedCallSite } from '../services';
import type { PriceOverride, PriceTable } from '../../core/cost/prices';
import type { JudgeVerdict } from '../../core/infer/judge/verdict';

/** What the analysis needs from the settings of one workspace folder. */
export interface AnalysisSettings {
  tiers: { haiku: string; sonnet: string };
  defaultCallsPerDay: number;
  dynamicInputTokens: number;
  registryPath: string;
  pythonRegistryPath: string;
  prices: Record<string, PriceOverride>;
  /** The team's price file / downloaded price list, validated (the prices issue); null when none. */
  priceTable?: PriceTable | null;
  /** Today (ISO), for model statuses. */
  today?: string;
  /** Read test and mock files too (`tierwise.scan.includeTests`). */
  includeTests?: boolean;
  /** Time budget of one file, in seconds (`tierwise.scan.fileTimeoutSeconds`). */
  fileTimeoutSeconds?: number;
  /** Claude's answers not accepted into the usage file yet, by call-site id (the judge's workspace state). */
  verdicts?: Record<string, JudgeVerdict>;
}

export interface FolderInit {
  key: string;
  /** Absolute file-system path of the folder (the worker reads files below it). */
  root: string;
  settings: AnalysisSettings;
}

export type ToWorker =
  | { type: 'folder'; id: number; folder: FolderInit }
  | { type: 'removeFolder'; id: number; key: string }
  | { type: 'settings'; id: number; key: string; settings: AnalysisSettings }
  /** Text of the usage file (null: none). */
  | { type: 'usage'; id: number; key: string; text: string | null }
  /** Read these files from disk (paths relative to the folder) and analyse them. */
  | { type: 'index'; id: number; key: string; files: string[] }
  /** Analyse this text for the file (an editor buffer). */
  | { type: 'set'; id: number; key: string; file: string; text: string; version: number }
  /** Re-read files from disk (the watcher saw them change) — or forget them when they are gone. */
  | { type: 'reload'; id: number; key: string; files: string[] }
  | { type: 'delete'; id: number; key: string; files: string[] }
  | { type: 'cancel'; id: number; target: number }
  /** List the folder's source files (a directory walk honouring the globs and every .gitignore met). */
  | { type: 'list'; id: number; key: string; globMaps: Array<Record<string, unknown> | undefined>; globs: string[] };

/** A problem of the usage file, with its 1-based place. */
export interface UsageProblemData {
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
}

export interface FileResult {
  file: string;
  /** Editor version of the text analysed, when it came from an editor buffer. */
  version?: number;
  sites: AnalyzedCallSite[];
  /** Set when the file did not parse: the sites are what could be recovered (often none). */
  error?: string;
}

export interface Listed {
  files: string[];
  /** package.json, tsconfig.json and jsconfig.json files met (import paths and monorepo packages). */
  configs?: string[];
  gitignores: Array<{ dir: string; text: string }>;
  errors: string[];
  ms: number;
}

export interface Timings {
  readMs: number;
  analyzeMs: number;
  linkMs: number;
  costMs: number;
  files: number;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  /** Results of files whose call sites changed since the last message for this folder. */
  | {
      type: 'result';
      key: string;
      changed: FileResult[];
      removed: string[];
      pricing: { asOf: string; tiers: { haiku: string; sonnet: string } };
      usageProblems: UsageProblemData[];
      skipped: Array<{ file: string; reason: string }>;
    }
  | { type: 'done'; id: number; ok: boolean; error?: string; timings?: Timings; cancelled?: boolean; listed?: Listed }
  | { type: 'log'; level: 'trace' | 'info' | 'warn' | 'error'; message: string };
