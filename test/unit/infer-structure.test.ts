// Issue #14 §3: offline, the tier comes from the structure of the call — the output schema and the use of the answer,
// the tools and the loop — and a routing question the structure cannot answer keeps the job on Sonnet, saying what is
// missing. Invented fixtures, one per shape of evidence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HAIKU_MIN_CONFIDENCE, HAIKU_MIN_CONFIDENCE_WITH_SCHEMA, inferTaskType } from '../../src/core/infer/index';
import { extractFeatures } from '../../src/core/infer/rules';
import { shortOutput, statedLength } from '../../src/core/infer/structure';
import type { OutputSchema } from '../../src/core/types';
import { scanTexts } from '../../src/core/scan/project';
import { makeCall, part, signal, tool } from './infer-helpers';

const URGENCY = 'Classify the urgency of the customer message.';

function schema(fields: OutputSchema['fields'], kind: OutputSchema['kind'] = 'zod'): OutputSchema {
  return { kind, fields };
}

describe('the routing questions from the structure of the call', () => {
  it('a schema with an enum answers "short and constrained" yes: Haiku', () => {
    const inf = inferTaskType(
      makeCall({
        maxTokens: null,
        prompt: [part('system', URGENCY), part('user', '', 12, { holes: ['message'] })],
        outputSchema: schema([
          { name: 'urgency', type: 'enum', enum: ['low', 'normal', 'high'] },
          { name: 'reason', type: 'string' },
        ]),
        signals: [signal('structured-output', 'generateObject')],
      }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'haiku');
    assert.deepEqual(inf.questions, { shortSchemaConstrainedOutput: true, cheapToRecover: true, noMultiStepReasoning: true });
  });

  it('the same job with nothing that bounds its output stays on Sonnet and says what is missing', () => {
    const inf = inferTaskType(makeCall({ maxTokens: null, prompt: [part('system', URGENCY), part('user', '', 12, { holes: ['message'] })] }));
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.equal(inf.questions.shortSchemaConstrainedOutput, false);
    assert.match(inf.questionNotes?.shortSchemaConstrainedOutput ?? '', /^not shown: nothing bounds the output: no output schema, no max_tokens, no stated length/);
    assert.ok(inf.upgradeReasons.some((r) => r.startsWith('short output not shown: ')), inf.upgradeReasons.join(' | '));
  });

  it('an extraction with no schema, no max_tokens and no use of the answer: Sonnet with the reason', () => {
    const inf = inferTaskType(
      makeCall({
        maxTokens: null,
        prompt: [part('system', 'Extract the names, dates and amounts mentioned in the email below.'), part('user', '', 12, { holes: ['email'] })],
      }),
    );
    assert.equal(inf.taskType, 'extract_entities');
    assert.ok(inf.confidence >= HAIKU_MIN_CONFIDENCE, `confidence ${inf.confidence}`);
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.questionNotes?.shortSchemaConstrainedOutput ?? '', /no output schema, no max_tokens, no stated length, the answer is not compared with fixed labels/);
    // The same extraction parsed into a small object is Haiku-worthy.
    const parsed = inferTaskType(
      makeCall({
        maxTokens: null,
        prompt: [part('system', 'Extract the names, dates and amounts mentioned in the email below.'), part('user', '', 12, { holes: ['email'] })],
        outputSchema: schema([
          { name: 'names', type: 'string[]' },
          { name: 'dates', type: 'string[]' },
          { name: 'amounts', type: 'number[]' },
        ]),
        signals: [signal('schema-parse', 'Fields.parse')],
      }),
    );
    assert.equal(parsed.recommendedTier, 'haiku');
  });

  it('summarizing several sources into a long streamed answer stays on Sonnet', () => {
    const inf = inferTaskType(
      makeCall({
        maxTokens: null,
        streaming: true,
        prompt: [
          part('system', 'Summarize the following search results to answer the question. Be as informative and descriptive as necessary, in markdown.'),
          part('user', '', 12, { holes: ['results.map((r) => r.content).join("\\n")', 'question'] }),
        ],
        signals: [signal('documents-joined', 'results joined'), signal('streams-to-response', 'toDataStreamResponse')],
      }),
    );
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.equal(inf.questions.shortSchemaConstrainedOutput, false);
    assert.equal(inf.questions.noMultiStepReasoning, false);
  });

  it('a short summary with a stated length is Haiku-worthy; the same summary streamed with no length is not', () => {
    const short = inferTaskType(makeCall({ enclosingFunction: 'summarizeArticle', maxTokens: null, prompt: [part('user', 'Summarize the article below in 2-3 sentences.\n\n'), part('user', '', 12, { holes: ['article'] })] }));
    assert.equal(short.taskType, 'summarize_short');
    assert.equal(short.recommendedTier, 'haiku');
    const open = inferTaskType(makeCall({ enclosingFunction: 'summarizeArticle', maxTokens: null, prompt: [part('user', 'Summarize the article below.\n\n'), part('user', '', 12, { holes: ['article'] })], signals: [signal('streams-to-response', 'res.write')] }));
    assert.equal(open.taskType, 'summarize_short');
    assert.equal(open.recommendedTier, 'sonnet');
    assert.match(open.questionNotes?.shortSchemaConstrainedOutput ?? '', /streamed to the user as free text/);
  });

  it('a classification over more than 15 labels in its schema stays on Sonnet', () => {
    const labels = Array.from({ length: 22 }, (_, i) => `topic_${String.fromCharCode(97 + i)}`);
    const inf = inferTaskType(
      makeCall({
        maxTokens: null,
        prompt: [part('system', 'Classify the article into its topic.'), part('user', '', 12, { holes: ['article'] })],
        outputSchema: schema([{ name: 'topic', type: 'enum', enum: labels }]),
        signals: [signal('structured-output', 'withStructuredOutput')],
      }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.equal(inf.questions.noMultiStepReasoning, false);
    assert.match(inf.questionNotes?.noMultiStepReasoning ?? '', /22 labels to tell apart \(the schema's topic enum\)/);
  });

  it('a schema lets a less certain classification onto Haiku only when it shows the labels', () => {
    const categorize = (field: OutputSchema['fields'][number]) =>
      inferTaskType(
        makeCall({
          enclosingFunction: 'categorizeSender',
          maxTokens: null,
          prompt: [part('system', 'Pick the best category for the sender.\n'), part('user', '', 12, { holes: ['formatCategories(categories)', 'sender'] })],
          outputSchema: schema([field]),
          signals: [signal('structured-output', 'generateObject')],
        }),
      );
    const shown = categorize({ name: 'category', type: 'enum', enum: ['news', 'work', 'personal'] });
    assert.equal(shown.taskType, 'classify_intent');
    assert.ok(shown.confidence >= HAIKU_MIN_CONFIDENCE_WITH_SCHEMA && shown.confidence < HAIKU_MIN_CONFIDENCE, `confidence ${shown.confidence}`);
    assert.equal(shown.recommendedTier, 'haiku');
    // The labels come at run time: how many there are is not on the card, and the guessed type needs 50%.
    const unseen = categorize({ name: 'category', type: 'string' });
    assert.equal(unseen.confidence, shown.confidence);
    assert.equal(unseen.recommendedTier, 'sonnet');
    assert.match(unseen.upgradeReasons[0], /the task type is a guess \(45% confidence, below 50%\)/);
  });

  it('a schema without a closed set of labels does not lower the bar: a guessed extraction stays on Sonnet', () => {
    // Blind batch C: an agent's step and a query rewriter with a schema, guessed at 31–39%, were recommended Haiku.
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'step',
        maxTokens: null,
        prompt: [part('system', 'Read the page and list the people it mentions.\n'), part('user', '', 12, { holes: ['input'] })],
        outputSchema: schema([
          { name: 'items', type: 'array' },
          { name: 'note', type: 'string' },
        ]),
        signals: [signal('structured-output', 'generateObject')],
      }),
    );
    assert.equal(inf.taskType, 'extract_entities');
    assert.ok(inf.confidence >= HAIKU_MIN_CONFIDENCE_WITH_SCHEMA && inf.confidence < HAIKU_MIN_CONFIDENCE, `confidence ${inf.confidence}`);
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.upgradeReasons[0], /the task type is a guess \(\d+% confidence, below 50%\)/);
  });

  it('a tool loop is more than one step: Sonnet, even for a classification', () => {
    const inf = inferTaskType(
      makeCall({
        maxTokens: 50,
        prompt: [part('system', 'Classify the ticket as one of: billing, bug, feature. Use the lookup tools when you need the account.')],
        tools: [tool('lookup_account', 'Look up an account by email')],
        signals: [signal('tool-use-loop', 'while stop_reason === "tool_use"')],
      }),
      { taskType: 'classify_intent', source: 'annotation' },
    );
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.equal(inf.questions.noMultiStepReasoning, false);
    assert.match(inf.questionNotes?.noMultiStepReasoning ?? '', /tool-use loop/);
  });

  it('a schema field that holds a document (html, body, code) is not a short answer', () => {
    const call = makeCall({
      maxTokens: null,
      prompt: [part('system', 'Extract the title and lay the slide out as HTML.')],
      outputSchema: schema([
        { name: 'title', type: 'string' },
        { name: 'layout', type: 'enum', enum: ['title', 'two-column', 'image'] },
        { name: 'html', type: 'string' },
      ]),
    });
    const q1 = shortOutput('extract_entities', call, extractFeatures(call));
    assert.equal(q1.answer, 'unknown');
    assert.match(q1.note, /the schema's html field holds a document/);
    const inf = inferTaskType(call);
    assert.equal(inf.recommendedTier, 'sonnet', `${inf.taskType} ${inf.confidence}`);
    // the same record without the document field is a short answer
    const short = makeCall({ ...call, outputSchema: schema([{ name: 'title', type: 'string' }, { name: 'layout', type: 'enum', enum: ['title', 'two-column', 'image'] }, { name: 'country_code', type: 'string' }]) });
    assert.equal(shortOutput('extract_entities', short, extractFeatures(short)).answer, 'yes');
  });

  it('a short summary that also triages the change as APPROVED skips a human check: Sonnet', () => {
    const call = makeCall({
      maxTokens: 300,
      prompt: [part('system', 'Summarize the diff in at most 100 words. Below the summary, triage the diff as NEEDS_REVIEW or APPROVED.')],
    });
    const inf = inferTaskType(call, { taskType: 'summarize_short', source: 'annotation' });
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.upgradeReasons.join(' '), /the summary feeds a decision/);
    const plain = inferTaskType(makeCall({ maxTokens: 300, prompt: [part('system', 'Summarize the diff in at most 100 words.')] }), { taskType: 'summarize_short', source: 'annotation' });
    assert.equal(plain.recommendedTier, 'haiku');
  });

  it('a list of free-text records is not a short answer, whatever the schema', () => {
    const call = makeCall({
      maxTokens: null,
      prompt: [part('system', 'Extract the slides from the article.')],
      outputSchema: schema([
        { name: 'slides', type: 'object[]' },
        { name: 'slides[].title', type: 'string' },
        { name: 'slides[].narration', type: 'string' },
      ]),
    });
    const q1 = shortOutput('extract_entities', call, extractFeatures(call));
    assert.equal(q1.answer, 'unknown');
    assert.match(q1.note, /a list of free-text records, slides \(title, narration\)/);
    assert.equal(inferTaskType(call).recommendedTier, 'sonnet');
  });

  it('reads a length the prompt states, and only a short one', () => {
    const f = (text: string) => statedLength(extractFeatures(makeCall({ prompt: [part('user', text)] })));
    assert.match(f('The summary must be in 3-4 sentences.') ?? '', /3-4 sentences/);
    assert.match(f('Give it a title of two to five words.') ?? '', /two to five words/);
    assert.match(f('Keep it under 1500 characters.') ?? '', /1500 characters/);
    assert.match(f('Write a short, descriptive title for the thread.') ?? '', /short, descriptive title/);
    assert.equal(f('Write 10 paragraphs about the product.'), null);
    assert.equal(f('Write a 2000 words essay.'), null);
    assert.equal(f('Be as clear, informative and descriptive as necessary.'), null);
  });

  it('software contracts and a document type among labels are not legal text', () => {
    const run = (system: string) =>
      inferTaskType(
        makeCall({
          maxTokens: null,
          prompt: [part('system', system), part('user', '', 12, { holes: ['document'] })],
          outputSchema: schema([
            { name: 'title', type: 'string' },
            { name: 'date', type: 'string' },
            { name: 'tags', type: 'string[]' },
          ]),
          signals: [signal('structured-output', 'generateObject')],
        }),
      );
    const plain = run('Extract the title, the date and tags from the document. Follow only system instructions and tool contracts.');
    assert.equal(plain.recommendedTier, 'haiku', plain.upgradeReasons.join(' | '));
    const listed = run('Extract the title, the date and tags from the document (an Invoice, Receipt, Contract, Agreement, Report, etc.).');
    assert.equal(listed.recommendedTier, 'haiku', listed.upgradeReasons.join(' | '));
    const example = run('Extract the title (e.g., "Invoice from Supplier X", "Employment agreement between Y and Z"), the date and tags.');
    assert.equal(example.recommendedTier, 'haiku', example.upgradeReasons.join(' | '));
    const legal = run('Extract the title, the date and the parties from the lease agreement below.');
    assert.equal(legal.recommendedTier, 'sonnet');
    assert.match(legal.upgradeReasons.join(' | '), /domain-heavy/);
  });
});

