// Plain data of a comparison: what is sent, what came back. Shared with the webview through src/shared.

export type CompareColumn = 'haiku' | 'sonnet';
export const COMPARE_COLUMNS: readonly CompareColumn[] = ['haiku', 'sonnet'];

export interface CompareMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface CompareTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

/** One prompt as the user edits it in the panel (template fields already filled in). */
export interface ComparePrompt {
  system: string;
  messages: CompareMessage[];
  tools: CompareTool[];
  maxTokens: number;
  /** As written in the code; sent only to models that accept it. */
  temperature: number | null;
}

export interface UsageTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export type CompareErrorKind =
  | 'auth' // 401
  | 'permission' // 403
  | 'model-not-found' // 404
  | 'bad-request' // 400, 413, 422
  | 'rate-limit' // 429
  | 'overloaded' // 529 or overloaded_error mid-stream
  | 'server' // 5xx
  | 'timeout'
  | 'stream-cut'
  | 'offline'
  | 'cancelled'
  | 'unknown';

export interface CompareError {
  kind: CompareErrorKind;
  /** What happened and what to do, in words a user acts on. */
  message: string;
  status?: number;
  retryAfterSeconds?: number;
  /** True when the column holds text streamed before the error. */
  partial: boolean;
}

export interface RunResult {
  model: string;
  text: string;
  /** ms from sending the request to the first text; null when no text came. */
  ttftMs: number | null;
  latencyMs: number;
  usage: UsageTokens | null;
  /** USD of this call from the price table; null when the model has no price or no usage came back. */
  costUsd: number | null;
  stopReason: string | null;
  error: CompareError | null;
  /** Parameters left out because this model rejects them (e.g. "temperature"). */
  omitted: string[];
  /** Requests actually sent for this run (1 + retries made); 0 when cancelled before sending. */
  attempts: number;
}

export interface ColumnStats {
  runs: number;
  failures: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  ttftP50Ms: number | null;
  meanCostUsd: number | null;
  meanOutputTokens: number | null;
  /** Distinct outputs among the successful runs. */
  distinctOutputs: number;
  /** 0 = every run said the same words, 1 = no words in common (mean pairwise Jaccard distance of word sets). */
  variation: number | null;
}

export interface CompareSummary {
  /** Runs in this summary, and those where both columns completed: only those are compared. */
  runs: number;
  completedPairs: number;
  /** What failed or was cancelled, per column, one short line each ("run 2: rate limited (429)"). */
  failures: Record<CompareColumn, string[]>;
  /** Sonnet cost / Haiku cost for this call, over completed runs. */
  costRatio: number | null;
  /** Sonnet latency / Haiku latency (p50 over completed runs). */
  latencyRatio: number | null;
  callsPerDay: number;
  monthly: { haiku: number | null; sonnet: number | null; saving: number | null };
  /**
   * The call's current model priced on the tokens of the completed runs (its own tokenizer), and what each tier
   * would change a month against it (negative: saves). Null for a selection, or when nothing completed.
   */
  current: { model: string; monthly: number | null; change: Record<CompareColumn, number | null> } | null;
}

export type GradeVerdict = 'haiku-ok' | 'keep-sonnet' | 'unclear';

export interface GradeResult {
  verdict: GradeVerdict;
  reason: string;
  graderModel: string;
  costUsd: number | null;
  error: CompareError | null;
}
