// The evidence rules: prompt phrases, names, output handling, tools and max_tokens, each with a
// weight per task type. Weights are on one scale: 3 is an explicit instruction ("classify …",
// "write a 1500-word …"), 1–2 a supporting cue, names ≤ 1.5 because names mislead more often than
// prompts do. All regexes are compiled once; the editor runs this on every edit.
import type { ScannedCall, SignalKind } from '../types';
import { findCategoryLists, findSchemaEnums, type CategoryList } from './categories';
import { identifierWords, locatePart, locatePromptFiles, locateTools, quote, type Evidence, type Located, type VotedType } from './evidence';

interface TextRule {
  id: string;
  re: RegExp;
  votes: Partial<Record<VotedType, number>>;
  /** What the phrase means, for the reason ("asks for a classification"). */
  says: string;
}

const CODE_OBJECT =
  '(?:function|functions|class|component|module|code|(?:sql|database|db|graphql|cypher|sparql|mongodb|mongo|elasticsearch|kql|promql|jql|flux|dataframe|pandas) (?:query|queries)|sql|select statement|statement|regex|regular expression|expression|migration|middleware|route|endpoint|handler|interface|unit tests?|(?<!(?:choice|practice|placement|personality|spelling|vocabulary|reading|quiz) )tests?|test file|client|snippet|command|cron expression|program|implementation|comment block|jsdoc comment|docstring|website|web ?site|html page|web app|react app|(?:python|bash|shell|node(?:\\.js)?|javascript|typescript) script)';
const DRAFT_OBJECT =
  '(?:blog posts?|blog|articles?|explainer(?: article)?|essays?|newsletters?|proposals?|cover letter|letter|speech|short story|story|chapter|press release|landing page|tutorials?|case study|job (?:ads?|advertisements?|descriptions?|postings?)|emails?|announcement(?: email)?|posts?|thread|copy|product description|description|narrative|quest script|documentation|guide|bio|release notes|white ?paper|grant proposals?|(?:html |pdf )?(?:learning|progress|status|weekly|monthly|quarterly|annual|final|detailed|research|full|comprehensive|extensive|long) report|html report|(?:course |book |article |essay |video |talk )?outline|curriculum|syllabus|lesson plans?|itinerary|agenda|video script|screenplay|lyrics|poem)';
const PRE = "(?:(?:a|an|the|this|one|some|our|your|[\\w-]+'s)\\s+)?(?:[\\w'.,+#()-]+\\s+){0,5}?";
/**
 * Not an instruction but what the input or the answer is for: "the report that was used to generate this post",
 * "a style guide that helps draft future emails", "content that can be used to create a blog post".
 */
const NOT_PURPOSE = "(?<!\\b(?:used|use it|use them|helps?|helping|help to|in order|so as|serve to|serves to|will later|later) (?:to )?)";

/** Not after a negation in the same clause: "不要润色、扩写" (do not polish or expand) asks for no writing. */
const ZH_NOT = '(?<!(?:不要|不得|禁止|不能|避免|请勿|勿|不可|无需|不用|不必)[^，。,.；;\\n]{0,8})';
/** A rule on a Chinese prompt, never under a negation of its own clause. */
function zh(source: string): RegExp {
  return new RegExp(`${ZH_NOT}(?:${source})`);
}

