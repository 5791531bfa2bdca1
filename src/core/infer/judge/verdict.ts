// A Claude verdict and its problems as plain data: what the cache, the editor's state and the analysis pass around.
// No validator here (the main extension bundle reads verdicts without loading ajv); answer.ts checks answers.
import { isTaskType, type RoutingQuestions, type TaskType, type Tier } from '../../types';
import { DEFAULT_TIER, HAIKU_MIN_CONFIDENCE } from '../tier';

export type QuestionKey = keyof RoutingQuestions;
export const QUESTION_KEYS: readonly QuestionKey[] = ['shortSchemaConstrainedOutput', 'cheapToRecover', 'noMultiStepReasoning'];

export interface QuestionAnswer {
  answer: boolean;
  reason: string;
}

/** One call site's task type as a Claude model judged it from its card. */
export interface JudgeVerdict {
  taskType: TaskType;
  confidence: number;
  /** One sentence: what the call asks the model to do. */
  job: string;
  questions: Record<QuestionKey, QuestionAnswer>;
  upgradeSignals: string[];
  /** Haiku only when the type defaults to Haiku, every answer is yes, no upgrade signal, and the model said so too. */
  tier: Tier;
  /** The model that answered. */
  model: string;
  /** YYYY-MM-DD, the day of the answer. */
  date: string;
  /** The judge key of the card it answers (judgeKey): a different card is a different question. */
  key: string;
}

/** Why a site has no verdict: what the user sees for it, and whether running again may help. */
export interface JudgeProblem {
  state: 'refused' | 'invalid' | 'failed' | 'cancelled';
  message: string;
}

/** "claude-haiku-5-5 2026-12-05": the source written next to an accepted task type in .tierwise.json. */
export function verdictSource(v: Pick<JudgeVerdict, 'model' | 'date'>): string {
  return `${v.model} ${v.date}`;
}

/** "Claude (claude-haiku-5-5, 2026-12-05)": how the editor and the CLI name the source of a judged task type. */
export function verdictLabel(v: Pick<JudgeVerdict, 'model' | 'date'>): string {
  return `Claude (${v.model}, ${v.date})`;
}

/** A verdict read back from storage or a usage file (anything else is dropped). */
export function isVerdict(v: unknown): v is JudgeVerdict {
  if (!v || typeof v !== 'object') return false;
  const o = v as Partial<JudgeVerdict>;
  return (
    typeof o.taskType === 'string' &&
    isTaskType(o.taskType) &&
    typeof o.confidence === 'number' &&
    typeof o.job === 'string' &&
    typeof o.model === 'string' &&
    typeof o.date === 'string' &&
    typeof o.key === 'string' &&
    (o.tier === 'haiku' || o.tier === 'sonnet') &&
    Array.isArray(o.upgradeSignals) &&
    !!o.questions &&
    QUESTION_KEYS.every((k) => typeof o.questions?.[k]?.answer === 'boolean' && typeof o.questions?.[k]?.reason === 'string')
  );
}

/** The tier a verdict's answers give: the routing guide's rule, whatever the model wrote in `tier`. */
export function tierOfAnswers(taskType: string, questions: Record<QuestionKey, { answer: boolean }>, upgradeSignals: readonly string[], confidence: number): Tier {
  const haikuType = DEFAULT_TIER[taskType] === 'haiku' || taskType === 'generate_code';
  const allYes = QUESTION_KEYS.every((k) => questions[k]?.answer === true);
  return haikuType && allYes && upgradeSignals.length === 0 && confidence >= HAIKU_MIN_CONFIDENCE ? 'haiku' : 'sonnet';
}

