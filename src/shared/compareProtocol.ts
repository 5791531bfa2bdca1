// The one message protocol between the compare panel's host (extension) and its webview.
// One discriminated union per direction. Messages from the webview are untrusted: the host runs
// `parseWebviewMessage` on every one and ignores anything that does not validate.
// No `vscode`, no DOM here: both sides and the unit tests import it.
import type {
  ColumnStats,
  CompareColumn,
  CompareMessage,
  ComparePrompt,
  CompareSummary,
  CompareTool,
  GradeResult,
  RunResult,
} from '../core/compare/types';

export type { ColumnStats, CompareColumn, ComparePrompt, CompareSummary, GradeResult, RunResult };

/** What the user edits in the panel: the prompt (with `${…}` holes) and the values of the holes. */
export interface PanelInput {
  prompt: ComparePrompt;
  fields: Record<string, string>;
  /** Fields the user chose to send empty; any other empty field keeps Run off. */
  sendEmpty?: string[];
}

/** The call's model today: the reference the verdict is worded against. */
export interface CurrentModel {
  /** Resolved model id, or null when the code does not say (then `expression` is what is written). */
  model: string | null;
  expression: string;
  /** The lens's figure: monthly cost on this model at the call's volume (estimate); null when it has no price. */
  monthlyUsd: number | null;
  /** The tier column this model is, when it is exactly a tier's model. */
  tier: CompareColumn | null;
}

export interface RunEstimate {
  runs: number;
  grade: boolean;
  /** Input tokens per column, and how they were counted. */
  inputTokens: Record<CompareColumn, number>;
  source: 'count_tokens' | 'local estimate';
  /** Upper bound in USD of the whole run (max_tokens of output on every call), null when a model has no price. */
  usd: number | null;
  /** True when `usd` is above tierwise.compare.confirmAboveUsd: the host asks before running. */
  needsConfirm: boolean;
}

export type BlockedReason = 'untrusted' | 'no-key' | null;

/** Everything the panel shows before a run. Embedded in the HTML at creation, resent whole when it changes. */
export interface PanelState {
  origin: {
    /** "classifyTicket · src/support/triage.ts:14" or "Selected text". */
    label: string;
    callSiteId: string | null;
    taskType: string | null;
  };
  models: Record<CompareColumn, string> & { grader: string };
  input: PanelInput;
  /** `${…}` holes in the prompt texts, in order. */
  fieldNames: string[];
  notes: string[];
  /** Parameters each model does not accept and that will be left out. */
  omitted: Record<CompareColumn, string[]>;
  callsPerDay: number;
  volumeSource: string;
  blocked: BlockedReason;
  maxRuns: number;
  rubric: string;
  confirmAboveUsd: number;
  estimate: RunEstimate | null;
  /** "Use Haiku for this call" edits the code (registry) rather than copying the model id. */
  canMoveToRegistry: boolean;
  /** The compared call's model today; null for a selection that is not a call. */
  current: CurrentModel | null;
}

// ---------------------------------------------------------------------------------------------
// Host → webview

export type HostMessage =
  | { type: 'state'; state: PanelState }
  | { type: 'estimate'; estimate: RunEstimate }
  | { type: 'runStarted'; runId: number; runs: number; grade: boolean }
  | { type: 'pairStarted'; runId: number; index: number }
  | { type: 'text'; runId: number; column: CompareColumn; chunk: string }
  | { type: 'columnDone'; runId: number; index: number; column: CompareColumn; result: RunResult }
  | { type: 'pairDone'; runId: number; index: number; summary: CompareSummary }
  | { type: 'repeatStats'; runId: number; stats: Record<CompareColumn, ColumnStats>; summary: CompareSummary }
  | { type: 'gradeStarted'; runId: number; graderModel: string }
  | { type: 'grade'; runId: number; result: GradeResult }
  | { type: 'finished'; runId: number; cancelled: boolean }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// Webview → host

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'estimate'; input: PanelInput; runs: number; grade: boolean }
  | { type: 'run'; input: PanelInput; runs: number; grade: boolean; rubric: string }
  | { type: 'cancel' }
  | { type: 'setApiKey' }
  | { type: 'choose'; tier: CompareColumn };

export const LIMITS = {
  textChars: 400_000,
  messages: 200,
  tools: 64,
  fields: 200,
  maxTokens: 128_000,
  runs: 50,
  rubricChars: 4_000,
  schemaChars: 100_000,
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length <= max ? v : null);
const int = (v: unknown, min: number, max: number): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : null;

