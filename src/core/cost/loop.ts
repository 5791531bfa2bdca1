// Call sites that run several model requests per task: an agent loop (tool results fed back until the model stops)
// and a conversation (a chat history re-sent every turn). Such a site is priced per task: turn k sends the first
// turn's input plus (k − 1) × the tokens each turn adds, so a task of N turns bills the prefix N times and the history
// about N²/2 times (issue #15). Pure: a scanned call and the usage file in, a plan out.
//
// What the volume figure counts (the annotation, the usage file, the default), by who runs the turns:
// - the code loops on stop_reason, or the SDK / framework runs the tool loop: one run of the code is one task, so the
//   figure counts tasks and requests = tasks × turns;
// - a chat route given the history by its caller: one run of the code is one turn, so the figure counts requests and
//   conversations = requests ÷ turns (`tasks=N/day` in an annotation counts conversations there);
// - measured traffic (imported spans) always counts requests.
import type { Annotation, ScannedCall, ToolDefinition } from '../types';
import type { LoadedUsage, UsageFile } from '../usage/usageFile';
import { USAGE_FILE_NAME } from '../usage/usageFile';
import type { ResolvedVolume, Sourced } from '../usage/volume';

export type LoopKind = 'agent-loop' | 'conversation';
export type LoopRunner = 'code' | 'sdk' | 'caller' | 'user';

export interface LoopShape {
  kind: LoopKind;
  runner: LoopRunner;
  /** What in the code says so: `line 12: called in a loop that handles tool use`. */
  evidence: string;
}

/**
 * Turns per task by shape, when nothing says otherwise.
 * - agent loop 6: a tool-using task of a few lookups and an answer (plan, call two or three tools, check, answer); the
 *   issue's figure. Coding agents run far longer (20–50 turns): set `turns` for them.
 * - conversation 4: public chat logs average two to three user turns per conversation (LMSYS-Chat-1M, WildChat);
 *   product chats (support, tutoring) run somewhat longer.
 */
export const DEFAULT_TURNS: Readonly<Record<LoopKind, number>> = { 'agent-loop': 6, conversation: 4 };

/** A user message in a conversation, in legacy-tokenizer tokens (a few sentences). */
export const USER_MESSAGE_TOKENS = 100;

/**
 * A tool result by what the tool does, in legacy-tokenizer tokens: retrieval returns documents or lists, a lookup one
 * record, an action a confirmation. Matched on the tool's name, then its description.
 */
export const TOOL_RESULT_TOKENS = [
  { kind: 'retrieval', tokens: 800, re: /search|retriev|fetch|browse|scrape|crawl|read|query|list|docs?\b|document|web|file/i },
  { kind: 'lookup', tokens: 250, re: /get|lookup|look_up|look up|find|check|status|describe|info|detail|balance|weather|price|quote/i },
  { kind: 'action', tokens: 50, re: /send|create|update|delete|remove|issue|refund|pay|charge|post|write|set|cancel|book|schedule|deploy|transfer|notify|submit|approve/i },
] as const;
/** A tool whose name and description say nothing of the above, or a loop whose tools are not visible. */
export const OTHER_TOOL_RESULT_TOKENS = 300;

export function loopShapeOf(call: Pick<ScannedCall, 'signals'>): LoopShape | null {
  const tool = call.signals.find((s) => s.kind === 'tool-use-loop');
  if (tool) {
    const sdk = /SDK runs the tool loop|framework runs the agent/i.test(tool.detail);
    return { kind: 'agent-loop', runner: sdk ? 'sdk' : 'code', evidence: `line ${tool.line}: ${tool.detail}` };
  }
  const history = call.signals.find((s) => s.kind === 'message-history');
  if (history) {
    // The history given to the call (a parameter, a spread, a chat API's next turn): the caller runs the turns. A list
    // the code itself grows in a loop around the call: the code does.
    const caller = /history array|conversation's next turn/i.test(history.detail);
    const what = caller ? history.detail : `the messages list \`${history.detail}\` grows in a loop around the call`;
    return { kind: 'conversation', runner: caller ? 'caller' : 'code', evidence: `line ${history.line}: ${what}` };
  }
  return null;
}

/** The result a turn adds, from the tools' names and descriptions (legacy tokens, mean over the tools). */
export function toolResultTokens(tools: readonly ToolDefinition[]): Sourced<number> {
  if (!tools.length) return { value: OTHER_TOOL_RESULT_TOKENS, source: `${OTHER_TOOL_RESULT_TOKENS} tokens of tool result (the tools are not visible here)` };
  let sum = 0;
  const kinds: string[] = [];
  for (const t of tools) {
    const rule = TOOL_RESULT_TOKENS.find((r) => r.re.test(t.name)) ?? TOOL_RESULT_TOKENS.find((r) => r.re.test(t.description));
    sum += rule ? rule.tokens : OTHER_TOOL_RESULT_TOKENS;
    kinds.push(`${t.name} ${rule ? rule.kind : 'other'} ${rule ? rule.tokens : OTHER_TOOL_RESULT_TOKENS}`);
  }
  const value = Math.round(sum / tools.length);
  return { value, source: `${value} tokens of tool result (mean over the tools: ${kinds.slice(0, 4).join(', ')}${kinds.length > 4 ? ', …' : ''})` };
}

