// Task-type inference: features → weighted scores per task type → calibrated confidence, with the
// reasons a reviewer can check (each names its evidence and where it is), then the tier.
import { isTaskType, type Inference, type ScannedCall, type TaskType } from '../types';
import { VOTED_TYPES, identifierWords, type Evidence, type VotedType } from './evidence';
import { extractFeatures, isInstruction, type Features } from './rules';
import { DEFAULT_TIER, HAIKU_MIN_CONFIDENCE, HAIKU_MIN_CONFIDENCE_WITH_SCHEMA, recommendTier, type Recommendation } from './tier';
import { splitRegistryKey } from '../registry/route';
import { shortOutput } from './structure';

export { DEFAULT_TIER, HAIKU_MIN_CONFIDENCE, HAIKU_MIN_CONFIDENCE_WITH_SCHEMA } from './tier';
export { findCategoryLists, findSchemaEnums, overlappingCategories } from './categories';

export interface TaskOverride {
  taskType?: string;
  source: 'annotation' | 'usage-file';
  /** Where it is written, for the reason: "the annotation on line 12", ".tierwise.json callSites[…]". */
  detail?: string;
}

/** Below this total weight the evidence is too thin to name a task type. */
export const MIN_SCORE = 2.5;
const MAX_REASONS = 6;

interface Scored {
  type: VotedType;
  score: number;
  evidence: Evidence[];
}

function score(features: Features): Scored[] {
  const byType = new Map<VotedType, Scored>(VOTED_TYPES.map((t) => [t, { type: t, score: 0, evidence: [] }]));
  for (const e of features.evidence) {
    const s = byType.get(e.type)!;
    s.score += e.weight;
    s.evidence.push(e);
  }
  return [...byType.values()].sort((a, b) => b.score - a.score || VOTED_TYPES.indexOf(a.type) - VOTED_TYPES.indexOf(b.type));
}

/**
 * Confidence from the winner's share of all evidence and from how much evidence there is:
 * one strong instruction and nothing against it gives ~0.75; a prompt, its output handling and a
 * name agreeing give ~0.9; two types close together stay near 0.5.
 */
function confidenceOf(top: number, total: number): number {
  if (total <= 0) return 0;
  const share = top / total;
  const strength = 1 - Math.exp(-top / 3.5);
  return round(Math.min(0.97, 0.1 + 0.9 * share * strength));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function reasonsOf(s: Scored): string[] {
  return [...s.evidence]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_REASONS)
    .map((e) => e.text);
}

/** A registry task outside the fixed list: which fixed type does its name read as (for the tier)? */
function typeOfName(name: string): VotedType | null {
  const words = identifierWords(name);
  const probe: ScannedCall = {
    file: '',
    language: 'typescript',
    enclosingFunction: words.join('_'),
    className: null,
    callee: { line: 0, column: 0, offset: 0 },
    span: { start: 0, end: 0 },
    sdk: 'registry',
    api: '',
    model: { expression: '', resolved: null, source: 'unresolved', span: null },
    registryTask: null,
    streaming: false,
    batch: false,
    cacheControl: false,
    cacheTtl: null,
    maxTokens: null,
    temperature: null,
    prompt: [],
    tools: [],
    stopSequences: [],
    signals: [],
    annotation: null,
  };
  const best = score(extractFeatures(probe))[0];
  return best.score > 0 ? best.type : null;
}

/** An inference's tier part, from the tier recommendation. */
function tierFields(rec: Recommendation): Pick<Inference, 'recommendedTier' | 'upgradeReasons' | 'opusNote' | 'questions' | 'questionNotes'> {
  return {
    recommendedTier: rec.tier,
    upgradeReasons: rec.upgradeReasons,
    ...(rec.opusNote ? { opusNote: rec.opusNote } : {}),
    questions: rec.questions,
    ...(Object.keys(rec.questionNotes).length ? { questionNotes: rec.questionNotes } : {}),
  };
}

function certain(call: ScannedCall, taskType: string, why: string, features: Features, ranked: Scored[]): Inference {
  let tierType = taskType;
  const reasons = [why];
  if (!isTaskType(taskType)) {
    const evidenceType = ranked[0].score >= MIN_SCORE ? ranked[0].type : null;
    const named = evidenceType ?? typeOfName(taskType);
    tierType = named ?? 'unknown';
    reasons.push(
      named
        ? `"${taskType}" is not one of the standard task types; its tier follows ${named} (${evidenceType ? 'from the evidence at the call' : 'from its name'})`
        : `"${taskType}" is not one of the standard task types and nothing at the call says what it does: Sonnet, the safe default`,
    );
  }
  const rec = recommendTier(tierType, call, features, { named: true });
  const runner = ranked.find((s) => s.type !== taskType && s.score > 0);
  const total = ranked.reduce((a, s) => a + s.score, 0);
  return {
    taskType,
    confidence: 1,
    runnerUp: runner ? { taskType: runner.type, confidence: confidenceOf(runner.score, total) } : null,
    reasons,
    ...tierFields(rec),
  };
}

