// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function sqlFromQuestion(question: string, schemaDdl: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    system: "You write PostgreSQL. Given the schema and a question, write one SELECT query that answers it. Output only the SQL, no markdown fences.",
    messages: [{ role: "user", content: `Schema:\n${schemaDdl}\n\nQuestion: ${question}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function generateMigration(currentSchema: string, change: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    system:
      "You are a database engineer. Write a reversible Knex migration (up and down) that applies the requested schema change without losing existing data. Backfill new non-null columns.",
    messages: [{ role: "user", content: `Current schema:\n${currentSchema}\n\nChange: ${change}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function interfaceFromJson(sample: string, name: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 400,
    messages: [{ role: "user", content: `Generate a TypeScript interface named ${name} for this JSON sample. Return only the code.\n\n${sample}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function scaffoldComponent(spec: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 8000,
    system:
      "You are an expert React + TypeScript developer. Implement the component described in the spec, with its props interface, state handling, accessibility attributes, styles as CSS modules, and a Vitest test file. Output each file in a fenced code block preceded by its path.",
    messages: [{ role: "user", content: spec }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
