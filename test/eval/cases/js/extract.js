import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

const ADDRESS_TOOL = {
  name: "save_address",
  description: "Save a normalized postal address",
  input_schema: {
    type: "object",
    properties: {
      street: { type: "string" },
      city: { type: "string" },
      postalCode: { type: "string" },
      country: { type: "string", description: "ISO 3166-1 alpha-2" },
    },
    required: ["street", "city", "country"],
  },
};

export async function normalizeAddress(freeText) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 200,
    tools: [ADDRESS_TOOL],
    tool_choice: { type: "tool", name: "save_address" },
    messages: [{ role: "user", content: freeText }],
  });
  return res.content.find((b) => b.type === "tool_use")?.input;
}

export async function leaseTerms(leaseText) {
  const res = await anthropic.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 600,
    system: "Extract from the residential lease agreement: monthly rent, deposit, lease start and end dates, notice period, pet clause, and any early-termination penalty. JSON only.",
    messages: [{ role: "user", content: leaseText }],
  });
  return JSON.parse(res.content[0].text);
}

export async function invoiceLines(ocrText) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1000,
    system: "Parse the invoice text into line items. Return a JSON array of {description, quantity, unitPrice, total}. Numbers as numbers.",
    messages: [{ role: "user", content: ocrText }],
  });
  return JSON.parse(res.content[0].text);
}