/**
 * Infers the task type of one call site and recommends a tier.
 * Precedence: an explicit override (usage file or annotation) > the call's own `task=` annotation >
 * the registry task > the evidence. The first three are certain (confidence 1).
 */
export function inferTaskType(call: ScannedCall, override?: TaskOverride | null): Inference {
  const features = extractFeatures(call);
  const ranked = score(features);

  if (override?.taskType) {
    const by = override.detail ?? (override.source === 'usage-file' ? 'the usage file (.tierwise.json)' : 'an annotation');
    return certain(call, override.taskType, `task type ${override.taskType} set by ${by} (certain)`, features, ranked);
  }
  if (call.annotation?.taskType) {
    return certain(call, call.annotation.taskType, `annotation line ${call.annotation.line}: task=${call.annotation.taskType} (certain)`, features, ranked);
  }
  if (call.registryTask) {
    const expr = call.model.expression ? `model ${call.model.expression}` : 'the registry';
    // A key of another provider's calls (`classify_intent@openai`) names the task type before the `@`.
    const task = splitRegistryKey(call.registryTask).task;
    return certain(call, task, `registry task ${call.registryTask} named by ${expr} (certain)`, features, ranked);
  }

  const total = ranked.reduce((a, s) => a + s.score, 0);
  const [best, second] = ranked;
  if (best.score < MIN_SCORE) {
    const rec = recommendTier('unknown', call, features);
    const reasons =
      best.score > 0
        ? [`evidence too thin to name a task type (best guess ${best.type}, weight ${round(best.score)} < ${MIN_SCORE})`, ...reasonsOf(best).slice(0, 2)]
        : [features.passThrough ?? (features.staticChars === 0 ? 'the prompt is built entirely at run time and nothing around the call says what it does' : 'nothing in the prompt, names or output handling points to a task type')];
    return {
      taskType: 'unknown',
      confidence: round(Math.max(0.05, 0.3 - best.score * 0.08)),
      runnerUp: best.score > 0 ? { taskType: best.type, confidence: confidenceOf(best.score, total) } : null,
      reasons,
      recommendedTier: rec.tier,
      upgradeReasons: [],
      questions: rec.questions,
      ...(Object.keys(rec.questionNotes).length ? { questionNotes: rec.questionNotes } : {}),
      missingEvidence: missingEvidence(call, features),
    };
  }

  const rec = recommendTier(best.type, call, features);
  const reasons = reasonsOf(best);
  if (second.score > 0) reasons.push(`against: ${second.type} (weight ${round(second.score)} vs ${round(best.score)}): ${second.evidence.sort((a, b) => b.weight - a.weight)[0].text}`);
  const confidence = confidenceOf(best.score, total);
  const fields = tierFields(rec);
  // A schema that shows a closed set of labels (an enum of at most 15) makes a less certain classification enough.
  // Only a classification: on unseen applications, a guessed extraction or query writer with a schema was an agent's
  // step or a rewrite a reviewer keeps on Sonnet (blind batch C).
  const labelsShown = (call.outputSchema?.fields ?? []).some((f) => f.type === 'enum' && (f.enum?.length ?? 0) >= 2 && (f.enum?.length ?? 0) <= 15);
  const min = rec.outputBound === 'schema' && best.type === 'classify_intent' && labelsShown ? HAIKU_MIN_CONFIDENCE_WITH_SCHEMA : HAIKU_MIN_CONFIDENCE;
  const anyway = fields.recommendedTier === 'haiku' && confidence < min ? haikuJobAnyway(call, features, ranked, total, rec) : null;
  if (anyway) reasons.push(anyway);
  else if (fields.recommendedTier === 'haiku' && confidence < min) {
    // A guessed task type answers none of the routing questions clearly: the guide's rule keeps the job on Sonnet.
    fields.recommendedTier = 'sonnet';
    fields.upgradeReasons = [
      `the task type is a guess (${Math.round(confidence * 100)}% confidence, below ${Math.round(min * 100)}%): when any routing question is not clearly yes, the job starts on Sonnet. Set its task type, or classify it with Claude, to route it to Haiku.`,
      ...fields.upgradeReasons,
    ];
  }
  return {
    taskType: best.type as TaskType,
    confidence,
    runnerUp: second.score > 0 ? { taskType: second.type, confidence: confidenceOf(second.score, total) } : null,
    reasons,
    ...fields,
  };
}

/** The task types that run on Haiku by default: a job read as one of them is a Haiku job, whichever of them it is. */
/** The weight of one explicit instruction ("classify …", "extract …", "summarize …"). */
const EXPLICIT = 2.5;

/** The task types that run on Haiku by default. */
const HAIKU_TYPES: ReadonlySet<VotedType> = new Set(['classify_intent', 'extract_entities', 'summarize_short']);

