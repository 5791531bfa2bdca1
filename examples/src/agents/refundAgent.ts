import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

const tools: Anthropic.Tool[] = [
  {
    name: "lookup_order",
    description: "Look up an order by id",
    input_schema: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
  },
  {
    name: "issue_refund",
    description: "Refund an order to the customer's card. Irreversible.",
    input_schema: {
      type: "object",
      properties: { order_id: { type: "string" }, amount_cents: { type: "integer" } },
      required: ["order_id", "amount_cents"],
    },
  },
];

export async function runRefundAgent(request: string, runTool: (name: string, input: unknown) => Promise<string>) {
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: request }];
  for (let step = 0; step < 8; step++) {
    // tierwise: calls=200/day
    const response = await anthropic.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 1024,
      system: "You are a refund agent. Plan the steps, use the tools, and stop when the request is resolved.",
      tools,
      messages,
    });
    messages.push({ role: "assistant", content: response.content });
    if (response.stop_reason !== "tool_use") return response;
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of response.content) {
      if (block.type === "tool_use") {
        results.push({ type: "tool_result", tool_use_id: block.id, content: await runTool(block.name, block.input) });
      }
    }
    messages.push({ role: "user", content: results });
  }
  return null;
}
