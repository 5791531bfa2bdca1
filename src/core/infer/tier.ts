// Tier recommendation: the default tier of the task type, then the upgrade signals that move a
// Haiku task to Sonnet, and the routing guide's three questions answered from the same evidence.
import type { RoutingQuestions, ScannedCall, Tier } from '../types';
import { overlappingCategories } from './categories';
import { quote } from './evidence';
import type { Features } from './rules';
import { cheapToRecover, oneStep, shortOutput, type OutputBoundKind, type StructuralAnswer } from './structure';

export const DEFAULT_TIER: Record<string, Tier> = {
  classify_intent: 'haiku',
  extract_entities: 'haiku',
  summarize_short: 'haiku',
  synthesize_documents: 'sonnet',
  generate_code: 'sonnet', // "either": Haiku for short boilerplate, decided below
  review_code: 'sonnet',
  draft_long_form: 'sonnet',
  plan_agent_steps: 'sonnet',
  chat_general: 'sonnet',
  unknown: 'sonnet',
};

/**
 * Below this confidence a task type is a guess, never a reason to move a call to Haiku: the routing guide starts a job
 * on Sonnet when any of its three questions is not clearly yes, and an uncertain task type answers none of them clearly.
 * On real code the rules' false Haiku recommendations sat at 0.24–0.32; on the labelled eval set 66 of the 72
 * Haiku-worthy jobs are at or above 0.5.
 */
export const HAIKU_MIN_CONFIDENCE = 0.5;

/**
 * The threshold for a classification whose schema shows its closed set of labels (an enum of at most 15): that fact
 * does not depend on the prompt's wording, so a less certain guess is enough. Only then: on unseen applications
 * (blind batch C) a guessed extraction or query writer with a schema was an agent's step a reviewer keeps on Sonnet.
 */
export const HAIKU_MIN_CONFIDENCE_WITH_SCHEMA = 0.4;

const DOMAIN_HEAVY =
  /\b(?:legal|law(?:yer)?|contracts?(?!\s+(?:value|amount|id|number))|agreements?|clauses?|lease|nda|indemnif\w*|liabilit\w*|non-compete|statut\w+|litigation|medical|clinical|patients?|diagnos\w+|icd-?10|medications?|prescriptions?|discharge summary|hospital|symptoms?|lab results|hipaa|insurance claims?|underwrit\w*)\b/i;
const DECISION =
  /\b(?:approve[ds]?|approval|reject(?:ed|s)?|triage[ds]?|decline|deny|denies|credit|loan|underwrit\w*|diagnos\w+|decide whether|to decide|urgent appointment|payout|adjuster|eligib\w*|hiring decision|advisory board)\b/i;
const SENSITIVE_CODE =
  /\b(?:payments?|billing|invoices?|stripe|charges?|refunds?|auth\w*|jwt|oauth|passwords?|credentials?|secrets?|migrations?|migrate|ledger|transactions?|data integrity|reconcil\w*|idempoten\w*|encrypt\w*|hash(?:es|ing)? (?:and verif\w+ )?(?:user )?passwords)\b/i;
const BOILERPLATE_BUDGET = 1024;
/** A summary written to stand in for the conversation so far: compaction of an agent's or a chat's history. */
const HISTORY_COMPACTION =
  /\b(?:(?:compress|compact|condense|shorten|truncate)\w*\b[^.\n]{0,30}\b(?:conversation|chat|message)?\s*(?:history|context|memory)|(?:conversation|chat|message) history\b[^.\n]{0,80}\b(?:summar\w+|compress\w*)|summar\w+[^.\n]{0,60}\b(?:conversation|chat|message) history|records in the conversation may already be summari[sz]ed|so (?:that )?the (?:chat|conversation) can (?:continue|go on)|(?:replace|in place of) (?:the )?(?:older|earlier|previous) (?:messages|turns|history))\b/i;
const IRREVERSIBLE_OUTPUT =
  /\b(?:issues? the refund|without human review|automatically (?:refund|charge|delete|ban|approve|cancel)|immediately,? without|acted on (?:directly|immediately))\b/i;
