// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export interface PlanStep { id: number; action: string; dependsOn: number[] }

export async function planTasks(goal: string, availableActions: string[]): Promise<PlanStep[]> {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    system: `You are a planning module. Break the user's goal into an ordered list of steps the executor can run.
Each step must use one of the available actions. Think about dependencies between steps.
Return a JSON array of {id, action, dependsOn}.`,
    messages: [{ role: "user", content: `Goal: ${goal}\nAvailable actions: ${availableActions.join(", ")}` }],
  });
  return JSON.parse(res.content[0].type === "text" ? res.content[0].text : "[]");
}

export async function nextAction(goal: string, observations: string[]) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 500,
    system:
      "You control a browser automation agent. Given the goal and the observations so far, decide the next action: click, type, navigate, scroll or finish. Reason step by step, then output the action as JSON.",
    messages: [{ role: "user", content: `Goal: ${goal}\n\nObservations:\n${observations.join("\n")}` }],
  });
  return res;
}
