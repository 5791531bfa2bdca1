// Issue #14 §3: offline, Haiku-worthy jobs (a label, a short extraction, a title, a rewritten question) stay on Haiku
// when the structure shows it, and jobs a reviewer keeps on Sonnet do not move. Invented prompts, one per rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HAIKU_MIN_CONFIDENCE, inferTaskType } from '../../src/core/infer/index';
import { extractFeatures } from '../../src/core/infer/rules';
import { findCategoryLists } from '../../src/core/infer/categories';
import { shortOutput } from '../../src/core/infer/structure';
import { makeCall, part, signal } from './infer-helpers';

function rules(call: ReturnType<typeof makeCall>): string[] {
  return extractFeatures(call).evidence.map((e) => `${e.type}:${e.rule}`);
}

describe('a job split between Haiku task types stays on Haiku', () => {
  // A check that speaks of extraction and asks for one word: extract_entities and classify_intent share the evidence,
  // so neither is sure on its own, but both are Haiku jobs and the answer is parsed.
  const relevance = (extra = '') =>
    makeCall({
      maxTokens: null,
      prompt: [
        part('system', `Read the page and the user's schema. Decide if the page has the fields to extract.${extra}`),
        part('user', 'Schema: \nPage: \nIs the page worth it? Reply with one word.', 12, { holes: ['schema', 'page'] }),
      ],
      enclosingFunction: 'isExtractable',
      signals: [signal('json-parse', 'JSON.parse(text)')],
    });

  it('both readings are Haiku jobs and the prompt asks for nothing else: Haiku, and the reason says why', () => {
    const inf = inferTaskType(relevance());
    assert.ok(inf.confidence < HAIKU_MIN_CONFIDENCE, `confidence ${inf.confidence}`);
    assert.equal(inf.recommendedTier, 'haiku', inf.upgradeReasons.join(' | '));
    assert.ok(
      inf.reasons.some((r) => /read as extract_entities or classify_intent, all Haiku jobs/.test(r)),
      inf.reasons.join(' | '),
    );
  });

  it('the same prompt that also asks for a piece of writing stays on Sonnet', () => {
    const inf = inferTaskType(relevance(' Then write a blog post about the page for our readers.'));
    assert.equal(inf.recommendedTier, 'sonnet');
  });

  it('the answer must be shown short whichever Haiku type it is: a free-text field alone does not, a boolean does', () => {
    const withSchema = (fields: { name: string; type: string }[]) =>
      inferTaskType(
        makeCall({
          maxTokens: null,
          prompt: [
            part('system', "Read the page and the user's schema. Decide if the page has the fields to extract."),
            part('user', 'Schema: \nPage: \nIs the page worth it? Reply with the label only.', 12, { holes: ['schema', 'page'] }),
          ],
          enclosingFunction: 'isExtractable',
          outputSchema: { kind: 'zod', fields },
          signals: [signal('structured-output', 'withStructuredOutput')],
        }),
      );
    const free = withSchema([{ name: 'answer', type: 'string' }]);
    assert.ok(free.confidence < HAIKU_MIN_CONFIDENCE, `confidence ${free.confidence}`);
    assert.equal(free.recommendedTier, 'sonnet');
    assert.equal(withSchema([{ name: 'answer', type: 'boolean' }]).recommendedTier, 'haiku');
  });

  it('a classification whose labels are filled in at run time is not routed on a guess', () => {
    const call = makeCall({
      maxTokens: null,
      prompt: [part('user', 'You get a social media post. Classify it into one of the following categories:\n\ntext:\n', 10, { holes: ['categories.join(", ")', 'post'] })],
      outputSchema: { kind: 'zod', fields: [{ name: 'category', type: 'string' }] },
      signals: [signal('structured-output', 'withStructuredOutput')],
    });
    const inf = inferTaskType(call);
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.questionNotes?.noMultiStepReasoning ?? '', /labels are filled in at run time/);
  });
});

describe('the output bound a task type may claim', () => {
  it('a summary tested for a marker is not bounded by the test (only a label is)', () => {
    const call = makeCall({
      maxTokens: null,
      prompt: [part('system', 'Summarize the article for the front page.'), part('user', '', 12, { holes: ['article'] })],
      signals: [signal('includes-on-output', '"Summary:" in text')],
    });
    const f = extractFeatures(call);
    assert.equal(shortOutput('summarize_short', call, f).answer, 'unknown');
    assert.equal(shortOutput('classify_intent', call, f).answer, 'yes');
  });

  it('"rephrase the follow-up question to be a standalone question" states a short answer', () => {
    const call = makeCall({
      maxTokens: null,
      prompt: [part('user', 'Given the following conversation and a follow up question, rephrase the follow up question to be a standalone question.\nChat History:\nFollow Up Input:\nStandalone question:', 10, { holes: ['previous', 'input'] })],
    });
    const inf = inferTaskType(call);
    assert.equal(inf.taskType, 'extract_entities');
    assert.equal(inf.questions.shortSchemaConstrainedOutput, true, inf.questionNotes?.shortSchemaConstrainedOutput);
    assert.equal(inf.recommendedTier, 'haiku', inf.upgradeReasons.join(' | '));
  });
});