/** Labels of a permission decision, read where the answer is compared or switched on. */
const PERMISSION_LABELS = /\b(allow(ed)?|permit(ted)?|approve[d]?|grant(ed)?)\b/i;
const DENY_LABELS = /\b(den(y|ied)|block(ed)?|reject(ed)?|forbid(den)?|refuse[d]?)\b/i;
const OVERLAP_PHRASE = /\b(?:multi-?label|all (?:labels|categories) that apply|more than one (?:category|label)|may belong to (?:several|multiple))\b/i;

export interface Recommendation {
  tier: Tier;
  upgradeReasons: string[];
  opusNote?: string;
  questions: RoutingQuestions;
  questionNotes: Partial<Record<keyof RoutingQuestions, string>>;
  /** How the output is shown to be short (question 1 answered yes): by a schema, or by a format, a length or max_tokens. */
  outputBound?: OutputBoundKind;
  /** A classification whose labels are not on the card (a list read at run time): how many there are is not known. */
  labelsUnseen?: boolean;
  /** The task type's own reasons for Sonnet (more than 15 labels, domain-heavy text, a decision), before the structural questions. */
  typeReasons: string[];
}

/** The three questions answered from the call's structure, for the task types that may run on Haiku. */
const STRUCTURAL_TYPES = new Set(['classify_intent', 'extract_entities', 'summarize_short', 'generate_code']);

function noteOf(a: StructuralAnswer): string {
  return a.answer === 'unknown' ? `not shown: ${a.note}` : a.note;
}

const TYPE_NOTES: Record<string, Partial<Record<keyof RoutingQuestions, string>>> = {
  synthesize_documents: { shortSchemaConstrainedOutput: 'a free-form answer over several documents', noMultiStepReasoning: 'combining and reconciling several sources' },
  review_code: { shortSchemaConstrainedOutput: 'free-form review comments', noMultiStepReasoning: 'reasoning about what the code does and where it breaks' },
  plan_agent_steps: { shortSchemaConstrainedOutput: 'plans and tool calls, not a fixed schema', noMultiStepReasoning: 'deciding a sequence of actions' },
  draft_long_form: { shortSchemaConstrainedOutput: 'long free-form prose' },
  chat_general: { shortSchemaConstrainedOutput: 'open-ended conversational replies' },
  generate_code: {},
};

/** "tool contracts", "API contract": software, not law. */
const SOFTWARE_BEFORE = /\b(?:tool|api|interface|type|data|service|function|code|smart|output|schema)\s+$/i;
/** One item of a list of alternatives ("Invoice, Receipt, Contract, Agreement"): a label the job names, not the text's domain. */
const LIST_BEFORE = /,\s*$/;
const LIST_AFTER = /^(?:\s*,|\s+(?:or|and)\b)/i;

/**
 * The first domain-heavy word that says what the input text is, skipping software contracts, items of a list of labels
 * and quoted text on its line (an example answer or a label: `e.g., "Employment agreement between …"`).
 */
