// Plain data of a verification: a dataset of a call's real inputs run on both tiers, graded, and the decision.
// Shared with the Verification panel's webview through src/shared/verifyProtocol.ts (no vscode, no DOM, no node here).
import type { ComparePrompt, UsageTokens } from '../compare/types';

export type { ComparePrompt, UsageTokens };

/** How Haiku's answers are graded. */
export type GradingMode =
  /** Classification: the same label as the reference, after trimming, quotes and case. */
  | 'label'
  /** Extraction: valid JSON (against the schema, when there is one), field by field equal to the reference. */
  | 'json'
  /** Free text: a grader model reads the prompt, the reference and Haiku's answer against a rubric. */
  | 'rubric';

export const GRADING_MODES: readonly GradingMode[] = ['label', 'json', 'rubric'];

export interface GradingSpec {
  mode: GradingMode;
  /** Rubric mode: what a good answer is (editable). */
  rubric: string;
  /** JSON mode: the JSON Schema Haiku's answer must satisfy (null: any JSON). */
  schema: Record<string, unknown> | null;
}

/** One line of a dataset: values of the call's run-time fields, and optionally the right answer. */
export interface DatasetItem {
  /** 0-based position among the dataset's items. */
  index: number;
  /** 1-based line in the file. */
  line: number;
  /** `$id` of the line, else `line N`. */
  id: string;
  fields: Record<string, string>;
  /** `$expected`: the right answer (a label, a text, or a JSON value), or null when the line has none. */
  expected: unknown;
}

export interface DatasetProblem {
  /** 1-based line; 0 for the file as a whole. */
  line: number;
  /** The key the problem is about, when there is one. */
  key: string | null;
  message: string;
}

export interface Dataset {
  items: DatasetItem[];
  /** Errors: a dataset with any is not run. */
  problems: DatasetProblem[];
  /** Worth knowing, not blocking (every field empty on a line, the same input twice…). */
  warnings: DatasetProblem[];
  /** `sha256:<hex>` of the file's bytes as read (what the verification record names). */
  hash: string;
}

/** What one model answered to one input. */
export interface ModelOutput {
  status: 'succeeded' | 'errored' | 'expired' | 'canceled' | 'failed' | 'not-run';
  /** Text blocks joined; a tool call's input as JSON. Capped (see MAX_OUTPUT_CHARS). */
  text: string;
  usage: UsageTokens | null;
  stopReason: string | null;
  /** What went wrong, in a line a user reads; null when it succeeded. */
  error: string | null;
  /** ms of a direct request (null for a batch item: the Batches API does not time single requests). */
  latencyMs: number | null;
}

export interface ItemGrade {
  /** pass / fail count in the error rate; excluded items do not (each is listed with the reason). */
  result: 'pass' | 'fail' | 'excluded';
  reason: string;
  /** What Haiku's answer was held against. */
  reference: 'expected' | 'sonnet' | null;
}

/** The figures of one tier. */
export interface TierFigures {
  model: string;
  /** USD per 1,000 calls at the standard (not batch) price: what production pays. Null when no price or no call succeeded. */
  costPer1k: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** How many timed requests the latency figures come from (0: none). */
  latencySamples: number;
  meanOutputTokens: number | null;
  succeeded: number;
}

export interface Disagreement {
  index: number;
  id: string;
  line: number;
  /** The input's field values, each shortened for reading. */
  fields: Record<string, string>;
  haiku: string;
  reference: string;
  referenceKind: 'expected' | 'sonnet';
  reason: string;
}

export interface ItemRow {
  index: number;
  id: string;
  line: number;
  result: ItemGrade['result'];
  reason: string;
}

export type Decision = 'move' | 'keep' | 'too-few';

export interface VerifyReport {
  version: 1;
  /** ISO date-time the report was made. */
  date: string;
  site: { id: string; taskKey: string };
  models: { haiku: string; sonnet: string; grader: string | null };
  grading: GradingMode;
  rubric: string | null;
  threshold: number;
  minInputs: number;
  dataset: { file: string; hash: string; n: number };
  /** Items graded (pass + fail). */
  n: number;
  errors: number;
  errorRate: number | null;
  /** 95% Wilson score interval of the error rate. */
  interval: [number, number] | null;
  decision: Decision;
  /** One sentence: why this decision. */
  decisionText: string;
  tiers: { haiku: TierFigures; sonnet: TierFigures };
  /** What this verification cost (batch items at half price), grading included; null when a model has no price. */
  runCostUsd: number | null;
  mode: 'batch' | 'direct';
  /** When the dataset has expected outputs: Sonnet's own errors against them (label and JSON grading). */
  sonnetVsExpected: { n: number; errors: number } | null;
  excluded: number;
  /** Items that could not be graded, one line each (API errors, expired or canceled batch items, unclear grades). */
  failures: Array<{ index: number; id: string; line: number; reason: string }>;
  disagreements: Disagreement[];
  items: ItemRow[];
  notes: string[];
  cancelled: boolean;
}

/** The verification as `.tierwise.json` keeps it, under `verifications.<task key>`. */
export interface VerificationRecord {
  /** YYYY-MM-DD */
  date: string;
  n: number;
  errors: number;
  errorRate: number;
  interval: [number, number];
  threshold: number;
  datasetHash: string;
  dataset?: string;
  models: { haiku: string; sonnet: string; grader?: string };
  grading: GradingMode;
  callSites: string[];
  /** YYYY-MM-DD of "Revert to Sonnet", when the task type went back. */
  revertedAt?: string;
}