/**
 * A Haiku job whose exact task type is uncertain because the evidence splits between the Haiku task types (a label
 * with a short rewrite, a relevance check that mentions extraction): no one type is sure, but the tier does not depend
 * on which of them it is. The job stays on Haiku when, together, they are as sure as one type must be; the prompt asks
 * for one of them in its own words and for nothing else (no instruction to write, plan, review or synthesize); the
 * labels of a classification are on the card; and every Haiku type the evidence reads the job as passes the routing
 * questions on its own terms. Returns the reason, or null when the job stays on Sonnet.
 */
function haikuJobAnyway(call: ScannedCall, features: Features, ranked: Scored[], total: number, rec: Recommendation): string | null {
  if (rec.labelsUnseen) return null;
  const family = ranked.filter((s) => HAIKU_TYPES.has(s.type) && s.score > 0);
  const together = confidenceOf(family.reduce((n, s) => n + s.score, 0), total);
  if (together < HAIKU_MIN_CONFIDENCE) return null;
  const asked = new Map<VotedType, number>();
  for (const e of features.evidence) if (isInstruction(e)) asked.set(e.type, (asked.get(e.type) ?? 0) + e.weight);
  const askedHaiku = [...asked].filter(([t]) => HAIKU_TYPES.has(t)).reduce((n, [, w]) => n + w, 0);
  const askedOther = [...asked].filter(([t, w]) => !HAIKU_TYPES.has(t) && w >= EXPLICIT);
  if (askedHaiku < EXPLICIT || askedOther.length > 0) return null;
  // Whichever Haiku type it is, the answer must be shown short: a schema of free-text fields alone does not show it
  // (a "research brief" string is as long as the model makes it), a constrained field, a length or max_tokens does.
  if (shortOutput('summarize_short', call, features).answer !== 'yes') return null;
  const best = ranked[0];
  for (const s of family) {
    if (s === best || s.score < best.score / 2) continue;
    const other = recommendTier(s.type, call, features);
    if (other.tier === 'haiku') continue;
    // Read as a summary, the answer must be shown short on its own terms (a free-text summary is as long as the model
    // makes it); read as a classification or an extraction, the best type's bound on the answer holds, but not that
    // type's own reasons for Sonnet (more than 15 labels, labels filled in at run time, domain-heavy text).
    if (s.type === 'summarize_short' || other.typeReasons.length > 0 || !other.questions.noMultiStepReasoning || !other.questions.cheapToRecover) return null;
  }
  const types = family.filter((s) => s.score >= best.score / 2).map((s) => s.type);
  return `${types.length > 1 ? `read as ${types.join(' or ')}` : `read as ${best.type}`}, all Haiku jobs (${Math.round(together * 100)}% together), and the prompt asks for nothing else: the routing questions decide the tier`;
}

const GENERIC_NAME = /^(?:\(top\)|run|call|invoke|execute|handle|handler|process|request|send|complete|completion|generate|create|chat|ask|query|llm|model|main|default|post|get|fn|func|callback|wrapper|inner|anonymous|index)$/i;

/**
 * What a reviewer would need to name the job of an `unknown` call, from what the scanner did not find: the
 * instruction text, a name for the job, the expected output, how the answer is used.
 */
function missingEvidence(call: ScannedCall, features: Features): string[] {
  const out: string[] = [];
  const holes = call.prompt.flatMap((p) => p.holes ?? []).slice(0, 3);
  if (features.passThrough) out.push(`a job of its own: ${features.passThrough}`);
  else if (features.staticChars === 0) {
    out.push(
      call.prompt.length
        ? `the instruction text: the prompt is only run-time values${holes.length ? ` (${holes.map((h) => `⟪${h.length > 40 ? `${h.slice(0, 39)}…` : h}⟫`).join(', ')})` : ''}`
        : 'the instruction text: no prompt or messages were found at this call',
    );
  } else out.push('an instruction that names the job: the prompt text does not say what to produce');
  const fn = call.enclosingFunction.split('.').pop() ?? '';
  if (!call.labels?.length && !call.registryTask && (GENERIC_NAME.test(fn) || !fn)) out.push(`a name for the job: no label, registry key or annotation, and \`${call.enclosingFunction}\` is generic`);
  const structured = call.outputSchema || call.signals.some((s) => s.kind === 'structured-output' || s.kind === 'schema-parse' || s.kind === 'forced-tool-choice');
  if (!structured && call.maxTokens === null) out.push('the expected output: no schema and no max_tokens');
  const used = call.signals.some((s) => ['json-parse', 'switch-on-output', 'enum-compare', 'includes-on-output', 'streams-to-response'].includes(s.kind));
  if (!used) out.push('how the answer is used: it is returned or stored as it is');
  return out;
}

/** The default tier of a task type (Sonnet for anything outside the fixed list). */
export function defaultTierOf(taskType: string): 'haiku' | 'sonnet' {
  return DEFAULT_TIER[taskType] ?? 'sonnet';
}
