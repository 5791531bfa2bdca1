import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function fixBug(code, errorMessage) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    system: "Fix the bug in the function so the error no longer happens. Return the corrected function only.",
    messages: [{ role: "user", content: `Error:\n${errorMessage}\n\nCode:\n${code}` }],
  });
  return msg.content[0].text;
}

export async function reviewDiff(diff) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2500,
    messages: [
      {
        role: "user",
        content: `You are reviewing a merge request. Comment on each hunk of the diff that has a problem: logic errors, missing null checks, performance regressions.\n\n${diff}`,
      },
    ],
  });
  return msg.content[0].text;
}

export async function docstring(fnSource) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 250,
    messages: [{ role: "user", content: `Write a JSDoc comment for this function. Output only the comment block.\n\n${fnSource}` }],
  });
  return msg.content[0].text;
}

export async function convertToTypescript(jsSource) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 8192,
    messages: [{ role: "user", content: `Convert this JavaScript module to idiomatic TypeScript with strict types. Keep behaviour identical. Return the full file.\n\n${jsSource}` }],
  });
  return msg.content[0].text;
}

export async function explainCode(snippet) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1200,
    messages: [{ role: "user", content: `Walk through what this code does, step by step, and point out anything that looks like a bug or a code smell.\n\n\`\`\`\n${snippet}\n\`\`\`` }],
  });
  return msg.content[0].text;
}