const TEXT_RULES: TextRule[] = [
  // classify_intent
  { id: 'classify-verb', re: /\b(?:classify|classif(?:y|ies|ication)|categori[sz]e|categori[sz]ation)\b/i, votes: { classify_intent: 3 }, says: 'asks for a classification' },
  { id: 'label-verb', re: /\b(?:label|tag|triage|assign)\b\s+(?:the|this|each|it|a|one)\b/i, votes: { classify_intent: 2.5 }, says: 'asks to label' },
  { id: 'route-verb', re: /\b(?:you route|route (?:the|this|each|incoming|customer)|which (?:team|queue|section|department|category|topic|bucket) (?:should|does|is))\b/i, votes: { classify_intent: 2.5 }, says: 'asks where to route' },
  { id: 'answer-only', re: /\b(?:answer|reply|respond|output|return)(?: with)? (?:only|just)\b(?! (?:the |a |one |valid |raw )?(?:code|json|sql|corrected|command|expression|regex|comment|function|query|file|test|snippet|translation|markdown|html|diff|explanation|summary|answer|text|result|description|rewritten|response))|\b(?:answer|reply|respond|output|return)(?: with)? (?:the |a |one |exactly one )?(?:label|category|intent|code|level|topic|section(?: name)?|team|priority|letter|number|class|sentiment|language code|verdict|decision)\b[^.\n]{0,20}\bonly\b|\b(?:label|category|intent|level|topic|section name|team|priority) only\b|\b(?:one|a single) word\b|\bno explanation\b/i, votes: { classify_intent: 2 }, says: 'asks for a bare label' },
  { id: 'yes-no', re: /\b(?:yes or no|"yes" or "no"|y or n|true or false|1 for yes)\b/i, votes: { classify_intent: 2 }, says: 'asks a yes/no question' },
  { id: 'decide-if', re: /\b(?:decide|determine) (?:if|whether)\b|\bis (?:this|the following) (?:a|an)?\b[^.?\n]{0,60}\?|\bdoes (?:the|this) [^.?\n]{0,60}\?/i, votes: { classify_intent: 1.5 }, says: 'asks a closed question' },
  { id: 'rate-as', re: /\b(?:rate|score|grade) (?:this|the|each) [\w ]{0,30} as\b|\bassign (?:a )?(?:priority|severity|reason code)|\bseniority\b/i, votes: { classify_intent: 2 }, says: 'asks for a rating on a fixed scale' },
  { id: 'rating-scale', re: /\b(?:rate|score|grade|evaluate|judge)\b[^.\n]{0,80}?\b(?:from \d+ to \d+|on a scale|\d+\s*-\s*\d+ scale|(?:1|0) to (?:5|10|100)|out of (?:5|10|100))\b|\byou are an? (?:impartial |strict |fair )?(?:judge|grader|evaluator|rater)\b/i, votes: { classify_intent: 2.5 }, says: 'asks for a rating on a fixed scale' },
  { id: 'assign-match', re: /\b(?:recommend|choose|pick|select) the best[- ]matching\b|\b(?:assign|match|map) (?:each|every|the) \w+ (?:to|with) (?:one of|the best|a matching|the (?:right|correct|most))\b/i, votes: { classify_intent: 2.5 }, says: 'asks to assign each item to one of a set' },
  // Picking the relevant items out of a list (search results, links, passages) is a relevance judgement per item.
  { id: 'pick-relevant', re: /\b(?:decide|determine|judge)\b[^.\n]{0,40}?\bwhether\b[^.\n]{0,40}?\brelevant\b|\bwhich (?:of (?:these|the) )?[\w ]{0,30}?(?:are|is|seem|seems) (?:the )?most relevant\b|\b(?:select|pick|choose) (?:the )?(?:most )?relevant (?:links|results|passages|documents|items|urls|sources)\b|\brelevance score\b/i, votes: { classify_intent: 2.5 }, says: 'asks which items are relevant' },
  // "group the results into meaningful clusters": assigning each item to a group.
  { id: 'cluster', re: /\bgroup\b[^.\n]{0,40}\binto\b[^.\n]{0,20}\b(?:clusters?|groups|categories|buckets|topics)\b/i, votes: { classify_intent: 2.5 }, says: 'asks to group items' },
  { id: 'classify-nouns', re: /\b(?:sentiment|spam|toxic\w*|moderat\w+|intent|language code|iso 639|flaky)\b/i, votes: { classify_intent: 1.5 }, says: 'names a classification' },

  // extract_entities
  { id: 'extract-verb', re: /\bextract(?:s|ed|ion|ing)?\b/i, votes: { extract_entities: 3 }, says: 'asks for an extraction' },
  { id: 'pull-out', re: /\b(?:pull (?:out|the)|parse (?:the|this|each)|identify every|list (?:the|all|every)|fill(?:ed)? in|capture (?:the|all))\b/i, votes: { extract_entities: 2 }, says: 'asks to pull out fields' },
  { id: 'json-keys', re: /\bjson\b[^.\n]{0,60}\b(?:keys?|fields?|schema|object|array)\b|\breturn (?:only )?json\b|\bjson only\b|\brespond(?:s)? (?:in|with) json\b/i, votes: { extract_entities: 1.5 }, says: 'asks for JSON fields' },
  { id: 'verbatim', re: /\bverbatim\b|\bas (?:yyyy-mm-dd|iso 8601)\b|\bmentioned in\b|\bnamed in\b/i, votes: { extract_entities: 1.5 }, says: 'asks for text as found in the input' },
  { id: 'entity-nouns', re: /\b(?:entities|named entities|line items|fields|email address|order number|invoice number|dates?|addresses?|phone numbers?|medications?|icd-?10|skills|parties|keywords|key ?phrases|hashtags)\b/i, votes: { extract_entities: 1 }, says: 'names fields to find' },
  // Rewriting the user's question as one standalone question or search query (the "condense question" step of a
  // retrieval chat): a short string pulled out of the conversation, not a plan and not a reply.
  { id: 'rewrite-question', re: /\b(?:rephrase|rewrite|re-?word|reformulate|refrase|condense|convert|turn|transform)\b[^.\n]{0,60}?\b(?:follow[- ]?up|question|query|input|message|prompt)\b[^.\n]{0,60}?\b(?:standalone|stand-alone|self-contained|independent|(?:search|serp)\b[^.\n]{0,20}?\b(?:query|terms|keywords))\b|\bstandalone (?:question|query|search query)\b/i, votes: { extract_entities: 3 }, says: 'asks to rewrite the question as a standalone query' },
  // Open-vocabulary tags or keywords for a text ("suggest relevant tags", "automatic tagging"); a fixed list of labels reads as a classification.
  { id: 'tags', re: /\b(?<!(?:not|never|don't|no) )(?:suggest|generate|extract|assign|pick|choose|return|list|identify|propose)\b[^.\n]{0,30}?\b(?:tags|hashtags|keywords|key ?phrases)\b|\bautomatic tagging\b/i, votes: { extract_entities: 2.5 }, says: 'asks for tags or keywords' },

  // summarize_short
  { id: 'summarize-verb', re: /\b(?:summari[sz]e|summari[sz]ing|tl;?dr|condense|gist|recap)\b/i, votes: { summarize_short: 3 }, says: 'asks for a summary' },
  { id: 'summary-noun', re: /(?<!(?:executive|discharge|visit|patient|so far|conversation) )\bsummary\b(?! (?:so far|of (?:the )?changes? (?:made )?so far))/i, votes: { summarize_short: 1.5 }, says: 'speaks of a summary' },
  {
    id: 'short-form',
    re: /\b(?:(?:in|as|to|of|at most|max(?:imum)?|under) (?:one|two|three|four|five|\d) (?:short )?(?:sentences?|bullets?|bullet points|lines?)\b(?! of (?:code|\w+ code))|one[- ]liner|single line|(?:one|a) (?:short )?(?:headline|title)|headline|seo title|teaser|alt text|tagline|at most \d+ (?:words|characters)|max(?:imum)? \d+ (?:words|characters|bullets))\b/i,
    votes: { summarize_short: 2 },
    says: 'asks for a short output',
  },
  // "generating a concise, descriptive title for a conversation": a title is a one-line summary.
  { id: 'make-title', re: /\b(?:generat\w*|creat\w*|writ\w*|suggest\w*|provid\w*|giv\w*|come up with)\b[^.\n]{0,30}\b(?:title|headline|subject line|name for (?:the|this|a) (?:conversation|chat|session|thread|discussion))\b/i, votes: { summarize_short: 2.5 }, says: 'asks for a title' },
  { id: 'bullets', re: /\bbullet(?: point)?s?\b/i, votes: { summarize_short: 1 }, says: 'asks for bullets' },

  // synthesize_documents
  {
    id: 'answer-from-sources',
    re: /\b(?:answer|respond|write)\b[^.\n]{0,60}\b(?:using|based on|from|with references to)\b[^.\n]{0,40}\b(?:sources?|context|documents?|articles?|passages?|search results|polic(?:y|ies)|filings?|documentation|excerpts?|retrieved \w+)\b|\busing (?:only )?the (?:numbered |provided |retrieved )?(?:sources|documents|context|passages|articles|search results|policies|entries|records|snippets|chunks|notes|results)\b|\bretrieved (?:entries|documents|chunks|passages|context|results|articles|records|snippets)\b|\buse (?:only )?the (?:\w+ )?(?:documents|sources|context|passages|search results|excerpts) (?:below |above |provided )?to answer\b/i,
    votes: { synthesize_documents: 3 },
    says: 'asks for an answer grounded in several sources',
  },
  { id: 'across', re: /\b(?:across (?:all|them|these|each|the (?:documents|sources|articles|reviews|transcripts|papers|files|posts|tickets|filings|reports|interviews|companies))|all of the \w+|combin(?:e|es|ing)\b[^.\n]{0,40}\b(?:sources|documents|reports|updates|articles|evidence|results|findings|information|summaries|partial answers|answers from|chunk summaries|them|all)|reconcile|synthesi[sz]\w*|literature review|consensus|contradict\w*|where (?:they|the sources) (?:agree|disagree)|(?:recurring|main) themes?|recurring \w+|each (?:document|source|paper)|(?:main|key|top) (?:conversations|topics|trends|pain points|risks|findings)|how [\w ]{0,30}(?:shifted|evolved|changed) (?:during|over|across))\b/i, votes: { synthesize_documents: 2.5 }, says: 'asks to combine several documents' },
  { id: 'cite', re: /\bcit(?:e|ing|ations?)\b|\[n\]|\[\d\]/i, votes: { synthesize_documents: 1.5 }, says: 'asks for citations' },
  {
    id: 'plural-docs',
    re: /\b(?:these|the|all|several|multiple|provided|retrieved|numbered|following|below)\s+(?:\w+\s+)?(?:sources|documents|articles|excerpts|passages|filings|papers|transcripts|reviews|posts|updates|tickets|policies|chunks|search results|interview(?:er)?s?|feedback|data room documents)\b/i,
    votes: { synthesize_documents: 1.5 },
    says: 'works over several documents',
  },
  { id: 'compare-docs', re: /\bcompare\b[^.\n]{0,60}\b(?:documents?|agreements?|papers|transcripts|sources|filings|reports|methodolog\w+)\b/i, votes: { synthesize_documents: 2 }, says: 'compares documents' },

  // generate_code
  { id: 'write-code', re: new RegExp(`${NOT_PURPOSE}\\b(?:write|writes|generate|create|implement|produce|build|convert|translate|provide)\\s+${PRE}${CODE_OBJECT}\\b`, 'i'), votes: { generate_code: 3 }, says: 'asks for code' },
  { id: 'implement', re: /\bimplement(?:s|ing)? (?:the|a|this)\b|\b(?:edit|edits|editing|modify|modifies|change|changes) (?:a|the|this|your) (?:codebase|code base|repository|repo|source code|project files)\b|\bfull (?:new )?file contents?\b|\bfiles to (?:change|create|add)\b|\bconvert (?:this|the) [\w ]{0,30}(?:to|into) (?:idiomatic )?(?:typescript|python|javascript|go|rust)\b/i, votes: { generate_code: 2.5 }, says: 'asks to implement' },
  { id: 'code-only', re: /(?<!(?:the|reason|error|status|country|language|dispute) )\bcode only\b|\b(?:only the (?:code|sql|regex|command|function)|return only the (?:code|sql|regex|command|function|expression|regex literal|comment)|output only (?:the )?(?:sql|code|command|expression|regex|the test file|the comment block)|output each file|no markdown fences|unified diff|return the (?:full|complete|corrected|fixed) (?:file|function|code))\b/i, votes: { generate_code: 2 }, says: 'asks for code as the output' },
  // Code-editing agents answer in edit blocks: "Return only SEARCH/REPLACE blocks", "the code you generate will be executed".
  { id: 'code-edits', re: /\bsearch\/replace blocks?\b|\b(?:code|file) (?:edits|changes)\b|\bedit blocks\b|\bthe code you (?:generate|write|output)\b|\brunnable code\b|\bdo(?:n't| not) wrap (?:the |your )?code\b|\binstall (?:additional |any |extra )?(?:dependencies|packages)\b/i, votes: { generate_code: 2.5 }, says: 'asks for code edits' },
  { id: 'fix-bug', re: /\bfix (?:the|this) bug\b|\bcorrected function\b/i, votes: { generate_code: 2.5, review_code: 0.5 }, says: 'asks for a bug fix' },
  { id: 'code-lang', re: /\b(?:typescript|javascript|python|postgresql|sqlite|sql|react|express|knex|alembic|sqlalchemy|pandas|bash|jsdoc|openapi|stripe webhook|jwt|vitest|jest|pytest)\b|\bSELECT\b/i, votes: { generate_code: 1, review_code: 0.3 }, says: 'names a programming language or library' },

  // review_code
  { id: 'review-verb', re: /\b(?<!literature )(?:review(?:ing|s)?|audit(?:s|ing)?|look over|check)\b\s+(?:this|the|a|each|every|these|for|react|source|data-science|pull|merge)\b|\b(?:you are a|strict|senior|meticulous) [\w ]{0,20}(?:code )?reviewer\b|\bcode review\b/i, votes: { review_code: 3 }, says: 'asks for a review' },
  { id: 'find-bugs', re: /\b(?:point out|find|flag|identify|look for|report|list)\b[^.\n]{0,60}\b(?:bugs?|regressions?|vulnerabilit\w+|code smells?|security (?:issues|problems)|misconfigurations?|flaws|root cause|problems with|anything (?:that )?(?:looks like a bug|is wrong|could break))\b|\b(?:is|anything) wrong with it\b/i, votes: { review_code: 2.5 }, says: 'asks to find problems in code' },
  { id: 'debug-question', re: /\bwhat(?:'s| is) causing (?:it|this|the)\b|\b(?:cause|causes) of (?:this|the) (?:error|exception|failure|crash)\b|\bhow (?:do|can|should) i fix (?:it|this)\b|\bwhy (?:does|is) (?:this|my) (?:code|function|test)\b/i, votes: { review_code: 2.5 }, says: 'asks to debug code' },
  { id: 'code-artifacts', re: /\b(?:diff|patch|pull request|merge request|stack trace|traceback|lint|eslint|dockerfile|manifest|notebook|refactor\w*|maintainability|code smell|root cause|student's code|preserve behaviou?r|before i merge)\b/i, votes: { review_code: 1.5, generate_code: 0.3 }, says: 'names a code artifact' },
  { id: 'grade-code', re: /\bgrade (?:the|this) [\w' ]{0,20}code\b|\bassess the maintainability\b|\bexplain (?:each|the|what)\b[^.\n]{0,40}\b(?:error|code|stack trace|traceback)\b|\bwalk through what this code does\b/i, votes: { review_code: 2.5 }, says: 'asks to assess code' },

  // draft_long_form
  { id: 'write-prose', re: new RegExp(`${NOT_PURPOSE}\\b(?:write|writes|draft|drafts|compose|generate|create|produce|turn [\\w ]{0,40} into)\\s+${PRE}${DRAFT_OBJECT}\\b`, 'i'), votes: { draft_long_form: 3 }, says: 'asks for a piece of writing' },
  { id: 'long-form', re: /\blong[- ]form\b|\bstatements? of work\b|\b(?:award-winning|technical|developer-documentation|report|content|creative|educational report|copy) ?(?:essayist|writer|copywriter)\b|\bcopywriter\b|\bco-writing\b|\b\d{1,2}-(?:minute|page) (?:speech|talk|article)\b|\b(?:aim for |at least )?\d{1,2}(?: or more|\+)? pages\b/i, votes: { draft_long_form: 2.5 }, says: 'asks for long-form writing' },
  // Writing on a topic the user gives, and revising a piece of writing (document editors, writing assistants).
  { id: 'write-on-topic', re: /\bwrite (?:about|on) (?:the|a|this|that) (?:given |following |chosen )?(?:topic|subject|theme)\b/i, votes: { draft_long_form: 3 }, says: 'asks for a piece of writing on a topic' },
  { id: 'revise-writing', re: /\b(?:improve|rewrite|revise|polish|edit|proofread)\s+(?:the\s+)?(?:following\s+)?(?:(?:(?:contents?|text) of the\s+)?(?:piece of writing|document|essay|article|draft|blog post|prose)\b|contents? of the\b|(?:provided |given )?(?:markdown |written )?(?:content|copy)\b)/i, votes: { draft_long_form: 2.5 }, says: 'asks to revise a piece of writing' },
  // Content generation ("Generate 5 interview questions", "suggest 10 recipes") is writing for people: the nearest type is draft_long_form.
  { id: 'content-list', re: /\b(?:generate|create|write|suggest|come up with|brainstorm)\s+(?:exactly\s+)?(?:\d+|a few|several|some|a list of|a set of|a (?:specified|given|fixed) number of|\{\w+\})\s+(?:[\w-]+\s+){0,3}?(?:(?<!(?:search|serp|web|google|research) )queries|questions|ideas|recipes|stories|captions|slogans|taglines|quiz(?:zes)?|flashcards|exercises|prompts|tweets|posts|lessons|activities|examples)\b/i, votes: { draft_long_form: 3 }, says: 'asks for generated content' },
  // A quiz or a multiple-choice test made from a document is content for people, not unit tests.
  { id: 'quiz', re: /\b(?:create|generate|write|make|produce)\b[^.\n]{0,30}\b(?:multiple[- ]choice (?:test|quiz|questions|exam)|quiz(?:zes)?|practice (?:test|exam|questions))\b/i, votes: { draft_long_form: 3 }, says: 'asks for a quiz' },
  { id: 'structure', re: /\b(?:paragraphs?|sections|section per|subheadings?|headings?|call to action|intro(?:duction)? paragraph|conclusion|narration|dialogue|executive summary|faq)\b/i, votes: { draft_long_form: 1 }, says: 'describes a document structure' },
  { id: 'tone', re: /\b(?:engaging|persuasive|polished|inclusive|story-(?:driven|led)|friendly intro|house style|tone|voice consistent|jargon)\b/i, votes: { draft_long_form: 1 }, says: 'sets a writing tone' },

  // plan_agent_steps
  { id: 'plan-verb', re: /\b(?:plan (?:the|your|each|out|a|how)|planner|planning module|re-?plan|(?:step-by-step|execution|action|task|work) plan|(?:produce|make|create|return|output) a (?:\w+ )?plan|ordered list of steps|sequence of (?:concrete )?steps|you are a planning)\b/i, votes: { plan_agent_steps: 2.5 }, says: 'asks for a plan' },
  { id: 'decompose', re: /\b(?:break|decompose)\b[^.\n]{0,50}\b(?:into|steps?|subtasks?)\b|\bsubtasks?\b/i, votes: { plan_agent_steps: 3 }, says: 'asks to decompose a goal' },
  { id: 'next-action', re: /\b(?:next action|next step|which tool|tools? to call|orchestrat\w+|multi-agent|executor|use the tools|using the tools|with the tools|decide which searches)\b/i, votes: { plan_agent_steps: 2.5 }, says: 'drives an agent' },
  // A research agent's step: which searches to run next ("generate a list of SERP queries to research the topic").
  { id: 'search-queries', re: /\b(?:generate|write|create|produce|suggest|come up with|list)\b[^.\n]{0,40}\b(?:search|serp|web|google|research)(?: engine)? quer(?:y|ies)\b|\bquer(?:y|ies) (?:to|for) search(?:ing)?(?: the web| online)?\b|\bsearch[- ]engine[- ]friendly\b/i, votes: { plan_agent_steps: 3 }, says: 'plans the searches of a research agent' },
  { id: 'agent-noun', re: /\bagent\b/i, votes: { plan_agent_steps: 1.5 }, says: 'speaks of an agent' },

  // chat_general
  { id: 'persona', re: /\b(?:you are|act as|acting as|pretend to be)\b[^.\n]{0,80}?\b(?:(?<!\b(?:generator|extractor|classifier|categori[sz]er|summari[sz]er|tagger|parser|namer|router|rewriter) )assistant|bot|chatbot|companion|tutor|teammate|pair programmer|widget|concierge|character)\b|\bstay in character\b/i, votes: { chat_general: 2 }, says: 'sets a conversational persona' },
  { id: 'persona-expert', re: /\byou are (?:a|an)\b[^.\n]{0,60}?\b(?:advisor|adviser|trainer|coach|consultant|mentor|therapist|teacher|guide|helper|expert)\b/i, votes: { chat_general: 1 }, says: 'sets an advisor persona' },
  // The role a system prompt gives the model names its job: "You are a sentiment classifier", "You are a copywriter".
  { id: 'role-classify', re: /\byou are (?:a|an)\b[^.\n]{0,40}?\b(?:relevance (?:filter|checker|judge|grader)|classifier|categori[sz]er|tagger|moderator|router|triage \w+)\b/i, votes: { classify_intent: 2.5 }, says: 'casts the model as a classifier' },
  { id: 'role-extract', re: /\byou are (?:a|an)\b[^.\n]{0,40}?\b(?:extractor|parser|data[- ]entry \w+|extraction \w+)\b/i, votes: { extract_entities: 2.5 }, says: 'casts the model as an extractor' },
  { id: 'role-summarize', re: /\byou are (?:a|an)\b[^.\n]{0,40}?\b(?:summari[sz]er|title (?:generator|writer|maker))\b/i, votes: { summarize_short: 2.5 }, says: 'casts the model as a summarizer' },
  { id: 'role-write', re: /\byou are (?:a|an)\b[^.\n]{0,40}?\b(?:copywriter|writer|journalist|novelist|essayist|blogger|author|ghostwriter|storyteller|speechwriter|(?<!code |video |image |photo |sql |text )editor)\b/i, votes: { draft_long_form: 2 }, says: 'casts the model as a writer' },
  { id: 'role-code', re: /\byou are (?:a|an)\b[^.\n]{0,40}?\b(?:programmer|developer|software engineer|coder|sql expert|\w+ engineer|code editor|code generator|coding assistant|(?:python|javascript|typescript|sql|react|pygame|coding|programming|software) (?:expert|specialist))\b/i, votes: { generate_code: 1.5, review_code: 0.5 }, says: 'casts the model as a programmer' },
  { id: 'role-review', re: /\byou are (?:a|an)\b[^.\n]{0,40}?\b(?:code reviewer|reviewer|auditor|security (?:engineer|expert|researcher))\b/i, votes: { review_code: 2 }, says: 'casts the model as a reviewer' },
  { id: 'role-research', re: /\byou are (?:a|an)\b[^.\n]{0,40}?\b(?:researcher|research assistant|analyst)\b/i, votes: { synthesize_documents: 1 }, says: 'casts the model as a researcher' },
  // Asking the user back ("ask some follow-up questions to clarify the research direction") is a turn of a conversation.
  { id: 'clarify', re: /\b(?:ask|generate|write|return)\b[^.\n]{0,30}\b(?:clarifying questions|(?:follow[- ]up )?questions to clarify)\b/i, votes: { chat_general: 2.5 }, says: 'asks the user back' },
  { id: 'chatty', re: /\b(?:conversation(?:al|ally)?|chat(?:ting|bot)?|say hello|warm|playful|chill|friendly|keep replies short|read aloud)\b/i, votes: { chat_general: 1 }, says: 'speaks of conversation' },

  // Prompts written in Chinese (group-chat assistants, video and subtitle tools): `\b` does not separate CJK characters,
  // so these rules match the words themselves. Same votes as their English counterparts.
  { id: 'zh-classify', re: zh(String.raw`分类|归类|意图识别|情感分析|判断[^。\n]{0,30}?(?:是否|属于|类别|类型|关联|相关|意图)|属于哪(?:一|个|种|类)|(?:是否|有没有)(?:在|为|是|属于|包含|涉及)`), votes: { classify_intent: 3 }, says: 'asks for a classification (Chinese)' },
  { id: 'zh-rating', re: /(?:打分|评分|得分|分数)|用\s*[0０]\s*[～~到至\-]\s*(?:10|１０|5|100)\s*(?:表示|打分|评分|分)/, votes: { classify_intent: 2.5 }, says: 'asks for a rating on a fixed scale (Chinese)' },
  { id: 'zh-bare', re: /(?:不要|无需|不用|不必)(?:任何)?(?:解释|说明)|直接(?:给出|输出|返回|提供|打)(?:得分|分数|结果|类别|标签|分)|只(?:需)?(?:输出|返回|回答)(?:得分|分数|类别|标签|是或否|一个)/, votes: { classify_intent: 2 }, says: 'asks for a bare label (Chinese)' },
  { id: 'zh-extract', re: zh(String.raw`提取|抽取|命名实体|实体识别|(?:找出|列出)(?:所有|全部)?[^。\n]{0,10}(?:实体|人名|地名|机构|日期|地址|名称)`), votes: { extract_entities: 3 }, says: 'asks for an extraction (Chinese)' },
  { id: 'zh-keywords', re: zh(String.raw`关键词|关键字|标签`), votes: { extract_entities: 2 }, says: 'asks for keywords or tags (Chinese)' },
  { id: 'zh-summarize', re: zh(String.raw`总结|摘要|概括|归纳|概述`), votes: { summarize_short: 3 }, says: 'asks for a summary (Chinese)' },
  { id: 'zh-title', re: zh(String.raw`(?:生成|起|拟|写|给出)[^。\n]{0,10}标题`), votes: { summarize_short: 2.5 }, says: 'asks for a title (Chinese)' },
  { id: 'zh-sources', re: zh(String.raw`(?:根据|基于|参考|依据)[^。\n]{0,20}(?:材料|资料|文档|参考|上下文|检索|搜索结果|知识库)[^。\n]{0,30}(?:回答|作答|回复|答复)|检索(?:到的|结果)|参考(?:资料|文档|材料)`), votes: { synthesize_documents: 3 }, says: 'asks for an answer grounded in sources (Chinese)' },
  { id: 'zh-write', re: zh(String.raw`(?:写|撰写|创作|生成|编写)(?:一篇|一段|一份|一封|一个)?[^。\n]{0,10}(?:文章|博客|文案|报告|故事|邮件|小说|解说词|文稿|演讲稿|剧本|脚本)|润色|扩写`), votes: { draft_long_form: 3 }, says: 'asks for a piece of writing (Chinese)' },
  { id: 'zh-code', re: zh(String.raw`(?:编写|生成|写|实现)(?:一段|一个)?[^。\n]{0,10}(?:代码|程序|函数|SQL|sql)`), votes: { generate_code: 3 }, says: 'asks for code (Chinese)' },
  { id: 'zh-review', re: zh(String.raw`代码审查|代码评审|审查[^。\n]{0,10}代码|(?:找出|发现|指出)[^。\n]{0,20}(?:bug|漏洞|缺陷)`), votes: { review_code: 3 }, says: 'asks for a code review (Chinese)' },
  { id: 'zh-plan', re: zh(String.raw`(?:制定|生成|规划|拆解|分解)[^。\n]{0,10}(?:计划|步骤|子任务)|子任务|下一步(?:行动|操作|动作)`), votes: { plan_agent_steps: 3 }, says: 'asks for a plan (Chinese)' },
  { id: 'zh-persona', re: /你是(?:一[个名位])?[^。\n]{0,20}(?:助手|助理|机器人|客服|伙伴|陪伴)/, votes: { chat_general: 2 }, says: 'sets a conversational persona (Chinese)' },
];

/** Rules that read what the prompt asks for (an instruction, a list of labels, a length), not names, signals or budgets. */
const INSTRUCTION_RULES = new Set([...TEXT_RULES.map((r) => r.id), 'categories', 'tool-enum', 'word-count']);

/** Evidence read from the prompt's own words. Names, output handling and budgets support a task type; they do not ask for it. */
export function isInstruction(e: Evidence): boolean {
  return INSTRUCTION_RULES.has(e.rule);
}

const WORD_COUNT = /\b(?:about |around |roughly |approximately )?(\d{2,5})(?:\s*-\s*\d{2,5})?[- ]words?\b/gi;

interface NameRule {
  words: RegExp;
  type: VotedType;
}

const NAME_RULES: NameRule[] = [
  { type: 'classify_intent', words: /^(?:classify|classifier|classification|categorize|categorise|category|categories|triage|intent|label|labeler|tag|tagger|sentiment|moderate|moderation|spam|priority|route|router|routing|detect|verdict|eligibility|seniority|relevant|relevance|toxic|section|escalation|judge|score|scorer|rating|rater|grader)$/ },
  { type: 'extract_entities', words: /^(?:extract|extractor|extraction|parse|parser|entities|entity|ner|fields|facts|normalize|terms|skills|medications|address|guidance|quote|orgs)$/ },
  { type: 'summarize_short', words: /^(?:summarize|summarise|summary|summaries|tldr|digest|recap|headline|title|teaser|notes|alt)$/ },
  { type: 'synthesize_documents', words: /^(?:answer|rag|research|briefing|synthesize|synthesis|compare|comparison|themes|literature|policies|diligence|knowledge|debrief|context|chunks|docs|documents|sources|passages|excerpts|articles|hits)$/ },
  { type: 'generate_code', words: /^(?:code|codegen|sql|regex|migration|scaffold|component|snippet|implement|convert|script|cron|command|interface|docstring|tests|middleware|webhook|pandas|client)$/ },
  { type: 'review_code', words: /^(?:review|reviewer|audit|lint|grade|hotspots|trace|traceback|explain|check|diff|patch)$/ },
  { type: 'draft_long_form', words: /^(?:draft|write|blog|essay|newsletter|proposal|letter|speech|chapter|story|copy|description|tutorial|ad|article|explainer|announcement|case|landing|quest|grant|thread|changelog|recipe|recipes|questions|ideas|quiz|flashcards|captions|lesson|itinerary|outline|course|curriculum|syllabus|poem)$/ },
  { type: 'plan_agent_steps', words: /^(?:agent|plan|planner|planning|step|action|orchestrate|orchestrator|workflow|decompose|reflect)$/ },
  { type: 'chat_general', words: /^(?:chat|conversation|reply|respond|converse|bot|talk|say|companion|tutor|session|greet|dialogue|turn|voice|history|persona|assistant|chatbot)$/ },
];

const PROMPT_VAR = /[A-Za-z_$][\w$]*/g;
const NOT_CODE_BEFORE = /^(?:lang|language|locale|country|status|zip|postal|error|currency|promo|reason|region|iso|area|color|colour|discount|coupon|verification|auth|otp|invite|access)$/;
const ORIGIN_WORDS = /^(?:passed|through|returned|by|in|dynamic|parameter|const|constant|imported|from|literal|via|property|of|default|env|config|join|map|slice|text|content|prompt|input|the|a)$/i;

const GENERIC_FILE = /^(?:route|index|handler|handlers|page|server|\+server|\+page\.server|views?|main|app|api|service|utils?|lib|helpers?)\.[a-z]+$/i;
const HTTP_HANDLER = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|handler|default)$/;
/** A user turn that is only the end user's words (`content: question`): a question-answering assistant. */
const USER_WORDS = /^(?:parameter |dynamic |messages? from )?(?:[\w.]*\.)?(?:user_?message|message|question|query|user_?input|user_?query|utterance|msg|user_?text|user_?prompt|transcribed\w*)$/i;
/** `messages` forwarded from a wrapper's options bag (`generateObject({ ...options })`) are whatever its callers pass, not a conversation. */
const OPTIONS_BAG = /^messages from (?:[\w$]+\.)*(?:options|opts|params|parameters|args|arguments|config|settings|kwargs|rest|props|request_options)\b/i;
const HISTORY_ORIGIN = /\b(?:messages from|history|conversation|turns|chat_?log|memory)\b/i;

const BOOLEAN_NAME = /^(?:is|has|should|can|does)[A-Z_]/;

const SIGNAL_VOTES: Partial<Record<SignalKind, { votes: Partial<Record<VotedType, number>>; says: string }>> = {
  'tool-use-loop': { votes: { plan_agent_steps: 6 }, says: 'tool-use loop: the call runs in a loop that feeds tool results back' },
  'message-history': { votes: { chat_general: 2 }, says: 'messages come from a conversation history' },
  'streams-to-response': { votes: { chat_general: 1.5 }, says: 'the output is streamed to a response' },
  'documents-joined': { votes: { synthesize_documents: 3 }, says: 'several documents are joined into the prompt' },
  'json-parse': { votes: { extract_entities: 1.2, classify_intent: 0.3 }, says: 'the output is parsed as JSON' },
  'schema-parse': { votes: { extract_entities: 1.5 }, says: 'the output is validated against a schema' },
  'structured-output': { votes: { extract_entities: 1.5, classify_intent: 0.5 }, says: 'structured output' },
  'switch-on-output': { votes: { classify_intent: 2.5 }, says: 'a switch on the output text' },
  'includes-on-output': { votes: { classify_intent: 2 }, says: 'the output is tested with includes/startsWith' },
  'enum-compare': { votes: { classify_intent: 2.5 }, says: 'the output is compared to a set of labels' },
  'irreversible-tool': { votes: { plan_agent_steps: 1 }, says: 'a tool with side effects' },
};

export interface Features {
  evidence: Evidence[];
  /** The largest category list found, with where it is. */
  categories: { items: string[]; where: string; lead: string } | null;
  /** All static text (prompts, tool descriptions) joined, for the upgrade checks. */
  allText: string;
  staticChars: number;
  irreversibleTools: string[];
  forcedTool: boolean;
  /** Why no task type applies although the call is visible (a pass-through provider adapter, a translation), or null. */
  passThrough: string | null;
}

const IRREVERSIBLE_TOOL =
  /^(?:send|delete|remove|pay|charge|refund|deploy|restart|cancel|merge|close|book|transfer|write|overwrite|drop|archive|purchase|publish|post|issue|execute|run_shell|update|create|move|submit|approve)(?:_|$)|(?:^|_)(?:send|delete|pay|charge|refund|deploy|merge|book|transfer|purchase|publish)(?:_|$)/i;

function add(list: Evidence[], seen: Set<string>, e: Evidence): void {
  const key = `${e.rule}:${e.type}`;
  if (seen.has(key)) return;
  seen.add(key);
  list.push(e);
}

function nameEvidence(call: ScannedCall, list: Evidence[], seen: Set<string>): void {
  const fn = call.enclosingFunction === '(top)' ? '' : call.enclosingFunction.split('.').pop() ?? '';
  const cls = call.className ?? (call.enclosingFunction.includes('.') ? call.enclosingFunction.split('.')[0] : '');
  const segments = call.file.split('/');
  let base = segments.pop() ?? '';
  // app/api/chat/route.ts, handlers/summarize/index.ts: the folder names the job, not the file.
  if (GENERIC_FILE.test(base) && segments.length) base = segments.pop() ?? base;
  const names: { name: string; what: string; weight: number }[] = [];
  // When no prompt text is visible, the function name is the best evidence left (a reviewer would read it too).
  const opaque = call.prompt.every((p) => !p.text.trim()) && call.tools.length === 0;
  if (fn && !HTTP_HANDLER.test(fn)) names.push({ name: fn, what: `function name ${fn}${opaque ? ' (the prompt itself is not visible)' : ''}`, weight: opaque ? 2.5 : 1.5 });
  if (cls) names.push({ name: cls, what: `class name ${cls}`, weight: 0.8 });
  if (base) names.push({ name: base, what: `file name ${base}`, weight: 0.6 });
  for (const s of call.signals) if (s.kind === 'result-variable') names.push({ name: s.detail, what: `result variable ${s.detail} (line ${s.line})`, weight: 0.8 });
  // Names of the constants and variables the prompt is made of: `INTENT_PROMPT`, `${diff}`, `history`.
  for (const p of call.prompt) {
    const vars = [...(p.holes ?? []), ...(p.origin && p.origin !== 'literal' ? [p.origin] : [])];
    for (const v of vars) {
      // Only the code of a hole names things: the text of a string inside it (`learnings ? \`Here are …\` : ''`) is prompt, read elsewhere.
      for (const id of v.replace(/`[^`]*`?|"[^"]*"?|'[^']*'?/g, ' ').match(PROMPT_VAR) ?? []) {
        if (ORIGIN_WORDS.test(id)) continue;
        names.push({ name: id, what: `prompt ${p.role === 'system' ? 'system ' : ''}variable ${id} (line ${p.line})`, weight: 1 });
      }
    }
  }
  for (const n of names) {
    // `lang_code`, `status_code`, `zip_code` are not code.
    const words = identifierWords(n.name).filter((w, i, all) => !(w === 'code' && i > 0 && NOT_CODE_BEFORE.test(all[i - 1])));
    for (const rule of NAME_RULES) {
      const hit = words.find((w) => rule.words.test(w));
      if (hit) add(list, seen, { type: rule.type, weight: n.weight, rule: `name:${n.what.split(' ')[0]}`, text: `${n.what}` });
    }
    if (n.weight >= 1 && BOOLEAN_NAME.test(n.name)) add(list, seen, { type: 'classify_intent', weight: 1, rule: 'name:boolean', text: `${n.what} reads as a yes/no question` });
  }
}

/** CJK characters: the Chinese rules are tried only on a text that has some (their lookbehinds are costly elsewhere). */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function textEvidence(located: Located[], list: Evidence[], seen: Set<string>): void {
  for (const loc of located) {
    if (!loc.text.trim()) continue;
    const scale = loc.role === 'tool' ? 0.6 : 1;
    const cjk = CJK.test(loc.text);
    for (const rule of TEXT_RULES) {
      if (!cjk && rule.id.startsWith('zh-')) continue;
      const m = rule.re.exec(loc.text);
      if (!m) continue;
      for (const [type, w] of Object.entries(rule.votes) as [VotedType, number][]) {
        add(list, seen, { type, weight: w * scale, rule: rule.id, text: `${loc.where(m.index)}: "${quote(loc.text, m.index, m[0].length)}" (${rule.says})` });
      }
    }
    WORD_COUNT.lastIndex = 0;
    for (let m = WORD_COUNT.exec(loc.text); m; m = WORD_COUNT.exec(loc.text)) {
      const n = Number(m[1]);
      const where = `${loc.where(m.index)}: "${quote(loc.text, m.index, m[0].length)}"`;
      if (n >= 300) add(list, seen, { type: 'draft_long_form', weight: 3, rule: 'word-count', text: `${where} (asks for ${n} words)` });
      else if (n <= 150) add(list, seen, { type: 'summarize_short', weight: 1.5, rule: 'word-count', text: `${where} (asks for at most ${n} words)` });
    }
  }
}

function categoryEvidence(located: Located[], call: ScannedCall, list: Evidence[], seen: Set<string>): Features['categories'] {
  let best: { list: CategoryList; loc: Located } | null = null;
  for (const loc of located) {
    if (loc.role === 'tool') continue;
    const found = findCategoryLists(loc.text)[0];
    if (found && (!best || found.items.length > best.list.items.length)) best = { list: found, loc };
  }
  let result: Features['categories'] = null;
  if (best) {
    const where = best.loc.where(best.list.index);
    const lead = quote(best.list.lead, 0, 0, 70);
    result = { items: best.list.items, where, lead };
    // A union that is one field of a larger JSON answer ({"blur_type": "a" | "b", "sigma": …, "notes": …}) is not the whole job.
    const jsonKeys = (best.loc.text.match(/["'][\w-]+["']\s*:/g) ?? []).length;
    const weight = best.list.union && jsonKeys >= 3 ? 1 : 3;
    if (weight < 3) add(list, seen, { type: 'extract_entities', weight: 2, rule: 'json-schema-fill', text: `${where}: a JSON answer with ${jsonKeys} fields to fill` });
    add(list, seen, { type: 'classify_intent', weight, rule: 'categories', text: `${where}: ${best.list.items.length} categories in "${lead}"${weight < 3 ? ' (one field of a larger JSON answer)' : ''}` });
  }
  for (const t of call.tools) {
    const enums = findSchemaEnums(t.schemaText);
    if (enums.length === 0) continue;
    const biggest = enums.sort((a, b) => b.length - a.length)[0];
    const props = (t.schemaText.match(/\btype["']?\s*:/g) ?? []).length;
    // A tool whose whole input is one enum is a classifier in tool form.
    const classifier = props <= 3;
    if (classifier) add(list, seen, { type: 'classify_intent', weight: 3, rule: 'tool-enum', text: `tool ${t.name}: input is one of ${biggest.length} values (${biggest.slice(0, 4).join(', ')}${biggest.length > 4 ? ', …' : ''})` });
    if (!result || biggest.length > result.items.length) result = { items: biggest, where: `tool ${t.name} schema`, lead: `enum [${biggest.slice(0, 3).join(', ')}, …]` };
  }
  return result;
}

function shorten(detail: string, max = 60): string {
  const flat = detail.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function outputEvidence(call: ScannedCall, list: Evidence[], seen: Set<string>): { irreversible: string[]; forced: boolean } {
  for (const s of call.signals) {
    const v = SIGNAL_VOTES[s.kind];
    if (!v) continue;
    for (const [type, w] of Object.entries(v.votes) as [VotedType, number][]) {
      add(list, seen, { type, weight: w, rule: `signal:${s.kind}`, text: `line ${s.line}: ${v.says}${s.detail ? ` (${shorten(s.detail)})` : ''}` });
    }
  }
  if (!call.signals.some((s) => s.kind === 'message-history')) {
    const history = call.prompt.find((p) => p.role !== 'system' && !p.text.trim() && HISTORY_ORIGIN.test(p.origin) && !OPTIONS_BAG.test(p.origin));
    if (history) add(list, seen, { type: 'chat_general', weight: 2, rule: 'signal:message-history', text: `line ${history.line}: messages come from ${history.origin.replace(/^messages from /, '')} (a conversation)` });
  }
  const persona = call.prompt.find((p) => p.role === 'system' && /^\s*(?:you are|act as)\b/i.test(p.text));
  const rawUser = call.prompt.find((p) => p.role === 'user' && !p.text.trim() && p.dynamicSlots > 0);
  if (persona && rawUser) add(list, seen, { type: 'chat_general', weight: 1.5, rule: 'open-persona', text: `system prompt line ${persona.line} sets a persona and the user turn (line ${rawUser.line}) is passed through as written` });
  // A conversation the function builds (history plus the new turn, or under a fixed system prompt), not one it passes through.
  if (call.signals.some((s) => s.kind === 'message-history') || list.some((e) => e.rule === 'signal:message-history')) {
    const turns = call.prompt.filter((p) => p.role !== 'system').length;
    const fixedSystem = call.prompt.some((p) => p.role === 'system' && p.text.trim());
    if (turns >= 2 || fixedSystem) add(list, seen, { type: 'chat_general', weight: 1, rule: 'built-conversation', text: fixedSystem ? 'the conversation runs under a fixed system prompt' : 'the function adds the new turn to the conversation' });
  }
  const question = call.prompt.find((p) => p.role === 'user' && !p.text.trim() && USER_WORDS.test(p.origin));
  if (question) add(list, seen, { type: 'chat_general', weight: 1.5, rule: 'user-words', text: `user prompt line ${question.line} is the end user's own words (${question.origin})` });
  const forced = call.signals.some((s) => s.kind === 'forced-tool-choice');
  const loop = call.signals.some((s) => s.kind === 'tool-use-loop');
  if (call.tools.length > 0) {
    if (forced) {
      const enumOnly = seen.has('tool-enum:classify_intent');
      // A forced tool whose name and schema come from parameters (a generic helper) says nothing about the job.
      const known = call.tools.some((t) => t.name.trim() !== '' && t.schemaText.trim() !== '');
      if (!enumOnly && known) add(list, seen, { type: 'extract_entities', weight: 2.5, rule: 'forced-tool', text: `tool_choice forces tool ${call.tools[0].name}: the answer is the tool's input schema (structured fields)` });
    } else {
      add(list, seen, {
        type: 'plan_agent_steps',
        weight: loop ? 1.5 : 2.5,
        rule: 'tools',
        text: `${call.tools.length} tool${call.tools.length > 1 ? 's' : ''} offered without forcing one (${call.tools.map((t) => t.name).slice(0, 4).join(', ')}): the model decides what to do next`,
      });
    }
  }
  const irreversible = call.tools.filter((t) => IRREVERSIBLE_TOOL.test(t.name)).map((t) => t.name);
  for (const s of call.signals) if (s.kind === 'irreversible-tool' && !irreversible.includes(s.detail)) irreversible.push(s.detail);
  if (call.tools.length > 0 && !forced && irreversible.length > 0) {
    add(list, seen, { type: 'plan_agent_steps', weight: 1, rule: 'irreversible', text: `tools that act on the world: ${irreversible.join(', ')}` });
  }
  return { irreversible: forced ? [] : irreversible, forced };
}

const CODE_MODEL = /\b(?:codestral|codellama|code-?llama|deepseek-coder|starcoder\w*|qwen[\w.-]*coder[\w.-]*|codegemma|code-davinci[\w-]*|gpt-[\w.]*-codex[\w-]*|codex-[\w-]+)\b/i;

function modelEvidence(call: ScannedCall, list: Evidence[], seen: Set<string>): void {
  const text = `${call.model.resolved ?? ''} ${call.model.expression}`;
  const m = CODE_MODEL.exec(text);
  if (m) add(list, seen, { type: 'generate_code', weight: 2.5, rule: 'code-model', text: `model ${m[0]} is a code model` });
}

function budgetEvidence(call: ScannedCall, list: Evidence[], seen: Set<string>): void {
  const mt = call.maxTokens;
  if (mt === null) return;
  const where = `max_tokens ${mt}`;
  if (mt <= 20) {
    add(list, seen, { type: 'classify_intent', weight: 1.5, rule: 'budget', text: `${where}: room for a label, nothing more` });
  } else if (mt <= 150) {
    add(list, seen, { type: 'summarize_short', weight: 0.5, rule: 'budget', text: `${where}: a short output` });
    add(list, seen, { type: 'classify_intent', weight: 0.3, rule: 'budget', text: `${where}: a short output` });
  } else if (mt >= 6000) {
    add(list, seen, { type: 'draft_long_form', weight: 1, rule: 'budget', text: `${where}: a long output` });
    add(list, seen, { type: 'generate_code', weight: 1, rule: 'budget', text: `${where}: a long output` });
  } else if (mt >= 2500) {
    add(list, seen, { type: 'draft_long_form', weight: 0.6, rule: 'budget', text: `${where}: a long output` });
    add(list, seen, { type: 'synthesize_documents', weight: 0.4, rule: 'budget', text: `${where}: a long output` });
    add(list, seen, { type: 'generate_code', weight: 0.4, rule: 'budget', text: `${where}: a long output` });
  }
}

const NEEDS_INPUT: ReadonlySet<VotedType> = new Set(['classify_intent', 'extract_entities', 'summarize_short', 'review_code', 'synthesize_documents']);

/**
 * A prompt that is entirely static (no `${…}`, no history, no tools) has nothing to classify,
 * extract from, summarize or review: "Reply with the single word OK." is a health check, not a
 * classifier. Those votes are dropped.
 */
function dropInputTasksWithoutInput(call: ScannedCall, evidence: Evidence[]): void {
  if (call.prompt.length === 0 || call.tools.length > 0) return;
  // Only a short, user-only prompt: a system prompt means the input may be an image or a file the scanner cannot see.
  if (call.prompt.some((p) => p.role === 'system') || call.prompt.reduce((n, p) => n + p.text.length, 0) > 120) return;
  if (call.prompt.some((p) => p.dynamicSlots > 0 || !p.text.trim() || (p.holes?.length ?? 0) > 0)) return;
  if (call.signals.some((s) => s.kind === 'message-history' || s.kind === 'documents-joined' || s.kind === 'tool-use-loop')) return;
  for (let i = evidence.length - 1; i >= 0; i--) if (NEEDS_INPUT.has(evidence[i].type)) evidence.splice(i, 1);
}

// "You are a helpful assistant that translates English to French": the relative clause is the job, not a conversation.
const PERSONA_WITH_TASK =
  /\b(?:you are|act as)\b[^.\n]{0,80}?\b(?:(?:that|who|which)\s+(?!help|assist|answer|chat|talk|respond|repl|convers|can|will|is|are|has|have|know|speak|love|like|always|never|only)[a-z]+s|(?:speciali[sz]ed in|tasked with|responsible for|designed to|built to|whose (?:job|task) is to)\s+(?!help|assist|answer|chat|talk|convers)[a-z]+)\b/i;

const CODE_CONTEXT =
  /\b(?:code|diff|patch|pull request|merge request|commit|repository|repo|function|class|method|stack trace|traceback|source file|snippet|sql|dockerfile|manifest|notebook|script|programming|typescript|javascript|python|react|component|migration|lint|eslint|compiler|bug|refactor\w*|kubernetes|yaml|config(?:uration)? file|api endpoint)\b/i;

/** "Review" without any code around it (a peer review, flashcards, a contract) is not code review: its text votes count less. */
function gateReviewWithoutCode(call: ScannedCall, features: { text: string; names: string }, evidence: Evidence[]): void {
  if (CODE_CONTEXT.test(features.text) || CODE_CONTEXT.test(features.names)) return;
  if (call.signals.some((s) => /diff|patch|code/i.test(s.detail))) return;
  for (const e of evidence) if (e.type === 'review_code' && !e.rule.startsWith('name:')) e.weight *= 0.4;
}

/** A tool-use loop always carries a growing message list: that history is the agent's, not a chat's. */
function dropHistoryInAgentLoop(call: ScannedCall, evidence: Evidence[]): void {
  if (!call.signals.some((s) => s.kind === 'tool-use-loop')) return;
  if (evidence.some((e) => e.rule === 'signal:tool-use-loop' && e.text.includes('inside a chat route'))) return;
  const agentHistory = new Set(['signal:message-history', 'built-conversation', 'open-persona']);
  for (let i = evidence.length - 1; i >= 0; i--) if (agentHistory.has(evidence[i].rule)) evidence.splice(i, 1);
}

function dropPersonaWithATask(call: ScannedCall, evidence: Evidence[]): void {
  // The persona may open a system prompt or the user turn of a one-shot prompt ("You are an AI assistant who has been tasked with …").
  if (!call.prompt.some((p) => (p.role === 'system' || p.role === 'user' || p.role === 'prompt') && PERSONA_WITH_TASK.test(p.text))) return;
  for (let i = evidence.length - 1; i >= 0; i--) if (evidence[i].rule === 'persona' || evidence[i].rule === 'open-persona') evidence.splice(i, 1);
}

/**
 * Asking for JSON (`response_format`, `generateObject`, "return a JSON object", `JSON.parse`) is how the
 * answer is shaped, not what the job is: real code asks for JSON for questions, plans and decisions too.
 * Together those cues count as at most one supporting cue (2) for extraction, so an explicit
 * instruction ("write 3 questions") outweighs them.
 */
const FORMAT_RULES = new Set(['json-keys', 'signal:json-parse', 'signal:schema-parse', 'signal:structured-output']);
const FORMAT_CAP = 2;

function capAnswerFormat(evidence: Evidence[]): void {
  const format = evidence.filter((e) => e.type === 'extract_entities' && FORMAT_RULES.has(e.rule));
  const total = format.reduce((n, e) => n + e.weight, 0);
  if (total <= FORMAT_CAP) return;
  for (const e of format) e.weight = (e.weight * FORMAT_CAP) / total;
}

/**
 * A long piece of writing built from notes or sources ("write a final report … aim for 3 or more
 * pages", "a 1500-word article from these interviews"): the documents are its material, the job is
 * the writing. Their synthesis votes count half.
 */
function sourcesOfALongDocument(evidence: Evidence[]): void {
  if (!evidence.some((e) => e.type === 'draft_long_form' && (e.rule === 'long-form' || e.rule === 'word-count'))) return;
  if (!evidence.some((e) => e.type === 'draft_long_form' && (e.rule === 'write-prose' || e.rule === 'write-on-topic'))) return;
  for (const e of evidence) if (e.type === 'synthesize_documents' && (e.rule === 'answer-from-sources' || e.rule === 'signal:documents-joined' || e.rule === 'plural-docs')) e.weight /= 2;
}

const PROVIDER_NAME = /\b(?:llms?|providers?|adapters?|clients?|openai|anthropic|claude|groq|azure|gemini|google|ollama|mistral|together|bedrock|vertex|deepseek|xai|grok|lmstudio|lm|studio|vllm|litellm|cohere|fireworks|openrouter|huggingface|hf|base)\b/;
const GENERIC_METHOD_WORDS = /^(?:generate|gen|response|responses|chat|complete|completion|completions|create|invoke|ainvoke|call|run|send|request|inference|infer|predict|get|llm|model|message|messages|text|stream|streaming|structured|output|with|tools|tool|async|do|execute|raw|json|the|a|api|chat_completion|content|reply|query|ask|prompt|step|next|result)$/;

/**
 * A provider adapter (`GroqLLM.generateChat(messages)`, `OpenAiClient.inference(model, prompt)`) forwards
 * whatever its callers send: no text of its own, the messages come in as they are, and its class or
 * file names a provider. Its "history" and its interface name (`generateChat`) say nothing about the
 * job, so all its votes are dropped: the answer is `unknown`, with a reason that says why.
 */
// "Translate the following script from English to {target_lang}": translation has no task type of its own.
// A language that is a hole leaves "to  also" in the static text: "to" followed by nothing.
const TRANSLATE =
  /\btranslat(?:e|ing)\b[^.\n]{0,80}?\b(?:(?:to|into)\s+(?:english|spanish|french|german|italian|portuguese|japanese|chinese|korean|russian|arabic|hindi|dutch|\w+ language|the (?:target|requested|user's) language)\b|(?:to|into) (?=\s|[.,:;]|$))|翻译(?:成|为|到)/i;
const EXPLICIT = 2.5;

/**
 * A prompt whose only explicit instruction is a translation: none of the task types fits, and the
 * JSON shape of the answer or a name (`translate_script`) must not pretend otherwise.
 */
function onlyTranslation(call: ScannedCall, evidence: Evidence[]): string | null {
  const part = call.prompt.find((p) => TRANSLATE.test(p.text));
  if (!part) return null;
  const other = evidence.some((e) => e.weight >= EXPLICIT && !e.rule.startsWith('name:') && !FORMAT_RULES.has(e.rule));
  if (other) return null;
  evidence.length = 0;
  return `${part.role === 'system' ? 'system' : 'user'} prompt line ${part.line} asks for a translation, which has no task type of its own`;
}

function passThroughProvider(call: ScannedCall, evidence: Evidence[]): string | null {
  if (call.prompt.some((p) => p.text.trim())) return null;
  if (call.tools.some((t) => t.description.trim())) return null;
  if (call.signals.some((s) => s.kind === 'tool-use-loop' || s.kind === 'documents-joined' || s.kind === 'switch-on-output' || s.kind === 'enum-compare' || s.kind === 'includes-on-output')) return null;
  const fn = call.enclosingFunction.split('.').pop() ?? '';
  const cls = call.className ?? (call.enclosingFunction.includes('.') ? call.enclosingFunction.split('.')[0] : '');
  const segments = call.file.toLowerCase().split('/');
  const owner = [cls, ...segments.slice(-2)].map((n) => identifierWords(n).join(' ')).join(' ');
  if (!PROVIDER_NAME.test(owner)) return null;
  if (!identifierWords(fn).every((w) => GENERIC_METHOD_WORDS.test(w))) return null;
  evidence.length = 0;
  return `${call.enclosingFunction} forwards its callers' prompt as it is (a pass-through provider adapter): its callers know the task`;
}

/**
 * A chat route (the conversation comes from the request and the answer is streamed back) that offers
 * tools and lets the SDK run them (`stopWhen`, `maxSteps`) is a chat with tools: its history is the
 * user's conversation. A tool loop written by hand stays an agent.
 */
function chatRouteWithTools(call: ScannedCall, evidence: Evidence[]): void {
  const sdkLoop = call.signals.find((s) => s.kind === 'tool-use-loop');
  if (!sdkLoop || !/SDK runs the tool loop/i.test(sdkLoop.detail) || call.signals.some((s) => s.kind === 'tool-use-loop' && s !== sdkLoop)) return;
  if (!call.signals.some((s) => s.kind === 'streams-to-response')) return;
  if (!call.signals.some((s) => s.kind === 'message-history') && !evidence.some((e) => e.rule === 'signal:message-history')) return;
  for (const e of evidence) {
    if (e.rule === 'signal:tool-use-loop') {
      e.weight = 1.5;
      e.text += ' (inside a chat route: the tools serve the conversation)';
    }
    if (e.rule === 'tools') e.weight = 1;
  }
}

const ROLE_RULES = new Set(['role-classify', 'role-extract', 'role-summarize', 'role-write', 'role-code', 'role-review', 'role-research']);
const CHAT_SHAPE = new Set(['signal:message-history', 'signal:streams-to-response', 'built-conversation', 'open-persona', 'user-words']);

/**
 * A chat interface over a job: the system prompt casts the model as a programmer, a writer, a
 * code editor ("You are a skilled software engineer. Generate a fragment …") and the user's turns
 * come from the request. The conversation is how the job is asked for, not the job: without a chat
 * persona ("assistant", "companion", "stay in character"), the shape of the conversation counts half
 * and "You are …" over the user's words is not read as a chat persona.
 */
function jobBehindAChatInterface(evidence: Evidence[]): void {
  if (!evidence.some((e) => ROLE_RULES.has(e.rule))) return;
  if (evidence.some((e) => e.rule === 'persona' || e.rule === 'chatty' || e.rule === 'clarify')) return;
  for (let i = evidence.length - 1; i >= 0; i--) {
    const e = evidence[i];
    if (e.type !== 'chat_general' || !CHAT_SHAPE.has(e.rule)) continue;
    if (e.rule === 'open-persona') evidence.splice(i, 1);
    else e.weight /= 2;
  }
}

/** The conversation named as the material of the job: "Given the following conversation", "summarize our conversation". */
const CONVERSATION_INPUT =
  /\b(?:given|from|of|in|for|about|summari[sz]\w*|name|title|read|based on|using|refer to|rephrase)\s+(?:the|this|our|a|your)\s+(?:following\s+|above\s+|preceding\s+|previous\s+|recent\s+|whole\s+|entire\s+)?(?:conversation|chat(?: history)?|dialogue|discussion|chat log|message history)\b|\b(?:conversation|chat) history\s*:/i;
const CHAT_AS_INPUT = new Set(['chatty', 'signal:message-history', 'built-conversation', 'open-persona', 'user-words']);

/**
 * A job done on a conversation — its title, its summary, the follow-up question rewritten to stand alone — reads the
 * history as its input: the messages, the word "conversation" and the new turn the function adds are the material,
 * not a chat. When the prompt asks for a classification, an extraction or a summary of the conversation, those
 * conversational cues are dropped (a persona the prompt sets is kept).
 */
function conversationAsInput(located: Located[], evidence: Evidence[]): void {
  if (!evidence.some((e) => isInstruction(e) && e.weight >= EXPLICIT && (e.type === 'classify_intent' || e.type === 'extract_entities' || e.type === 'summarize_short'))) return;
  if (!located.some((l) => l.role !== 'tool' && CONVERSATION_INPUT.test(l.text))) return;
  for (let i = evidence.length - 1; i >= 0; i--) if (evidence[i].type === 'chat_general' && CHAT_AS_INPUT.has(evidence[i].rule)) evidence.splice(i, 1);
}

/** Everything the call site shows about its job, as weighted evidence. */
export function extractFeatures(call: ScannedCall): Features {
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  const located = [...call.prompt.map((p) => locatePart(call, p)), ...locatePromptFiles(call), ...locateTools(call)];
  textEvidence(located, evidence, seen);
  const categories = categoryEvidence(located, call, evidence, seen);
  const { irreversible, forced } = outputEvidence(call, evidence, seen);
  budgetEvidence(call, evidence, seen);
  modelEvidence(call, evidence, seen);
  nameEvidence(call, evidence, seen);
  dropInputTasksWithoutInput(call, evidence);
  dropPersonaWithATask(call, evidence);
  conversationAsInput(located, evidence);
  chatRouteWithTools(call, evidence);
  jobBehindAChatInterface(evidence);
  dropHistoryInAgentLoop(call, evidence);
  capAnswerFormat(evidence);
  sourcesOfALongDocument(evidence);
  const passThrough = passThroughProvider(call, evidence) ?? onlyTranslation(call, evidence);
  gateReviewWithoutCode(call, { text: located.map((l) => l.text).join('\n'), names: `${call.enclosingFunction} ${call.file} ${call.prompt.map((p) => `${p.origin} ${(p.holes ?? []).join(' ')}`).join(' ')}` }, evidence);
  const promptText = [...call.prompt.map((p) => p.text), ...(call.promptFiles ?? []).map((f) => f.text ?? '')].join('\n');
  return {
    evidence,
    categories,
    allText: `${promptText}\n${call.tools.map((t) => `${t.name} ${t.description}`).join('\n')}`,
    staticChars: promptText.replace(/\s+/g, '').length,
    irreversibleTools: irreversible,
    forcedTool: forced,
    passThrough,
  };
}
