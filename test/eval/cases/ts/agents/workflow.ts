// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

const ROUTER_TOOLS: Anthropic.Tool[] = [
  {
    name: "choose_route",
    description: "Pick the workflow that handles the request",
    input_schema: {
      type: "object",
      properties: { route: { type: "string", enum: ["refund", "shipping", "warranty", "product_question", "complaint"] } },
      required: ["route"],
    },
  },
];

export async function routeRequest(text: string) {
  const msg = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 100,
    tools: ROUTER_TOOLS,
    tool_choice: { type: "tool", name: "choose_route" },
    messages: [{ role: "user", content: text }],
  });
  const use = msg.content.find((b) => b.type === "tool_use");
  return (use?.input as { route: string }).route;
}

export async function decomposeProject(brief: string) {
  const msg = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3000,
    system:
      "You are the planner of a multi-agent system. Decompose the project brief into subtasks, assign each to one of the worker agents (researcher, writer, coder, reviewer), and specify the order and hand-offs. Output a JSON plan.",
    messages: [{ role: "user", content: brief }],
  });
  return JSON.parse(msg.content[0].type === "text" ? msg.content[0].text : "{}");
}
