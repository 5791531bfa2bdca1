// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { readFileSync } from "node:fs";

const client = new Anthropic();

interface Case { id: string; prompt: string; expected: string }

export async function runSuite(path: string, model: string) {
  const cases: Case[] = JSON.parse(readFileSync(path, "utf8"));
  const results = [];
  for (const c of cases) {
    const res = await client.messages.create({
      model,
      max_tokens: 1024,
      messages: [{ role: "user", content: c.prompt }],
    });
    results.push({ id: c.id, output: res.content[0].type === "text" ? res.content[0].text : "" });
  }
  return results;
}
