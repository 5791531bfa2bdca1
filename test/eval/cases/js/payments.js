const Anthropic = require("@anthropic-ai/sdk");

const client = new Anthropic();

async function generateStripeWebhookHandler(events) {
  const res = await client.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 1500,
    system: "Write an Express route that verifies the Stripe webhook signature and handles the listed payment events idempotently (invoice.paid, charge.refunded, …). Return only code.",
    messages: [{ role: "user", content: `Events to handle: ${events.join(", ")}` }],
  });
  return res.content[0].text;
}

async function generateAuthMiddleware(framework) {
  const res = await client.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 1000,
    messages: [
      {
        role: "user",
        content: `Generate ${framework} middleware that validates a JWT from the Authorization header, checks the expiry and the user's role, and rejects the request with 401/403. Password reset tokens must be rejected. Code only.`,
      },
    ],
  });
  return res.content[0].text;
}

async function refundEligibility(orderJson, customerMessage) {
  const res = await client.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 10,
    system:
      "Decide if the order qualifies for an automatic refund under our policy. Answer REFUND, ESCALATE or DENY. A REFUND answer issues the refund immediately, without human review.",
    messages: [{ role: "user", content: `${orderJson}\n\nCustomer: ${customerMessage}` }],
  });
  const decision = res.content[0].text.trim();
  if (decision === "REFUND") await issueRefund(JSON.parse(orderJson).id);
  return decision;
}

async function issueRefund(_id) {}

module.exports = { generateStripeWebhookHandler, generateAuthMiddleware, refundEligibility };
