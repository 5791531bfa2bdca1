import Anthropic from "@anthropic-ai/sdk";
import { Octokit } from "@octokit/rest";

const anthropic = new Anthropic();
const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });

const tools = [
  { name: "list_issues", description: "List open issues", input_schema: { type: "object", properties: { repo: { type: "string" } } } },
  { name: "close_issue", description: "Close an issue", input_schema: { type: "object", properties: { repo: { type: "string" }, number: { type: "integer" } } } },
  { name: "delete_branch", description: "Delete a git branch", input_schema: { type: "object", properties: { repo: { type: "string" }, branch: { type: "string" } } } },
  { name: "merge_pull_request", description: "Merge a pull request", input_schema: { type: "object", properties: { repo: { type: "string" }, number: { type: "integer" } } } },
];

export async function maintainerBot(instruction) {
  const messages = [{ role: "user", content: instruction }];
  let res;
  while ((res = await anthropic.messages.create({ model: "claude-sonnet-4-6", max_tokens: 2048, tools, messages })).stop_reason === "tool_use") {
    messages.push({ role: "assistant", content: res.content });
    const use = res.content.find((b) => b.type === "tool_use");
    const output = await dispatch(use.name, use.input);
    messages.push({ role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: JSON.stringify(output) }] });
  }
  return res;
}

async function dispatch(name, input) {
  const [owner, repo] = input.repo.split("/");
  if (name === "list_issues") return (await octokit.issues.listForRepo({ owner, repo })).data.map((i) => i.title);
  if (name === "close_issue") return octokit.issues.update({ owner, repo, issue_number: input.number, state: "closed" });
  if (name === "delete_branch") return octokit.git.deleteRef({ owner, repo, ref: `heads/${input.branch}` });
  return octokit.pulls.merge({ owner, repo, pull_number: input.number });
}
