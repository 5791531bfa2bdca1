// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

const SQL_REVIEW_SYSTEM = `Review the SQL migration for production safety:
locks on large tables, missing indexes for new foreign keys, non-backfilled NOT NULL columns,
destructive changes without a rollback path. Output findings as a Markdown list.`;

export async function reviewMigration(sql: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    system: SQL_REVIEW_SYSTEM,
    messages: [{ role: "user", content: sql }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function complexityHotspots(files: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    messages: [
      {
        role: "user",
        content: `Assess the maintainability of these source files. Identify functions that are too complex, duplicated logic and missing error handling, and propose refactorings.\n\n${files}`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
