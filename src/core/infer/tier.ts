// Tier recommendation: the default tier of the task type, then the upgrade signals that move a
// Haiku task to Sonnet, and the routing guide's three questions answered from the same evidence.
import type { RoutingQuestions, ScannedCall, Tier } from '../types';
import { overlappingCategories } from './categories';
import { quote } from './evidence';
import type { Features } from './rules';

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

const DOMAIN_HEAVY =
  /\b(?:legal|law(?:yer)?|contracts?(?!\s+(?:value|amount|id|number))|agreements?|clauses?|lease|nda|indemnif\w*|liabilit\w*|non-compete|statut\w+|litigation|medical|clinical|patients?|diagnos\w+|icd-?10|medications?|prescriptions?|discharge summary|hospital|symptoms?|lab results|hipaa|insurance claims?|underwrit\w*)\b/i;
const DECISION =
  /\b(?:approve|approval|approves|reject|decline|deny|denies|credit|loan|underwrit\w*|diagnos\w+|decide whether|to decide|urgent appointment|payout|adjuster|eligib\w*|hiring decision|advisory board)\b/i;
const SENSITIVE_CODE =
  /\b(?:payments?|billing|invoices?|stripe|charges?|refunds?|auth\w*|jwt|oauth|passwords?|credentials?|secrets?|migrations?|migrate|ledger|transactions?|data integrity|reconcil\w*|idempoten\w*|encrypt\w*|hash(?:es|ing)? (?:and verif\w+ )?(?:user )?passwords)\b/i;
const BOILERPLATE_BUDGET = 1024;
const IRREVERSIBLE_OUTPUT =
  /\b(?:issues? the refund|without human review|automatically (?:refund|charge|delete|ban|approve|cancel)|immediately,? without|acted on (?:directly|immediately))\b/i;
const OVERLAP_PHRASE = /\b(?:multi-?label|all (?:labels|categories) that apply|more than one (?:category|label)|may belong to (?:several|multiple))\b/i;

export interface Recommendation {
  tier: Tier;
  upgradeReasons: string[];
  opusNote?: string;
  questions: RoutingQuestions;
  questionNotes: Partial<Record<keyof RoutingQuestions, string>>;
}

const TYPE_NOTES: Record<string, Partial<Record<keyof RoutingQuestions, string>>> = {
  synthesize_documents: { shortSchemaConstrainedOutput: 'a free-form answer over several documents', noMultiStepReasoning: 'combining and reconciling several sources' },
  review_code: { shortSchemaConstrainedOutput: 'free-form review comments', noMultiStepReasoning: 'reasoning about what the code does and where it breaks' },
  plan_agent_steps: { shortSchemaConstrainedOutput: 'plans and tool calls, not a fixed schema', noMultiStepReasoning: 'deciding a sequence of actions' },
  draft_long_form: { shortSchemaConstrainedOutput: 'long free-form prose' },
  chat_general: { shortSchemaConstrainedOutput: 'open-ended conversational replies' },
  generate_code: {},
};

function firstMatch(re: RegExp, text: string): string | null {
  const m = re.exec(text);
  return m ? `"${quote(text, m.index, m[0].length, 70)}"` : null;
}

export function recommendTier(taskType: string, call: ScannedCall, f: Features): Recommendation {
  const upgradeReasons: string[] = [];
  const notes: Partial<Record<keyof RoutingQuestions, string>> = { ...(TYPE_NOTES[taskType] ?? {}) };
  let opusNote: string | undefined;
  const text = f.allText;
  let short = false;
  let cheap = true;
  let simple = true;

  switch (taskType) {
    case 'classify_intent': {
      short = true;
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
      const act = firstMatch(IRREVERSIBLE_OUTPUT, text);
      if (act) {
        cheap = false;
        notes.cheapToRecover = `the label triggers an action with no human check: ${act}`;
        upgradeReasons.push(`the label triggers an action with no human check: ${act}`);
      }
      break;
    }
    case 'extract_entities': {
      short = true;
      const domain = firstMatch(DOMAIN_HEAVY, text);
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
      // max_tokens is a cap that many leave at a default such as 1024; only a large one says "long".
      short = call.maxTokens === null || call.maxTokens <= 2048;
      const decision = firstMatch(DECISION, text);
      if (decision) {
        cheap = false;
        notes.cheapToRecover = `the summary feeds a decision: ${decision}`;
        upgradeReasons.push(`the summary feeds a decision: ${decision}`);
      }
      if (!short) {
        notes.shortSchemaConstrainedOutput = `max_tokens ${call.maxTokens}`;
        upgradeReasons.push(`max_tokens ${call.maxTokens}: longer than a short summary`);
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
  return { tier, upgradeReasons: DEFAULT_TIER[taskType] === 'haiku' || taskType === 'generate_code' ? upgradeReasons : [], opusNote, questions, questionNotes };
}
