const Anthropic = require("@anthropic-ai/sdk");
const fs = require("node:fs/promises");
const { execSync } = require("node:child_process");

const client = new Anthropic();

const tools = [
  { name: "read_file", description: "Read a file from the repository", input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  { name: "write_file", description: "Overwrite a file in the repository", input_schema: { type: "object", properties: { path: { type: "string" }, content: { type: "string" } }, required: ["path", "content"] } },
  { name: "run_tests", description: "Run the test suite and return the output", input_schema: { type: "object", properties: {} } },
];

async function executeTool(name, input) {
  if (name === "read_file") return fs.readFile(input.path, "utf8");
  if (name === "write_file") { await fs.writeFile(input.path, input.content); return "written"; }
  return execSync("npm test", { encoding: "utf8" });
}

async function codingAgent(task) {
  const messages = [{ role: "user", content: task }];
  let response;
  do {
    response = await client.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 4096,
      system: "You are a coding agent working in a Node.js repository. Plan the change, edit files with the tools, and run the tests until they pass.",
      tools,
      messages,
    });
    messages.push({ role: "assistant", content: response.content });
    const toolUses = response.content.filter((b) => b.type === "tool_use");
    const results = [];
    for (const use of toolUses) {
      results.push({ type: "tool_result", tool_use_id: use.id, content: String(await executeTool(use.name, use.input)) });
    }
    if (results.length) messages.push({ role: "user", content: results });
  } while (response.stop_reason === "tool_use");
  return response;
}

module.exports = { codingAgent };