describe('prompt phrases', () => {
  it('what the input was used for is not an instruction to write it', () => {
    const call = makeCall({
      prompt: [part('system', 'Here is the marketing report that was used to generate this post. Decide whether each image is relevant to the post.')],
    });
    assert.ok(!rules(call).includes('draft_long_form:write-prose'), rules(call).join(' '));
    const asked = makeCall({ prompt: [part('system', 'Generate a short blog post from the marketing report.')] });
    assert.ok(rules(asked).includes('draft_long_form:write-prose'));
  });

  it('"decide whether the chunk is relevant" and "a relevance filter" ask for a relevance label', () => {
    const call = makeCall({ prompt: [part('system', 'You are a strict relevance filter. Decide, for each chunk, whether it is relevant to the query.'), part('user', '', 12, { holes: ['chunks'] })] });
    const r = rules(call);
    assert.ok(r.includes('classify_intent:pick-relevant'), r.join(' '));
    assert.ok(r.includes('classify_intent:role-classify'), r.join(' '));
  });

  it('open tags for a text read as an extraction; "don\'t add hashtags" does not', () => {
    const text = { holes: ['text'] };
    assert.ok(rules(makeCall({ prompt: [part('user', 'Suggest relevant tags that describe the key themes of the text below.', 10, text)] })).includes('extract_entities:tags'));
    assert.ok(!rules(makeCall({ prompt: [part('user', "Write the post in a friendly tone. Don't add any hashtags.", 10, text)] })).includes('extract_entities:tags'));
  });

  it('"write the queries you will type in the search box" is not code; "write a SQL query" is', () => {
    assert.ok(!rules(makeCall({ prompt: [part('system', 'What do you type in the search box? Write the queries you will use, one per line.')] })).includes('generate_code:write-code'));
    assert.ok(rules(makeCall({ prompt: [part('system', 'Write a SQL query that returns the ten newest orders.')] })).includes('generate_code:write-code'));
  });

  it('the title of a conversation is a short summary, not a chat turn', () => {
    const call = makeCall({
      maxTokens: null,
      prompt: [
        part('user', '', 10, { holes: ['history'], origin: 'messages from history' }),
        part('user', 'Provide a short name for the conversation that sums up what it was about, five words at most.', 12),
      ],
      signals: [signal('message-history', 'messages come from a history array')],
    });
    const inf = inferTaskType(call);
    assert.equal(inf.taskType, 'summarize_short', inf.reasons.join(' | '));
    assert.ok(!rules(call).includes('chat_general:signal:message-history'));
    assert.equal(inf.questions.shortSchemaConstrainedOutput, true);
    // Asked as "summarize our conversation in a title", the same job is sure enough for Haiku.
    const summarized = inferTaskType({ ...call, prompt: [call.prompt[0], part('user', 'Generate a title summarizing our conversation, five words at most.', 12)] });
    assert.equal(summarized.taskType, 'summarize_short');
    assert.equal(summarized.recommendedTier, 'haiku', summarized.upgradeReasons.join(' | '));
  });

  it('a "title generator assistant" is cast as a title writer, not as a chat persona', () => {
    const r = rules(makeCall({ prompt: [part('user', 'You are a smart and helpful title generator assistant. Given a conversation, extract its subject in ten words or less.', 10, { holes: ['history'] })] }));
    assert.ok(!r.includes('chat_general:persona'), r.join(' '));
    assert.ok(r.includes('summarize_short:role-summarize'), r.join(' '));
  });

  it('a persona with a task in the user turn of a one-shot prompt is the task, not a chat', () => {
    const r = rules(makeCall({ prompt: [part('user', 'You are an AI assistant who has been tasked with choosing the type of the document: note or code.')] }));
    assert.ok(!r.includes('chat_general:persona'), r.join(' '));
  });
});

describe('category lists', () => {
  it('items on the line after "categories:" are a list', () => {
    const lists = findCategoryLists('Categorize the post into one of the following categories:\nNews, Tips, Tutorial, Poll, Contest\n\ntext:');
    assert.deepEqual(lists[0]?.items, ['News', 'Tips', 'Tutorial', 'Poll', 'Contest']);
  });
});
