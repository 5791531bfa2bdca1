// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import * as core from "@actions/core";
import * as github from "@actions/github";

const anthropic = new Anthropic();

async function main() {
  const octokit = github.getOctokit(core.getInput("token"));
  const pr = github.context.payload.pull_request!;
  const files = await octokit.rest.pulls.listFiles({ ...github.context.repo, pull_number: pr.number });
  for (const f of files.data) {
    if (!f.patch) continue;
    const res = await anthropic.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 1500,
      system: "You are a meticulous code reviewer. For the patch of one file, list concrete problems with line references. Say LGTM if there are none.",
      messages: [{ role: "user", content: `File ${f.filename}\n\n${f.patch}` }],
    });
    const body = res.content[0].type === "text" ? res.content[0].text : "";
    if (!body.includes("LGTM")) {
      await octokit.rest.issues.createComment({ ...github.context.repo, issue_number: pr.number, body });
    }
  }
}

async function flakyTestVerdict(testLog: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 5,
    messages: [{ role: "user", content: `Is this CI test failure FLAKY (timing, network, ordering) or REAL (a code defect)? One word.\n\n${testLog.slice(-3000)}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text.trim() : "REAL";
}

main();
export { flakyTestVerdict };
