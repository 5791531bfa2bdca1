const Anthropic = require("@anthropic-ai/sdk");

const client = new Anthropic();

const PLANNER = `You are the orchestrator of an autonomous assistant.
Given the user's objective and the list of tools, produce a step-by-step plan.
For every step say which tool to call, with which arguments, and what to check before moving on.
Re-plan if a previous step failed.`;

async function makePlan(objective, toolNames, failedSteps = []) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2500,
    system: PLANNER,
    messages: [{ role: "user", content: `Objective: ${objective}\nTools: ${toolNames.join(", ")}\nFailed steps so far: ${JSON.stringify(failedSteps)}` }],
  });
  return JSON.parse(res.content[0].text);
}

async function reflect(stepResult) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 400,
    system: "You supervise an agent. Given the result of the last step, decide whether to continue, retry the step, or re-plan. Answer with JSON {decision, reason}.",
    messages: [{ role: "user", content: JSON.stringify(stepResult) }],
  });
  return JSON.parse(res.content[0].text);
}

module.exports = { makePlan, reflect };
