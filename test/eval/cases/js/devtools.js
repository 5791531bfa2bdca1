import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function cronExpression(description) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 30,
    messages: [{ role: "user", content: `Convert to a cron expression (5 fields), output only the expression: ${description}` }],
  });
  return res.content[0].text.trim();
}

export async function shellCommand(task) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 150,
    system: "Translate the request into a single bash command. Output only the command.",
    messages: [{ role: "user", content: task }],
  });
  return res.content[0].text.trim();
}

export async function dataIntegrityCheck(tableSpec) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3000,
    messages: [
      {
        role: "user",
        content: `Write a Python script that reconciles the ledger table against the payments table, detects duplicated or missing transactions, and repairs them inside a single database transaction. Tables:\n${tableSpec}`,
      },
    ],
  });
  return res.content[0].text;
}

export async function prDescription(diff) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    messages: [{ role: "user", content: `Summarize this diff as a short pull request description: a title and 2-4 bullet points.\n\n${diff}` }],
  });
  return res.content[0].text;
}

export async function reviewDockerfile(dockerfile) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1000,
    messages: [{ role: "user", content: `Review this Dockerfile for security and image size problems and suggest fixes:\n\n${dockerfile}` }],
  });
  return res.content[0].text;
}
