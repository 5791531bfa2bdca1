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
}

function firstMatch(re: RegExp, text: string): string | null {
  const m = re.exec(text);
  return m ? `"${quote(text, m.index, m[0].length, 70)}"` : null;
}

export function recommendTier(taskType: string, call: ScannedCall, f: Features): Recommendation {
  const upgradeReasons: string[] = [];
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
        upgradeReasons.push(`${cats.items.length} categories (${cats.where}): more than 15 labels need finer distinctions than Haiku makes reliably`);
      } else if (cats) {
        const overlap = overlappingCategories(cats.items);
        if (overlap) {
          simple = false;
          upgradeReasons.push(`overlapping categories (${cats.where}): ${overlap.join(', ')}`);
        }
      }
      const multi = firstMatch(OVERLAP_PHRASE, text);
      if (multi && simple) {
        simple = false;
        upgradeReasons.push(`labels may overlap: ${multi}`);
      }
      const act = firstMatch(IRREVERSIBLE_OUTPUT, text);
      if (act) {
        cheap = false;
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
        upgradeReasons.push(`the summary feeds a decision: ${decision}`);
      }
      if (!short) upgradeReasons.push(`max_tokens ${call.maxTokens}: longer than a short summary`);
      break;
    }
    case 'generate_code': {
      const sensitive = firstMatch(SENSITIVE_CODE, text);
      const budget = call.maxTokens;
      short = budget !== null && budget <= BOILERPLATE_BUDGET;
      if (sensitive) {
        cheap = false;
        upgradeReasons.push(`code near payment, auth or data integrity: ${sensitive}`);
      }
      if (!short) {
        simple = false;
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
  }

  if (f.irreversibleTools.length > 0) {
    cheap = false;
    opusNote = `The agent can act irreversibly (${f.irreversibleTools.join(', ')}): consider Opus for this call, or a human confirmation step.`;
  }

  const questions: RoutingQuestions = { shortSchemaConstrainedOutput: short, cheapToRecover: cheap, noMultiStepReasoning: simple };
  const tier: Tier = short && cheap && simple ? 'haiku' : 'sonnet';
  if (tier === 'sonnet' && DEFAULT_TIER[taskType] === 'haiku' && upgradeReasons.length === 0) {
    upgradeReasons.push('the routing questions are not all yes');
  }
  return { tier, upgradeReasons: DEFAULT_TIER[taskType] === 'haiku' || taskType === 'generate_code' ? upgradeReasons : [], opusNote, questions };
}
