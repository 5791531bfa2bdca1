// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { lookupOrder, issueRefund, cancelSubscription } from "../billing/ops";

const anthropic = new Anthropic();

const AGENT_TOOLS: Anthropic.Tool[] = [
  { name: "lookup_order", description: "Look up an order by id", input_schema: { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] } },
  { name: "issue_refund", description: "Refund an order to the original payment method", input_schema: { type: "object", properties: { orderId: { type: "string" }, amount: { type: "number" } }, required: ["orderId"] } },
  { name: "cancel_subscription", description: "Cancel the customer's subscription immediately", input_schema: { type: "object", properties: { customerId: { type: "string" } }, required: ["customerId"] } },
];

const handlers: Record<string, (input: any) => Promise<unknown>> = {
  lookup_order: (i) => lookupOrder(i.orderId),
  issue_refund: (i) => issueRefund(i.orderId, i.amount),
  cancel_subscription: (i) => cancelSubscription(i.customerId),
};

export async function resolveTicket(ticketText: string) {
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: ticketText }];
  while (true) {
    const res = await anthropic.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 1024,
      system: "You resolve customer tickets end to end using the tools. Follow the refund policy strictly.",
      tools: AGENT_TOOLS,
      messages,
    });
    if (res.stop_reason !== "tool_use") return res;
    messages.push({ role: "assistant", content: res.content });
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of res.content) {
      if (block.type === "tool_use") {
        const output = await handlers[block.name](block.input);
        results.push({ type: "tool_result", tool_use_id: block.id, content: JSON.stringify(output) });
      }
    }
    messages.push({ role: "user", content: results });
  }
}
