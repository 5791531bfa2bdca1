// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { Octokit } from "@octokit/rest";

const anthropic = new Anthropic();
const octokit = new Octokit();

export async function reviewPullRequest(owner: string, repo: string, pull_number: number) {
  const { data: diff } = await octokit.pulls.get({ owner, repo, pull_number, mediaType: { format: "diff" } });
  const review = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3000,
    system: "Review this pull request diff. Report correctness bugs, race conditions, and security issues first, then style. Be specific: quote the changed line.",
    messages: [{ role: "user", content: String(diff) }],
  });
  return review.content[0].type === "text" ? review.content[0].text : "";
}

export async function explainStackTrace(trace: string, sourceSnippet: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1500,
    messages: [
      {
        role: "user",
        content: `Here is a stack trace from production and the code around the failing frame. Explain the most likely root cause and what to change.\n\nStack trace:\n${trace}\n\nCode:\n${sourceSnippet}`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function commitMessage(stagedDiff: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 100,
    system: "Summarize the staged diff as a conventional commit message: one subject line under 72 characters, no body.",
    messages: [{ role: "user", content: stagedDiff }],
  });
  return res.content[0].type === "text" ? res.content[0].text.trim() : "chore: update";
}

export async function securityAudit(fileContents: string, path: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2048,
    system:
      "You are an application security reviewer. Audit the source file for injection, authentication and authorization flaws, unsafe deserialization and secrets in code. Rate each finding low/medium/high.",
    messages: [{ role: "user", content: `File: ${path}\n\n${fileContents}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