function parseMessage(v: unknown): CompareMessage | null {
  if (!isObj(v) || (v.role !== 'user' && v.role !== 'assistant')) return null;
  const content = str(v.content, LIMITS.textChars);
  return content === null ? null : { role: v.role, content };
}

function parseTool(v: unknown): CompareTool | null {
  if (!isObj(v) || !isObj(v.input_schema)) return null;
  const name = str(v.name, 128);
  const description = str(v.description, 10_000);
  if (name === null || !/^[a-zA-Z0-9_-]{1,128}$/.test(name) || description === null) return null;
  let size: number;
  try {
    size = JSON.stringify(v.input_schema).length;
  } catch {
    return null;
  }
  if (size > LIMITS.schemaChars) return null;
  return { name, description, input_schema: JSON.parse(JSON.stringify(v.input_schema)) as Record<string, unknown> };
}

export function parsePrompt(v: unknown): ComparePrompt | null {
  if (!isObj(v)) return null;
  const system = str(v.system, LIMITS.textChars);
  const maxTokens = int(v.maxTokens, 1, LIMITS.maxTokens);
  const temperature = v.temperature === null ? null : typeof v.temperature === 'number' && v.temperature >= 0 && v.temperature <= 1 ? v.temperature : undefined;
  if (system === null || maxTokens === null || temperature === undefined) return null;
  if (!Array.isArray(v.messages) || v.messages.length > LIMITS.messages) return null;
  if (!Array.isArray(v.tools) || v.tools.length > LIMITS.tools) return null;
  const messages = v.messages.map(parseMessage);
  const tools = v.tools.map(parseTool);
  if (messages.some((m) => m === null) || tools.some((t) => t === null)) return null;
  const total = system.length + messages.reduce((n, m) => n + m!.content.length, 0);
  if (total > LIMITS.textChars) return null;
  return { system, messages: messages as CompareMessage[], tools: tools as CompareTool[], maxTokens, temperature };
}

function parseInput(v: unknown): PanelInput | null {
  if (!isObj(v) || !isObj(v.fields)) return null;
  const prompt = parsePrompt(v.prompt);
  if (!prompt) return null;
  const entries = Object.entries(v.fields);
  if (entries.length > LIMITS.fields) return null;
  for (const [k, val] of entries) if (str(val, LIMITS.textChars) === null || k.length > 500) return null;
  // fromEntries defines own properties, so a key such as "__proto__" cannot reach the prototype.
  const fields = Object.fromEntries(entries) as Record<string, string>;
  if (v.sendEmpty === undefined) return { prompt, fields };
  if (!Array.isArray(v.sendEmpty) || v.sendEmpty.length > LIMITS.fields || v.sendEmpty.some((f) => str(f, 500) === null)) return null;
  return { prompt, fields, sendEmpty: [...(v.sendEmpty as string[])] };
}

/**
 * Fields that keep Run off: named in the prompt (their `${name}` is still in a text), empty, and not marked
 * "send empty". The webview shows them; the host refuses a run that has any.
 */
export function missingFields(input: PanelInput, fieldNames: readonly string[]): string[] {
  const texts = [input.prompt.system, ...input.prompt.messages.map((m) => m.content)];
  return fieldNames.filter((name) => !(input.fields[name] ?? '') && !(input.sendEmpty ?? []).includes(name) && texts.some((t) => t.includes(`\${${name}}`)));
}

/** The only way a webview message reaches the host's logic: a fresh, validated copy, or null. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | null {
  if (!isObj(raw) || typeof raw.type !== 'string') return null;
  switch (raw.type) {
    case 'ready':
    case 'cancel':
    case 'setApiKey':
      return { type: raw.type };
    case 'choose':
      return raw.tier === 'haiku' || raw.tier === 'sonnet' ? { type: 'choose', tier: raw.tier } : null;
    case 'estimate':
    case 'run': {
      const input = parseInput(raw.input);
      const runs = int(raw.runs, 1, LIMITS.runs);
      if (!input || runs === null || typeof raw.grade !== 'boolean') return null;
      if (raw.type === 'estimate') return { type: 'estimate', input, runs, grade: raw.grade };
      const rubric = str(raw.rubric, LIMITS.rubricChars);
      return rubric === null ? null : { type: 'run', input, runs, grade: raw.grade, rubric };
    }
    default:
      return null;
  }
}

/** JSON for a `<script type="application/json">` block: nothing in it can close the tag or start markup. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
