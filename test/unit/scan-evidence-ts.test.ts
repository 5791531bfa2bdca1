// Evidence the TypeScript scanner hands to inference on real-shaped code: prompts built by functions, histories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTexts } from '../../src/core/scan/project';
import { inferTaskType } from '../../src/core/infer';

const PROMPTS = `export const TONE = "Answer in plain words.";

export function buildAnswerPrompt(question: string, docs: string[]) {
  const joined = docs.map((d, i) => \`[\${i + 1}] \${d}\`).join("\\n");
  if (!docs.length) {
    return "No sources.";
  }
  return \`Answer the question using only the sources below and cite them as [n].
\${TONE}

Sources:
\${joined}

Question: \${question}\`;
}

export const getSystemPrompt = () => "You route support tickets. Reply with one of: billing, bug, other.";
`;

const ROUTE = `import Anthropic from "@anthropic-ai/sdk";
import { buildAnswerPrompt, getSystemPrompt } from "../llm/prompts";
const client = new Anthropic();

export async function answer(q: string, found: string[]) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 800,
    messages: [{ role: "user", content: buildAnswerPrompt(q, found) }],
  });
  return res;
}

export async function route(ticket: string) {
  return client.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 10,
    system: getSystemPrompt(),
    messages: [{ role: "user", content: ticket }],
  });
}
`;

test('a prompt built by an imported function carries the text that function returns, from where it is written', () => {
  const { calls } = scanTexts({ 'src/llm/prompts.ts': PROMPTS, 'src/api/answer.ts': ROUTE });
  const answer = calls.find((c) => c.enclosingFunction === 'answer')!;
  const user = answer.prompt[0];
  assert.equal(user.role, 'user');
  assert.match(user.text, /Answer the question using only the sources below/);
  assert.match(user.text, /Answer in plain words\./);
  assert.equal(user.file, 'src/llm/prompts.ts');
  assert.equal(user.line, 8);
  assert.equal(user.origin, 'returned by buildAnswerPrompt in src/llm/prompts.ts');
  // Locals read through their initializer; the builder's parameters are named after the arguments at this call.
  assert.deepEqual(user.holes, ['docs.map((d, i) => `[${i + 1}] ${d}`).join("\\n")', 'q']);
  assert.equal(user.dynamicSlots, 2);
  assert.equal(inferTaskType(answer).taskType, 'synthesize_documents');
});

test('a zero-argument prompt getter gives its static text, with no dynamic slot', () => {
  const { calls } = scanTexts({ 'src/llm/prompts.ts': PROMPTS, 'src/api/answer.ts': ROUTE });
  const route = calls.find((c) => c.enclosingFunction === 'route')!;
  const system = route.prompt.find((p) => p.role === 'system')!;
  assert.equal(system.text, 'You route support tickets. Reply with one of: billing, bug, other.');
  assert.equal(system.dynamicSlots, 0);
  assert.equal(system.origin, 'returned by getSystemPrompt in src/llm/prompts.ts');
  assert.equal(inferTaskType(route).taskType, 'classify_intent');
});

test('a local builder in the same file is read too, and a Vercel system prompt from it', () => {
  const text = `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";

function summaryPrompt(n: number) {
  return "Summarize the text in " + n + " bullets. TL;DR first.";
}

export async function digest(body: string) {
  const { text } = await generateText({ model: anthropic("claude-haiku-4-5"), system: summaryPrompt(3), prompt: body });
  return text;
}
`;
  const { calls } = scanTexts({ 'src/digest.ts': text });
  const system = calls[0].prompt.find((p) => p.role === 'system')!;
  // The builder is read with the caller's arguments: a literal argument is part of the prompt the model receives.
  assert.equal(system.text, 'Summarize the text in 3 bullets. TL;DR first.');
  assert.equal(system.line, 5);
  assert.equal(system.origin, 'returned by summaryPrompt in src/digest.ts');
  assert.equal(system.holes, undefined);
  assert.equal(inferTaskType(calls[0]).taskType, 'summarize_short');
});

