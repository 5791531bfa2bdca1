// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { vectorStore } from "./vectorStore";

const client = new Anthropic();

const KB_SYSTEM = `You are the Acme help center assistant. Use the retrieved help articles to answer.
Combine information from several articles when needed and link each article you used.`;

export async function helpCenterAnswer(query: string) {
  const hits = await vectorStore.similaritySearch(query, 6);
  const articles = hits.map((h) => `<article url="${h.metadata.url}">${h.pageContent}</article>`).join("\n");
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1000,
    system: KB_SYSTEM,
    messages: [{ role: "user", content: `${articles}\n\n${query}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function isAnswerable(query: string, snippet: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3,
    messages: [{ role: "user", content: `Does the snippet answer the question? Reply Y or N.\nQuestion: ${query}\nSnippet: ${snippet}` }],
  });
  return (res.content[0].type === "text" ? res.content[0].text : "N").startsWith("Y");
}
