// A Claude verdict as the site's inference: the task type, its reasons and the tier from the three answers. Used for
// answers still pending in the editor and for answers accepted into .tierwise.json (where the team reviews them).
import type { Inference, JudgedTaskType, RoutingQuestions, TaskType, Tier } from '../../types';
import { DEFAULT_TIER } from '../tier';
import { QUESTION_KEYS, tierOfAnswers, verdictLabel, type JudgeVerdict, type QuestionAnswer, type QuestionKey } from './verdict';

const QUESTION_TEXT: Record<QuestionKey, string> = {
  shortSchemaConstrainedOutput: 'short, schema-constrained output',
  cheapToRecover: 'cheap to recover from a wrong answer',
  noMultiStepReasoning: 'no multi-step reasoning',
};

function answerReasons(answers: Record<QuestionKey, QuestionAnswer>): string[] {
  return QUESTION_KEYS.map((k) => `${QUESTION_TEXT[k]}: ${answers[k].answer ? 'yes' : 'no'}${answers[k].reason ? ` (${answers[k].reason})` : ''}`);
}

function questionsOf(answers: Record<QuestionKey, QuestionAnswer>): { questions: RoutingQuestions; notes: Partial<Record<QuestionKey, string>> } {
  const questions = Object.fromEntries(QUESTION_KEYS.map((k) => [k, answers[k].answer])) as unknown as RoutingQuestions;
  const notes: Partial<Record<QuestionKey, string>> = {};
  for (const k of QUESTION_KEYS) if (!answers[k].answer && answers[k].reason) notes[k] = answers[k].reason;
  return { questions, notes };
}

function upgradeReasonsOf(taskType: string, tier: Tier, signals: readonly string[], answers: Record<QuestionKey, QuestionAnswer>): string[] {
  if (tier === 'haiku' || !(DEFAULT_TIER[taskType] === 'haiku' || taskType === 'generate_code')) return [];
  if (signals.length) return [...signals];
  const no = QUESTION_KEYS.filter((k) => !answers[k].answer).map((k) => `${QUESTION_TEXT[k]}: no${answers[k].reason ? ` (${answers[k].reason})` : ''}`);
  return no.length ? no : ['the task type is not certain enough for Haiku'];
}

/** A pending verdict (not in the usage file yet): the task type, confidence and tier as Claude answered them. */
export function inferenceFromVerdict(v: JudgeVerdict, rules?: Inference): Inference {
  const { questions, notes } = questionsOf(v.questions);
  return {
    taskType: v.taskType,
    confidence: v.confidence,
    runnerUp: rules && rules.taskType !== v.taskType && rules.taskType !== 'unknown' ? { taskType: rules.taskType as TaskType, confidence: rules.confidence } : null,
    reasons: [`${verdictLabel(v)}, not accepted yet: ${v.job}`, ...answerReasons(v.questions), ...(rules && rules.taskType !== v.taskType ? [`the offline rules said ${rules.taskType} (${Math.round(rules.confidence * 100)}%)`] : [])],
    recommendedTier: v.tier,
    upgradeReasons: upgradeReasonsOf(v.taskType, v.tier, v.upgradeSignals, v.questions),
    questions,
    ...(Object.keys(notes).length ? { questionNotes: notes } : {}),
    judged: judgedOf(v.model, v.date, v.job, v.questions, v.upgradeSignals, false),
  };
}

/** What an accepted entry in .tierwise.json carries besides `taskType` (written by "Accept"). */
export interface AcceptedAnswers {
  taskTypeSource: string;
  job?: string;
  questions: Record<QuestionKey, QuestionAnswer>;
  upgradeSignals?: string[];
}

/** "claude-haiku-5-5 2026-12-05" → model and date (the date is the last word when it looks like one). */
export function parseSource(source: string): { model: string; date: string } {
  const m = /^(.*\S)\s+(\d{4}-\d{2}-\d{2})$/.exec(source.trim());
  return m ? { model: m[1], date: m[2] } : { model: source.trim(), date: '' };
}

/**
 * A task type the team accepted from Claude (the usage file's entry has `taskTypeSource` and the answers): certain,
 * like any usage-file task type, and its tier follows the recorded answers.
 */
export function inferenceFromAccepted(taskType: string, entry: AcceptedAnswers, where: string, rules: Inference): Inference {
  const { model, date } = parseSource(entry.taskTypeSource);
  const signals = entry.upgradeSignals ?? [];
  const tier = tierOfAnswers(taskType, entry.questions, signals, 1);
  const { questions, notes } = questionsOf(entry.questions);
  const label = date ? `Claude (${model}, ${date})` : `Claude (${model})`;
  return {
    ...rules,
    taskType,
    confidence: 1,
    runnerUp: null,
    reasons: [`task type ${taskType} set by ${where}: ${label}'s answer, accepted (certain)${entry.job ? `: ${entry.job}` : ''}`, ...answerReasons(entry.questions)],
    recommendedTier: tier,
    upgradeReasons: upgradeReasonsOf(taskType, tier, signals, entry.questions),
    questions,
    ...(Object.keys(notes).length ? { questionNotes: notes } : { questionNotes: undefined }),
    judged: judgedOf(model, date, entry.job ?? '', entry.questions, signals, true),
  };
}

function judgedOf(model: string, date: string, job: string, answers: Record<QuestionKey, QuestionAnswer>, upgradeSignals: readonly string[], accepted: boolean): JudgedTaskType {
  return { source: date ? `${model} ${date}` : model, model, date, job, answers: { ...answers }, upgradeSignals: [...upgradeSignals], accepted };
}

/** True when a usage-file entry carries Claude's answers as Accept writes them. */
export function hasAcceptedAnswers(entry: unknown): entry is AcceptedAnswers & { taskType: string } {
  if (!entry || typeof entry !== 'object') return false;
  const e = entry as Partial<AcceptedAnswers> & { taskType?: unknown };
  return typeof e.taskType === 'string' && typeof e.taskTypeSource === 'string' && !!e.questions && QUESTION_KEYS.every((k) => typeof e.questions?.[k]?.answer === 'boolean');
}
