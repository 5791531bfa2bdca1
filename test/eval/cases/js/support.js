const Anthropic = require("@anthropic-ai/sdk");

const anthropic = new Anthropic();

async function answerFromPolicies(question, policies) {
  const block = policies.map((p) => `<policy name="${p.name}">\n${p.text}\n</policy>`).join("\n");
  const r = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 800,
    system: "Answer the employee's HR question using the company policies provided. Quote the relevant policy sections and reconcile them if they overlap.",
    messages: [{ role: "user", content: `${block}\n\nQuestion: ${question}` }],
  });
  return r.content[0].text;
}

async function supportChat(history, userMessage) {
  const r = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 700,
    system: "You are the in-app assistant of a budgeting app. Be helpful and conversational.",
    messages: [...history, { role: "user", content: userMessage }],
  });
  return r.content[0].text;
}

async function routeEscalation(ticket) {
  const r = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 10,
    system: 'Does this ticket need a human? Answer "escalate" or "auto".',
    messages: [{ role: "user", content: ticket }],
  });
  return r.content[0].text.trim() === "escalate";
}

module.exports = { answerFromPolicies, supportChat, routeEscalation };
