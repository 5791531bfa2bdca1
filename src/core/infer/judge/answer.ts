// The judge's answer: parsed, validated against its JSON schema, and turned into a verdict — or into a clear state
// when it is not one (refused, cut off, not JSON, not the schema, a task type outside the list). Nothing here trusts
// the answer: it is model output from the network.
import Ajv, { type ValidateFunction } from 'ajv';
import { isTaskType, type TaskType, type Tier } from '../../types';
import { JUDGE_OUTPUT_SCHEMA } from './prompt';
import { QUESTION_KEYS, tierOfAnswers, type JudgeProblem, type JudgeVerdict, type QuestionAnswer, type QuestionKey } from './verdict';

export { QUESTION_KEYS, isVerdict, tierOfAnswers, verdictLabel, verdictSource, type JudgeProblem, type JudgeVerdict, type QuestionAnswer, type QuestionKey } from './verdict';

const MAX_TEXT = 300;
const MAX_SIGNALS = 8;

let validator: ValidateFunction | null = null;
function validate(): ValidateFunction {
  // The structured-output schema has no numeric bounds (the API's subset has none); the check here does.
  validator ??= new Ajv({ allErrors: true, strict: false }).compile({
    ...JUDGE_OUTPUT_SCHEMA,
    properties: { ...JUDGE_OUTPUT_SCHEMA.properties, confidence: { type: 'number', minimum: 0, maximum: 1 } },
  });
  return validator;
}

/** The first JSON object in a text: the whole text, or inside a ``` fence, or between the first `{` and the last `}`. */
function jsonIn(text: string): unknown {
  const t = text.trim();
  const candidates = [t];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(t);
  if (fenced) candidates.push(fenced[1].trim());
  const first = t.indexOf('{');
  const last = t.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(t.slice(first, last + 1));
  for (const c of candidates) {
    try {
      return JSON.parse(c) as unknown;
    } catch {
      // try the next shape
    }
  }
  return undefined;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}

export interface AnswerMessage {
  /** The text blocks of the answer, joined. */
  text: string;
  stopReason: string | null;
  model: string;
}

/** The text of a Messages API answer (its text blocks). */
export function answerText(content: ReadonlyArray<{ type: string; text?: string }>): string {
  return content
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text)
    .join('');
}

/** Reads one answer. `model` names the model that was asked (the answer's own model id when it gives one). */
export function parseJudgeAnswer(m: AnswerMessage, key: string, date: string): { verdict: JudgeVerdict } | { problem: JudgeProblem } {
  if (m.stopReason === 'refusal') return { problem: { state: 'refused', message: `${m.model} declined to judge this call (refusal). Set its task type by hand.` } };
  const value = jsonIn(m.text);
  if (value === undefined) {
    const cut = m.stopReason === 'max_tokens' ? ' (the answer was cut off at max_tokens)' : '';
    return { problem: { state: 'invalid', message: `${m.model}'s answer is not JSON${cut}: "${oneLine(m.text).slice(0, 80)}"` } };
  }
  const check = validate();
  if (!check(value)) {
    const v = value as { taskType?: unknown };
    if (typeof v === 'object' && v !== null && typeof v.taskType === 'string' && !isTaskType(v.taskType)) {
      return { problem: { state: 'invalid', message: `${m.model} answered the task type "${oneLine(v.taskType).slice(0, 40)}", which is not one of Tierwise's task types.` } };
    }
    const first = (check.errors ?? [])[0];
    const where = first ? `${first.instancePath || 'the answer'} ${first.message ?? 'is invalid'}` : 'it does not match the schema';
    return { problem: { state: 'invalid', message: `${m.model}'s answer does not match the answer schema: ${where}.` } };
  }
  const a = value as {
    job: string;
    taskType: TaskType;
    confidence: number;
    questions: Record<QuestionKey, QuestionAnswer>;
    upgradeSignals: string[];
    tier: Tier;
  };
  const questions = Object.fromEntries(QUESTION_KEYS.map((k) => [k, { answer: a.questions[k].answer, reason: oneLine(a.questions[k].reason) }])) as Record<QuestionKey, QuestionAnswer>;
  const upgradeSignals = a.upgradeSignals.map(oneLine).filter(Boolean).slice(0, MAX_SIGNALS);
  const confidence = Math.round(a.confidence * 100) / 100;
  const ruled = tierOfAnswers(a.taskType, questions, upgradeSignals, confidence);
  // Both must say Haiku: the model's own word and the guide's rule over its answers.
  const tier: Tier = ruled === 'haiku' && a.tier === 'haiku' ? 'haiku' : 'sonnet';
  return { verdict: { taskType: a.taskType, confidence, job: oneLine(a.job), questions, upgradeSignals, tier, model: m.model, date, key } };
}

