import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

const orderTool: Anthropic.Tool = {
  name: "record_order_details",
  description: "Record the order details mentioned in a customer email.",
  input_schema: {
    type: "object",
    properties: {
      order_id: { type: "string", description: "The order number, e.g. A-10293" },
      product: { type: "string" },
      quantity: { type: "integer" },
      issue: { type: "string", enum: ["damaged", "missing", "late", "wrong_item", "other"] },
    },
    required: ["order_id", "issue"],
  },
};

export async function extractOrderDetails(email: string) {
  const response = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    system: "Extract the order details from the customer's email. Use the tool; do not answer in prose.",
    tools: [orderTool],
    tool_choice: { type: "tool", name: "record_order_details" },
    messages: [{ role: "user", content: `Email:\n${email}` }],
  }); // tierwise: calls=8000/day
  const toolUse = response.content.find((b) => b.type === "tool_use");
  return toolUse?.type === "tool_use" ? toolUse.input : null;
}
