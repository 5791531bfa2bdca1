// Prompt text the TypeScript scanner hands to inference from shapes met in public code: a prompt passed
// through a trimming helper, a system prompt that is a destructuring default, and messages a caller may
// append after the request's own user turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTexts } from '../../src/core/scan/project';

test('a prompt passed through a helper (trimPrompt(`…`)) keeps its static text and holes', () => {
  const text = `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { shorten } from "./util";
export async function digest(topic: string, notes: string[]) {
  return generateText({
    model: openai("gpt-4o-mini"),
    prompt: shorten(\`Write a final report on \${topic} using the notes below.\\n\${notes.join("\\n")}\`, 20000),
  });
}
`;
  const { calls } = scanTexts({ 'src/report.ts': text });
  const [p] = calls[0].prompt;
  assert.equal(p.text, 'Write a final report on  using the notes below.\n');
  assert.deepEqual(p.holes, ['topic', 'notes.join("\\n")']);
  assert.equal(p.origin, 'passed through shorten()');
});

test('a system prompt that is the default of a destructured option is read through its default', () => {
  const text = `import { generateText } from "ai";
const DEFAULT_SYSTEM = "You read invoices. Extract the supplier, the total and the due date.";
export async function readInvoice(model: any, page: string, options?: { system?: string }) {
  const { system = DEFAULT_SYSTEM, ...rest } = options || {};
  return generateText({ model, system, prompt: page, ...rest });
}
`;
  const { calls } = scanTexts({ 'src/invoice.ts': text });
  const system = calls[0].prompt.find((p) => p.role === 'system');
  assert.equal(system?.text, 'You read invoices. Extract the supplier, the total and the due date.');
});

test('messages spread in after the user turn are not a conversation history; before it they are', () => {
  const text = `import { generateText } from "ai";
export async function scrape(model: any, page: string, options?: { messages?: any[] }) {
  const { messages: extra } = options || {};
  return generateText({ model, messages: [{ role: "user", content: page }, ...(extra || [])] });
}
export async function reply(model: any, history: any[], question: string) {
  return generateText({ model, messages: [...history, { role: "user", content: question }] });
}
`;
  const { calls } = scanTexts({ 'src/both.ts': text });
  const scrape = calls.find((c) => c.enclosingFunction === 'scrape')!;
  const reply = calls.find((c) => c.enclosingFunction === 'reply')!;
  assert.ok(!scrape.signals.some((s) => s.kind === 'message-history'), JSON.stringify(scrape.signals));
  assert.ok(scrape.prompt.some((p) => p.origin.startsWith('appended ')));
  assert.ok(reply.signals.some((s) => s.kind === 'message-history'));
});

test('a short `let` given another value later is a hole in a built prompt, not its first value', () => {
  const text = `import { generateText } from "ai";
function revisePrompt(content: string, kind: string) {
  let noun = "essay";
  if (kind === "code") noun = "code snippet";
  let prompt = \`Improve the following \${noun}. Keep its meaning.\`;
  prompt += \`\\n\\n\${content}\`;
  return prompt;
}
export async function revise(model: any, content: string) {
  return generateText({ model, system: revisePrompt(content, "code"), prompt: "Go." });
}
`;
  const { calls } = scanTexts({ 'src/revise.ts': text });
  const system = calls[0].prompt.find((p) => p.role === 'system')!;
  // The prompt grown with `+=` keeps what was added (the content, a hole).
  assert.equal(system.text, 'Improve the following . Keep its meaning.\n\n');
  assert.deepEqual(system.holes, ['noun', 'content']);
});

test('a template filled in with .replace() (chained too) keeps its static text; the filled values are holes', () => {
  const text = `import { ChatOpenAI } from "@langchain/openai";
const ROUTER_PROMPT = \`Decide whether the message below needs a web search. Answer true or false.
<message>{message}</message>
<date>{date}</date>\`;
export async function needsSearch(message: string) {
  const model = new ChatOpenAI({ model: "gpt-4o-mini" });
  const prompt = ROUTER_PROMPT.replace("{message}", message).replace("{date}", new Date().toISOString());
  return model.invoke([["user", prompt]]);
}
`;
  const { calls } = scanTexts({ 'src/router.ts': text });
  const [p] = calls[0].prompt;
  assert.match(p.text, /^Decide whether the message below needs a web search/);
  assert.deepEqual(p.holes, ['message', 'new Date().toISOString()']);
  assert.equal(p.origin, 'ROUTER_PROMPT.replace()');
});

test('a join inside a callback argument (onFinish) is not documents joined into the prompt', () => {
  const text = `import { streamObject } from "ai";
export async function quiz(model: any, schema: any, file: string) {
  return streamObject({
    model,
    schema,
    messages: [{ role: "user", content: "Make a short quiz from this file: " + file }],
    onFinish: ({ error }: any) => { if (error) throw new Error(error.issues.map((i: any) => i.message).join("\\n")); },
  });
}
`;
  const { calls } = scanTexts({ 'src/quiz.ts': text });
  assert.ok(!calls[0].signals.some((s) => s.kind === 'documents-joined'), JSON.stringify(calls[0].signals));
});

test('a builder that returns { system, user } hands each part over where it is used', () => {
  const text = `import { generateObject } from "ai";
import { openai } from "@ai-sdk/openai";
function getGatePrompt(question: string) {
  return {
    system: \`You decide which checks an answer to a question needs. Pick from: freshness, plurality, completeness.\`,
    user: \`Question: \${question}\`,
  };
}
export async function gate(question: string, schema: any) {
  const prompt = getGatePrompt(question);
  return generateObject({ model: openai("gpt-4o-mini"), schema, system: prompt.system, prompt: prompt.user });
}
`;
  const { calls } = scanTexts({ 'src/gate.ts': text });
  const [system, user] = calls[0].prompt;
  assert.equal(system.role, 'system');
  assert.match(system.text, /^You decide which checks an answer to a question needs/);
  assert.equal(user.text, 'Question: ');
  assert.deepEqual(user.holes, ['question']);
});
