import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export async function handleRequest(question, results) {
  const excerpts = results.map((r) => `Source: ${r.source}\n${r.excerpt}`).join("\n\n");
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1200,
    messages: [{ role: "user", content: `${excerpts}\n\nUsing these search results, write a well-sourced answer to: ${question}` }],
  });
  return res.content[0].text;
}

export async function dueDiligence(dataRoomFiles) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 4000,
    system: "You are an M&A analyst. Across the data room documents, identify material risks, inconsistencies between documents and items needing follow-up.",
    messages: [{ role: "user", content: dataRoomFiles.map((f) => `=== ${f.name} ===\n${f.text}`).join("\n") }],
  });
  return res.content[0].text;
}

export async function run(text) {
  const res = await anthropic.messages.create({ model: "claude-sonnet-4-6", max_tokens: 1000, messages: [{ role: "user", content: text }] });
  return res.content[0].text;
}

export async function unitConverterCode(spec) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 400,
    messages: [{ role: "user", content: `Write a small JavaScript function for this unit conversion, code only: ${spec}` }],
  });
  return res.content[0].text;
}

export async function reviewConfig(yaml) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1000,
    messages: [{ role: "user", content: `Review this Kubernetes deployment manifest for misconfigurations (resource limits, probes, security context):\n\n${yaml}` }],
  });
  return res.content[0].text;
}
