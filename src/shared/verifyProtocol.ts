// The one message protocol between the Verification panel's host (extension) and its webview.
// One discriminated union per direction. Messages from the webview are untrusted: the host runs
// `parseVerifyMessage` on every one and ignores anything that does not validate.
// No `vscode`, no DOM here: both sides and the unit tests import it.
import type { VerifyEstimate, VerifyProgress } from '../core/verify/job';
import type { DatasetProblem, GradingMode, VerifyReport } from '../core/verify/types';
import { GRADING_MODES } from '../core/verify/types';

export type { DatasetProblem, GradingMode, VerifyEstimate, VerifyProgress, VerifyReport };
export { embedJson } from './compareProtocol';

export interface DatasetSummary {
  /** Path relative to the workspace folder (or absolute when outside it). */
  file: string;
  n: number;
  hash: string;
  problems: DatasetProblem[];
  warnings: DatasetProblem[];
  /** Lines with `$expected`. */
  withExpected: number;
  /** The first input's request as it will be sent (texts shortened): "what is sent". */
  preview: { system: string; messages: Array<{ role: string; content: string }> } | null;
}

export type VerifyBlocked = 'untrusted' | 'no-key' | 'not-claude' | null;

export interface VerifyPanelState {
  site: {
    id: string;
    /** "classifyTicket · src/support/triage.ts:14" */
    label: string;
    taskType: string | null;
    /** The registry key the move and the record use. */
    taskKey: string;
    currentModel: string | null;
    /** The call already takes its model from the registry (the move changes the entry, not the call). */
    onRegistry: boolean;
  };
  models: { haiku: string; sonnet: string; grader: string };
  /** Where requests go (host of the base URL). */
  host: string;
  fields: string[];
  grading: { mode: GradingMode; suggested: GradingMode; rubric: string; schemaText: string };
  threshold: number;
  minInputs: number;
  useBatches: boolean;
  /** JSONL files of the workspace to pick from. */
  datasets: string[];
  dataset: DatasetSummary | null;
  blocked: VerifyBlocked;
  /** Why, in a sentence (set with `blocked`). */
  blockedMessage: string | null;
  /** The local estimate (no request sent); the exact one is made after Run is clicked. */
  estimate: VerifyEstimate | null;
  running: boolean;
  progress: VerifyProgress | null;
  report: VerifyReport | null;
  /** What the user did with the report. */
  applied: 'moved' | 'kept' | null;
  /** A batch of this call that was running when the window closed. */
  resumable: { batchId: string; startedAt: string; n: number } | null;
}

// ---------------------------------------------------------------------------------------------
// Host → webview

export type VerifyHostMessage =
  | { type: 'state'; state: VerifyPanelState }
  | { type: 'progress'; progress: VerifyProgress }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// Webview → host

export interface RunSettings {
  mode: GradingMode;
  rubric: string;
  schemaText: string;
  /** 0–1 (0.05 = 5%). */
  threshold: number;
  useBatches: boolean;
}

export type VerifyWebviewMessage =
  | { type: 'ready' }
  | { type: 'pickDataset'; file: string }
  | { type: 'browseDataset' }
  | { type: 'reloadDataset' }
  | { type: 'writeTemplate' }
  | { type: 'datasetFromCompare' }
  | { type: 'datasetFromOtlp' }
  | { type: 'openDatasetLine'; line: number }
  | { type: 'settings'; settings: RunSettings }
  | { type: 'run'; settings: RunSettings }
  | { type: 'resume' }
  | { type: 'discard' }
  | { type: 'cancel' }
  | { type: 'move' }
  | { type: 'keep' }
  | { type: 'exportReport' }
  | { type: 'setApiKey' };

export const VERIFY_LIMITS = { file: 1000, rubricChars: 4000, schemaChars: 100_000, line: 10_000_000 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseSettings(v: unknown): RunSettings | null {
  if (!isObj(v)) return null;
  const { mode, rubric, schemaText, threshold, useBatches } = v;
  if (!GRADING_MODES.includes(mode as GradingMode)) return null;
  if (typeof rubric !== 'string' || rubric.length > VERIFY_LIMITS.rubricChars) return null;
  if (typeof schemaText !== 'string' || schemaText.length > VERIFY_LIMITS.schemaChars) return null;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0 || threshold >= 1) return null;
  if (typeof useBatches !== 'boolean') return null;
  return { mode: mode as GradingMode, rubric, schemaText, threshold, useBatches };
}

/** The only way a webview message reaches the host's logic: a fresh, validated copy, or null. */
export function parseVerifyMessage(raw: unknown): VerifyWebviewMessage | null {
  if (!isObj(raw) || typeof raw.type !== 'string') return null;
  switch (raw.type) {
    case 'ready':
    case 'browseDataset':
    case 'reloadDataset':
    case 'writeTemplate':
    case 'datasetFromCompare':
    case 'datasetFromOtlp':
    case 'resume':
    case 'discard':
    case 'cancel':
    case 'move':
    case 'keep':
    case 'exportReport':
    case 'setApiKey':
      return { type: raw.type };
    case 'pickDataset':
      return typeof raw.file === 'string' && raw.file.length > 0 && raw.file.length <= VERIFY_LIMITS.file ? { type: 'pickDataset', file: raw.file } : null;
    case 'openDatasetLine':
      return typeof raw.line === 'number' && Number.isInteger(raw.line) && raw.line >= 1 && raw.line <= VERIFY_LIMITS.line ? { type: 'openDatasetLine', line: raw.line } : null;
    case 'settings':
    case 'run': {
      const settings = parseSettings(raw.settings);
      return settings ? { type: raw.type, settings } : null;
    }
    default:
      return null;
  }
}

/** A JSON Schema typed in the panel: null for an empty text, the object, or why it is not one. */
export function parseSchemaText(text: string): { schema: Record<string, unknown> | null } | { error: string } {
  if (!text.trim()) return { schema: null };
  try {
    const v = JSON.parse(text) as unknown;
    if (!isObj(v)) return { error: 'The schema must be a JSON object.' };
    return { schema: v };
  } catch (e) {
    return { error: `The schema is not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