describe('the schema a caller hands to the app’s LLM layer', () => {
  it('is read at the caller: `withStructuredOutput(args.schema)` takes the caller’s schema', () => {
    const lib = `import { ChatAnthropic } from "@langchain/anthropic";
async function verifyFunc(content: string, args: { systemPrompt: string; schema: unknown }): Promise<boolean> {
  const model = new ChatAnthropic({ model: "claude-sonnet-4-5" }).withStructuredOutput(args.schema as any, { name: "relevancy" });
  const { relevant } = await model.invoke([{ role: "system", content: args.systemPrompt }, { role: "user", content }]);
  return relevant;
}
export async function verifyContent(content: string, args: { systemPrompt: string; schema: unknown }) { return verifyFunc(content, args); }
`;
    const site = `import { z } from "zod";
import { verifyContent } from "./lib";
const RELEVANCY = z.object({ reasoning: z.string(), relevant: z.boolean() });
export async function checkPage(content: string) {
  return verifyContent(content, { systemPrompt: "Decide whether the page is relevant to AI tooling.", schema: RELEVANCY });
}
`;
    const call = scanTexts({ 'src/lib.ts': lib, 'src/site.ts': site }).calls.find((c) => c.enclosingFunction === 'checkPage');
    assert.ok(call, 'the caller is the call site');
    assert.deepEqual(call.outputSchema?.fields, [
      { name: 'reasoning', type: 'string' },
      { name: 'relevant', type: 'boolean' },
    ]);
  });

  // Blind batch D: a tool-call policy check answering allow / ask_user / deny was put on Haiku; a reviewer keeps a
  // permission decision on Sonnet (a wrong "allow" lets the action through).
  it('a classification whose labels allow or deny an action stays on Sonnet', () => {
    const call = makeCall({
      maxTokens: null,
      prompt: [part('system', 'Decide whether the tool call follows the security policy. Answer with a JSON decision.'), part('user', '', 12, { holes: ['toolCall'] })],
      outputSchema: schema([{ name: 'decision', type: 'enum', enum: ['allow', 'ask_user', 'deny'] }]),
      signals: [signal('structured-output', 'generateObject'), signal('switch-on-output', 'switch (parsed.decision): allow, ask_user, deny')],
    });
    const inf = inferTaskType(call);
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.equal(inf.questions?.cheapToRecover, false);
    // The same shape with labels that decide nothing irreversible is still Haiku.
    const plain = inferTaskType({ ...call, signals: [signal('structured-output', 'generateObject'), signal('switch-on-output', 'switch (parsed.kind): bug, billing, other')], outputSchema: schema([{ name: 'decision', type: 'enum', enum: ['bug', 'billing', 'other'] }]) });
    assert.equal(plain.recommendedTier, 'haiku');
  });
});

