const Anthropic = require("@anthropic-ai/sdk");

const client = new Anthropic();

async function summarizeEmail(email) {
  const r = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 100,
    messages: [{ role: "user", content: `Summarize this email in one sentence:\n\n${email}` }],
  });
  return r.content[0].text;
}

async function callNotes(transcript) {
  const r = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 400,
    system: "You write concise sales call notes: customer needs, objections, next steps. Maximum 6 bullets.",
    messages: [{ role: "user", content: transcript }],
  });
  return r.content[0].text;
}

async function incidentSummaryForApproval(incidentLog) {
  const r = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    system: "Summarize the incident in 5 bullets. The change advisory board uses this summary to approve or reject the emergency production change.",
    messages: [{ role: "user", content: incidentLog }],
  });
  return r.content[0].text;
}

async function productReviewsTldr(reviews) {
  const r = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 80,
    messages: [{ role: "user", content: `In one short sentence, what do these reviews of the product say overall? ${reviews}` }],
  });
  return r.content[0].text;
}

module.exports = { summarizeEmail, callNotes, incidentSummaryForApproval, productReviewsTldr };
