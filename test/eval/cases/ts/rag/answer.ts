// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { searchIndex } from "./search";

const client = new Anthropic();

export async function answerQuestion(question: string) {
  const chunks = await searchIndex(question, { topK: 8 });
  const context = chunks.map((c, i) => `[${i + 1}] ${c.title}\n${c.text}`).join("\n\n---\n\n");
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1500,
    system:
      "Answer the question using only the numbered sources below. Cite sources as [n]. If the sources disagree, say so. If they do not contain the answer, say you don't know.",
    messages: [{ role: "user", content: `Sources:\n${context}\n\nQuestion: ${question}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function rewriteQuery(question: string, lastTurns: string) {
  const res = await client.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 60,
    messages: [
      {
        role: "user",
        content: `Given the conversation so far, extract a standalone search query for the last question. Output only the query.\n\n${lastTurns}\n\nLast question: ${question}`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text.trim() : question;
}