test('messages kept on a session, a conversation or the instance are a message history, LangChain included', () => {
  const text = `import Anthropic from "@anthropic-ai/sdk";
import { ChatAnthropic } from "@langchain/anthropic";
const client = new Anthropic();
const llm = new ChatAnthropic({ model: "claude-sonnet-4-5" });

export class Bot {
  private history: Anthropic.MessageParam[] = [];
  async respond(text: string) {
    this.history.push({ role: "user", content: text });
    return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, messages: this.history });
  }
  async viaSession(session: { messages: Anthropic.MessageParam[] }) {
    return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, messages: session.messages });
  }
  async viaConversation(conversation: { getMessages(): Anthropic.MessageParam[] }) {
    return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 500, messages: conversation.getMessages() });
  }
  async lc() {
    return llm.invoke(this.history);
  }
}
`;
  const { calls } = scanTexts({ 'src/bot.ts': text });
  assert.equal(calls.length, 4);
  for (const c of calls) assert.ok(c.signals.some((s) => s.kind === 'message-history'), `${c.enclosingFunction}: ${c.signals.map((s) => s.kind).join(',')}`);
  const respond = calls.find((c) => c.enclosingFunction === 'Bot.respond')!;
  assert.equal(respond.prompt[0].origin, 'messages from this.history');
  assert.equal(respond.prompt[0].line, 10);
});

test('a document editor whose system prompt comes from a builder reads as writing, not unknown', () => {
  const prompts = `export const editPrompt = (current: string | null) => {
  const kind = "document";
  return \`Improve the following contents of the \${kind} based on the given prompt.

\${current}\`;
};
`;
  const server = `import { streamText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
import { editPrompt } from "../lib/prompts";

export async function onUpdate(doc: { content: string }, description: string) {
  const { fullStream } = streamText({ model: anthropic("claude-sonnet-4-5"), system: editPrompt(doc.content), prompt: description });
  return fullStream;
}

export async function onCreate(title: string) {
  const { fullStream } = streamText({ model: anthropic("claude-sonnet-4-5"), system: "Write about the given topic. Markdown is supported.", prompt: title });
  return fullStream;
}
`;
  const { calls } = scanTexts({ 'lib/prompts.ts': prompts, 'editor/server.ts': server });
  const update = calls.find((c) => c.enclosingFunction === 'onUpdate')!;
  const system = update.prompt.find((p) => p.role === 'system')!;
  assert.equal(system.text, 'Improve the following contents of the document based on the given prompt.\n\n');
  assert.deepEqual(system.holes, ['doc.content']);
  assert.equal(inferTaskType(update).taskType, 'draft_long_form');
  assert.equal(inferTaskType(calls.find((c) => c.enclosingFunction === 'onCreate')!).taskType, 'draft_long_form');
});

test('a Vercel result merged into a UI message stream is streamed to the response', () => {
  const text = `import { createUIMessageStream, createUIMessageStreamResponse, streamText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";

export async function POST(req: Request) {
  const { messages } = await req.json();
  const stream = createUIMessageStream({
    execute: async ({ writer }) => {
      const result = streamText({ model: anthropic("claude-sonnet-4-5"), system: "You are Pip, a friendly assistant.", messages });
      writer.merge(result.toUIMessageStream());
    },
  });
  return new Response("ok");
}
`;
  const { calls } = scanTexts({ 'app/api/chat/route.ts': text });
  assert.ok(calls[0].signals.some((s) => s.kind === 'streams-to-response'), calls[0].signals.map((s) => s.kind).join(','));
});

test('a method of the same class that builds the prompt (this.buildPrompt(diff)) is read, and a local template const too', () => {
  const text = `import OpenAI from "openai";
const openai = new OpenAI();

export class Reviewer {
  private buildPrompt(diff: string) {
    return \`Review this pull request diff. Point out bugs and security issues.

\${diff}\`;
  }

  async review(patch: string) {
    return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: this.buildPrompt(patch) }] });
  }

  async title(body: string) {
    const instructions = \`Summarize the text below as a one-line title.\\n\\n\${body}\`;
    return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: instructions }] });
  }
}
`;
  const { calls } = scanTexts({ 'src/reviewer.ts': text });
  const review = calls.find((c) => c.enclosingFunction === 'Reviewer.review')!;
  assert.equal(review.prompt[0].origin, 'returned by Reviewer.buildPrompt in src/reviewer.ts');
  assert.deepEqual(review.prompt[0].holes, ['patch']);
  assert.equal(inferTaskType(review).taskType, 'review_code');
  const title = calls.find((c) => c.enclosingFunction === 'Reviewer.title')!;
  assert.match(title.prompt[0].text, /^Summarize the text below as a one-line title\./);
  assert.equal(title.prompt[0].origin, 'const instructions');
});
