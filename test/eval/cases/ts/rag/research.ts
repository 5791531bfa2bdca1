// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

interface Source { url: string; content: string }

export async function buildBriefing(topic: string, sources: Source[]) {
  const documents = sources.map((s) => `<document source="${s.url}">\n${s.content}\n</document>`).join("\n");
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3000,
    messages: [
      {
        role: "user",
        content: `${documents}\n\nUsing the documents above, write a research briefing on "${topic}": the main findings, where the sources agree and disagree, open questions, and a list of the sources you relied on.`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function themesFromReviews(reviews: string[]) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1200,
    system:
      "You analyze customer feedback. Read all of the reviews and identify the recurring themes across them, with how often each appears and a representative quote.",
    messages: [{ role: "user", content: reviews.map((r, i) => `Review ${i + 1}: ${r}`).join("\n") }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function keyQuote(article: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 120,
    messages: [{ role: "user", content: `Return the single most quotable sentence from this article, verbatim.\n\n${article}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
