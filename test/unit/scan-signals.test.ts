import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTexts } from '../../src/core/scan/project';

const kinds = (src: string) => {
  const { calls } = scanTexts({ 'src/a.ts': src });
  assert.equal(calls.length, 1);
  return calls[0].signals.map((s) => s.kind);
};

// Found on a real Next.js chat app: stream parts were read as "the output compared to labels",
// which made three document generators look like classifiers.
test('checking the type of stream parts is not comparing the output to labels', () => {
  const src = `import { streamObject } from "ai";
import { z } from "zod";
export async function writeSnippet(title: string, model: any) {
  let draft = "";
  const { fullStream } = streamObject({ model, system: "Write a runnable Python snippet.", prompt: title, schema: z.object({ code: z.string() }) });
  for await (const delta of fullStream) {
    const { type } = delta;
    if (type === "object") draft = delta.object.code ?? draft;
    if (delta.type === "error") throw new Error("stream failed");
  }
  return draft;
}`;
  assert.ok(!kinds(src).includes('enum-compare'));
});

test('comparing the output text to a label still counts', () => {
  const src = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function route(ticket: string) {
  const res = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: ticket }] });
  const label = res.content[0].type === "text" ? res.content[0].text.trim() : "";
  if (label === "billing") return 1;
  return 0;
}`;
  assert.ok(kinds(src).includes('enum-compare'));
});

// Found on two real apps (blind batch D): a memory writer testing for an empty answer and a title writer testing the
// answer's type were read as classifiers, and the memory writer, a job a reviewer keeps on Sonnet, was put on Haiku.
test('testing the output for an empty answer or its type is not comparing it to labels', () => {
  const src = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function rewriteNotes(notes: string) {
  const res = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 2000, messages: [{ role: "user", content: "Rewrite these saved notes, merging duplicates:\\n" + notes }] });
  const text = res.content[0].type === "text" ? res.content[0].text : "";
  if (text.trim() === "") return notes;
  if (typeof text !== "string") return notes;
  return text;
}`;
  assert.ok(!kinds(src).includes('enum-compare'), JSON.stringify(kinds(src)));
});
