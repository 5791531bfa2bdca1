// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { INTENT_PROMPT, PRODUCT_FACTS_PROMPT, CHANGELOG_PROMPT, REVIEW_PROMPT, DIGEST_PROMPT } from "../llm/prompts";

const client = new Anthropic();
const MODEL = "claude-sonnet-4-6";

export async function onIncomingMessage(text: string) {
  const res = await client.messages.create({
    model: MODEL,
    max_tokens: 16,
    system: INTENT_PROMPT,
    messages: [{ role: "user", content: text }],
  });
  const intent = res.content[0].type === "text" ? res.content[0].text.trim() : "other";
  return intent;
}

export async function importProduct(description: string) {
  const res = await client.messages.create({
    model: MODEL,
    max_tokens: 400,
    system: PRODUCT_FACTS_PROMPT,
    messages: [{ role: "user", content: description }],
  });
  const product = JSON.parse(res.content[0].type === "text" ? res.content[0].text : "{}");
  return product;
}

export async function buildReleaseNotes(prTitles: string[]) {
  const res = await client.messages.create({
    model: MODEL,
    max_tokens: 2000,
    system: CHANGELOG_PROMPT,
    messages: [{ role: "user", content: prTitles.map((t) => `- ${t}`).join("\n") }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function handleWebhook(payload: { diff: string; prNumber: number }) {
  const res = await client.messages.create({
    model: MODEL,
    max_tokens: 4096,
    system: REVIEW_PROMPT,
    messages: [{ role: "user", content: payload.diff }],
  });
  return res.content;
}

export async function digest(issueHtml: string) {
  const res = await client.messages.create({
    model: MODEL,
    max_tokens: 150,
    messages: [{ role: "user", content: `${DIGEST_PROMPT}\n\n${issueHtml}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
