// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

// Named "summarize" for historical reasons: it now only tags the article.
export async function summarize(article: string): Promise<"politics" | "sports" | "business" | "tech" | "culture"> {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 8,
    system: "Which section does this article belong in? Choose one of: politics, sports, business, tech, culture. Reply with the section name only.",
    messages: [{ role: "user", content: article }],
  });
  const section = res.content[0].type === "text" ? res.content[0].text.trim() : "culture";
  if (["politics", "sports", "business", "tech", "culture"].includes(section)) return section as any;
  return "culture";
}

export async function generateReport(rows: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 500,
    system: "For each line of the CSV export, pull out the company name, the country and the contract value in USD. Respond with a JSON array of objects {company, country, valueUsd}.",
    messages: [{ role: "user", content: rows }],
  });
  return JSON.parse(res.content[0].type === "text" ? res.content[0].text : "[]");
}

export async function chat(diff: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    messages: [{ role: "user", content: `Can you look over this patch and tell me if anything is wrong with it before I merge?\n\n${diff}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function classifyDocuments(docs: { id: string; text: string }[], question: string) {
  const body = docs.map((d) => `## ${d.id}\n${d.text}`).join("\n\n");
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2500,
    messages: [{ role: "user", content: `Read these internal policy documents and answer, with references to the document ids: ${question}\n\n${body}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
