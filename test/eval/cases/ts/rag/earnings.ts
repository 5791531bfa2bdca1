// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export async function quarterlyComparison(transcripts: { company: string; quarter: string; text: string }[]) {
  let prompt = "";
  for (const t of transcripts) {
    prompt += `### ${t.company} ${t.quarter}\n${t.text}\n\n`;
  }
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3500,
    system: "You are an equity analyst. Across all the earnings call transcripts provided, compare guidance, margins and risks, and write an analysis highlighting divergences between the companies.",
    messages: [{ role: "user", content: prompt }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function extractGuidance(transcript: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    system: 'Pull the forward guidance numbers out of the transcript. Return JSON: {"revenue": string|null, "eps": string|null, "capex": string|null}.',
    messages: [{ role: "user", content: transcript }],
  });
  return JSON.parse(res.content[0].type === "text" ? res.content[0].text : "{}");
}