function domainMatch(text: string): string | null {
  const re = new RegExp(DOMAIN_HEAVY.source, 'gi');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 10);
    if (SOFTWARE_BEFORE.test(before) || (LIST_BEFORE.test(before) && LIST_AFTER.test(after))) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if ((text.slice(lineStart, m.index).match(/"/g) ?? []).length % 2 === 1) continue;
    return `"${quote(text, m.index, m[0].length, 70)}"`;
  }
  return null;
}

function firstMatch(re: RegExp, text: string): string | null {
  const m = re.exec(text);
  return m ? `"${quote(text, m.index, m[0].length, 70)}"` : null;
}

/**
 * `named`: the task type was named by the team (an annotation, the usage file, a registry key), not inferred. A person
 * has then said what the job is: an answer the call's structure cannot give does not overrule them, a clear "no"
 * (a tool loop, 20 labels, max_tokens 8000) still does.
 */
export function recommendTier(taskType: string, call: ScannedCall, f: Features, opts: { named?: boolean } = {}): Recommendation {
  const upgradeReasons: string[] = [];
  const notes: Partial<Record<keyof RoutingQuestions, string>> = { ...(TYPE_NOTES[taskType] ?? {}) };
  let opusNote: string | undefined;
  const text = f.allText;
  let short = false;
  let cheap = true;
  let simple = true;

  switch (taskType) {
    case 'classify_intent': {
      const cats = f.categories;
      if (cats && cats.items.length > 15) {
        simple = false;
        notes.noMultiStepReasoning = `${cats.items.length} categories to tell apart`;
        upgradeReasons.push(`${cats.items.length} categories (${cats.where}): more than 15 labels need finer distinctions than Haiku makes reliably`);
      } else if (cats) {
        const overlap = overlappingCategories(cats.items);
        if (overlap) {
          simple = false;
          notes.noMultiStepReasoning = `overlapping categories (${overlap.join(', ')}) need judgment`;
          upgradeReasons.push(`overlapping categories (${cats.where}): ${overlap.join(', ')}`);
        }
      }
      const multi = firstMatch(OVERLAP_PHRASE, text);
      if (multi && simple) {
        simple = false;
        notes.noMultiStepReasoning = 'labels may overlap';
        upgradeReasons.push(`labels may overlap: ${multi}`);
      }
      // A permission decision (allow / deny a tool call, a request, an action): a wrong label lets it through.
      const decided = call.signals.filter((sig) => sig.kind === 'switch-on-output' || sig.kind === 'enum-compare').map((sig) => sig.detail).join(' ');
      if (cheap && PERMISSION_LABELS.test(decided) && DENY_LABELS.test(decided)) {
        cheap = false;
        notes.cheapToRecover = 'the label allows or denies an action';
        upgradeReasons.push(`the label allows or denies an action: ${decided.slice(0, 80)}`);
      }
      const act = firstMatch(IRREVERSIBLE_OUTPUT, text);
      if (act) {
        cheap = false;
        notes.cheapToRecover = `the label triggers an action with no human check: ${act}`;
        upgradeReasons.push(`the label triggers an action with no human check: ${act}`);
      }
      break;
    }
    case 'extract_entities': {
      const domain = domainMatch(text);
      if (domain) {
        simple = false;
        cheap = false;
        notes.noMultiStepReasoning = 'domain-heavy text needs interpretation';
        notes.cheapToRecover = `a wrong field in legal/medical/contract text is costly: ${domain}`;
        upgradeReasons.push(`extraction from domain-heavy text (legal/medical/contracts): ${domain}`);
      }
      break;
    }
    case 'summarize_short': {
      const decision = firstMatch(DECISION, text);
      if (decision) {
        cheap = false;
        notes.cheapToRecover = `the summary feeds a decision: ${decision}`;
        upgradeReasons.push(`the summary feeds a decision: ${decision}`);
      }
      // A summary that takes the place of a conversation's history (context compaction, an agent's memory): what it
      // drops is lost to every later turn, and nobody sees it to correct it.
      const compaction = decision ? null : firstMatch(HISTORY_COMPACTION, text);
      if (compaction) {
        cheap = false;
        notes.cheapToRecover = `the summary replaces the conversation's history: ${compaction}`;
        upgradeReasons.push(`the summary replaces the conversation's history (what it drops is lost to later turns): ${compaction}`);
      }
      break;
    }
    case 'generate_code': {
      const sensitive = firstMatch(SENSITIVE_CODE, text);
      const budget = call.maxTokens;
      short = budget !== null && budget <= BOILERPLATE_BUDGET;
      if (sensitive) {
        cheap = false;
        notes.cheapToRecover = `code near payment, auth or data integrity: ${sensitive}`;
        upgradeReasons.push(`code near payment, auth or data integrity: ${sensitive}`);
      }
      if (!short) {
        simple = false;
        notes.shortSchemaConstrainedOutput = budget === null ? 'no max_tokens bound' : `max_tokens ${budget}: more than boilerplate`;
        notes.noMultiStepReasoning = 'more than short boilerplate';
        upgradeReasons.push(budget === null ? 'no max_tokens: not bounded to short boilerplate' : `max_tokens ${budget}: more than short boilerplate`);
      }
      break;
    }
    case 'synthesize_documents':
    case 'review_code':
    case 'plan_agent_steps':
      short = false;
      simple = false;
      break;
    case 'draft_long_form':
    case 'chat_general':
      short = false;
      break;
    default:
      // unknown or a registry task outside the fixed list with no evidence: the safe default
      short = false;
      cheap = false;
      simple = false;
      notes.shortSchemaConstrainedOutput = notes.cheapToRecover = notes.noMultiStepReasoning = 'unknown task: nothing says so';
  }

  const typeReasons = [...upgradeReasons];
  let outputBound: OutputBoundKind | undefined;
  let labelsUnseen = false;
  if (STRUCTURAL_TYPES.has(taskType)) {
    // Haiku only when the structure of the call answers all three questions yes; an answer it cannot give keeps Sonnet.
    const waive = <T extends StructuralAnswer>(a: T): T => (opts.named && a.answer === 'unknown' ? { ...a, answer: 'yes' } : a);
    const q1 = waive(shortOutput(taskType, call, f));
    const q2 = waive(cheapToRecover(call, f));
    const q3 = oneStep(taskType, call, f);
    labelsUnseen = q3.labelsUnseen === true;
    if (taskType !== 'generate_code') {
      short = q1.answer === 'yes';
      // A schema shows the answer is short; for a classification whose labels are not on the card it does not show
      // how many there are to tell apart, so it is no reason to trust a less certain task type.
      if (short) outputBound = q1.kind === 'schema' && q3.labelsUnseen ? 'format' : q1.kind;
      else {
        notes.shortSchemaConstrainedOutput = noteOf(q1);
        upgradeReasons.push(`short output ${q1.answer === 'no' ? 'ruled out' : 'not shown'}: ${q1.note}`);
      }
    } else if (short && q1.answer === 'no') {
      short = false;
      notes.shortSchemaConstrainedOutput = q1.note;
    }
    if (cheap && q2.answer !== 'yes') {
      cheap = false;
      notes.cheapToRecover = noteOf(q2);
      upgradeReasons.push(`a wrong answer is not cheap to recover from: ${q2.note}`);
    }
    if (simple && waive(q3).answer !== 'yes') {
      simple = false;
      notes.noMultiStepReasoning = noteOf(q3);
      upgradeReasons.push(`${q3.answer === 'no' ? 'more than one step' : 'one step not shown'}: ${q3.note}`);
    }
  }

  if (f.irreversibleTools.length > 0) {
    cheap = false;
    notes.cheapToRecover = `the agent can act irreversibly (${f.irreversibleTools.join(', ')})`;
    opusNote = `The agent can act irreversibly (${f.irreversibleTools.join(', ')}): consider Opus for this call, or a human confirmation step.`;
  }

  const questions: RoutingQuestions = { shortSchemaConstrainedOutput: short, cheapToRecover: cheap, noMultiStepReasoning: simple };
  const tier: Tier = short && cheap && simple ? 'haiku' : 'sonnet';
  if (tier === 'sonnet' && DEFAULT_TIER[taskType] === 'haiku' && upgradeReasons.length === 0) {
    upgradeReasons.push('the routing questions are not all yes');
  }
  const questionNotes: Partial<Record<keyof RoutingQuestions, string>> = {};
  for (const k of Object.keys(questions) as (keyof RoutingQuestions)[]) if (!questions[k] && notes[k]) questionNotes[k] = notes[k];
  return {
    tier,
    upgradeReasons: DEFAULT_TIER[taskType] === 'haiku' || taskType === 'generate_code' ? upgradeReasons : [],
    opusNote,
    questions,
    questionNotes,
    ...(tier === 'haiku' && outputBound ? { outputBound } : {}),
    ...(labelsUnseen ? { labelsUnseen } : {}),
    typeReasons,
  };
}
