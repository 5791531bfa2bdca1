#!/usr/bin/env node
const Anthropic = require("@anthropic-ai/sdk");
const readline = require("node:readline/promises");

const client = new Anthropic();

async function main() {
  const prompt = process.argv.slice(2).join(" ") || (await readline.createInterface({ input: process.stdin }).question("> "));
  const msg = await client.messages.create({
    model: process.env.MODEL || "claude-sonnet-4-6",
    max_tokens: 2048,
    messages: [{ role: "user", content: prompt }],
  });
  console.log(msg.content[0].text);
}

async function batchFromCsv(rows) {
  const out = [];
  for (const row of rows) {
    const msg = await client.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 512,
      system: row.system,
      messages: [{ role: "user", content: row.input }],
    });
    out.push(msg.content[0].text);
  }
  return out;
}

main();
module.exports = { batchFromCsv };