export interface LoopPlan {
  shape: LoopShape;
  turns: Sourced<number>;
  /** Set when the user gave the tokens added per turn (used as written on every tier). */
  addedAsWritten?: Sourced<number>;
  /** Else: the non-output part of what a turn adds (tool result or user message), in legacy tokens, scaled per tier. */
  addedBesidesOutput: Sourced<number>;
  /** What the resolved volume figure counts on this site. */
  volumeCounts: 'tasks' | 'requests';
}

/** Caps a `turns` value: whole, from 1 to 1,000. */
const MAX_TURNS = 1000;

function usageOf(usage: LoadedUsage | UsageFile | null | undefined): UsageFile {
  if (!usage) return {};
  return 'locate' in usage ? (usage as LoadedUsage).usage : (usage as UsageFile);
}

function turnsValue(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.min(MAX_TURNS, Math.round(n)) : undefined;
}

/**
 * How a call site is priced per task, or null for a single request. Turns: the usage file's call-site entry > the
 * annotation's `turns=` > the task type's entry > the shape's default. `turns: 1` prices a loop as one request; turns
 * set on a call with no loop in sight price it as an agent loop the code runs.
 */
export function resolveLoopPlan(
  id: string,
  taskType: string,
  call: Pick<ScannedCall, 'signals' | 'tools' | 'annotation'>,
  usageIn: LoadedUsage | UsageFile | null | undefined,
  volume: Pick<ResolvedVolume, 'measured' | 'unit'>,
): LoopPlan | null {
  const usage = usageOf(usageIn);
  const entry = usage.callSites?.[id];
  const task = usage.taskTypes?.[taskType];
  const annotation: Annotation | null = call.annotation;
  const detected = loopShapeOf(call);
  let turns: Sourced<number> | null = null;
  const site = turnsValue(entry?.turns);
  const annotated = turnsValue(annotation?.turns);
  const byTask = turnsValue(task?.turns);
  if (site !== undefined) turns = { value: site, source: `${USAGE_FILE_NAME} callSites["${id}"].turns` };
  else if (annotation && annotated !== undefined) turns = { value: annotated, source: `the annotation on line ${annotation.line}` };
  else if (byTask !== undefined) turns = { value: byTask, source: `${USAGE_FILE_NAME} taskTypes.${taskType}.turns` };
  const shape: LoopShape | null = detected ?? (turns && turns.value > 1 ? { kind: 'agent-loop', runner: 'user', evidence: `turns set by ${turns.source}` } : null);
  if (!shape) return null;
  turns ??= {
    value: DEFAULT_TURNS[shape.kind],
    source: `default for ${shape.kind === 'agent-loop' ? 'an agent loop' : 'a conversation'} (${DEFAULT_TURNS[shape.kind]}; set "turns" in ${USAGE_FILE_NAME} or turns=N in the annotation)`,
  };
  if (turns.value <= 1) return null;

  const givenSite = typeof entry?.addedTokensPerTurn === 'number' && entry.addedTokensPerTurn >= 0 ? entry.addedTokensPerTurn : undefined;
  const givenTask = typeof task?.addedTokensPerTurn === 'number' && task.addedTokensPerTurn >= 0 ? task.addedTokensPerTurn : undefined;
  const addedAsWritten =
    givenSite !== undefined
      ? { value: givenSite, source: `${USAGE_FILE_NAME} callSites["${id}"].addedTokensPerTurn` }
      : givenTask !== undefined
        ? { value: givenTask, source: `${USAGE_FILE_NAME} taskTypes.${taskType}.addedTokensPerTurn` }
        : undefined;
  const addedBesidesOutput =
    shape.kind === 'agent-loop' ? toolResultTokens(call.tools) : { value: USER_MESSAGE_TOKENS, source: `${USER_MESSAGE_TOKENS} tokens for the next user message (assumed)` };
  // Measured traffic counts requests; `tasks=` counts tasks; otherwise the runner decides (see the top of this file).
  const volumeCounts: LoopPlan['volumeCounts'] = volume.measured ? 'requests' : volume.unit === 'tasks' ? 'tasks' : shape.runner === 'caller' ? 'requests' : 'tasks';
  return { shape, turns, ...(addedAsWritten ? { addedAsWritten } : {}), addedBesidesOutput, volumeCounts };
}
