// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

const MEDICATION_TOOL = {
  name: "record_medications",
  description: "Record the medications mentioned in a clinical note",
  input_schema: {
    type: "object",
    properties: {
      medications: {
        type: "array",
        items: {
          type: "object",
          properties: {
            name: { type: "string" },
            dose: { type: "string" },
            route: { type: "string" },
            frequency: { type: "string" },
          },
          required: ["name"],
        },
      },
    },
    required: ["medications"],
  },
};

export async function medicationsFromNote(note: string) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1024,
    tools: [MEDICATION_TOOL],
    tool_choice: { type: "tool", name: "record_medications" },
    messages: [{ role: "user", content: `Clinical note:\n${note}` }],
  });
  const block = msg.content.find((b) => b.type === "tool_use");
  return block?.input;
}

export async function visitSummaryForTriage(visitTranscript: string) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    system:
      "Summarize the patient's symptoms, their duration and any red flags in at most 5 bullet points. The nurse uses this summary to decide whether the patient needs an urgent appointment.",
    messages: [{ role: "user", content: visitTranscript }],
  });
  return msg.content[0].type === "text" ? msg.content[0].text : "";
}

export async function patientFriendlyExplanation(labReport: string) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2500,
    system:
      "Write a clear, patient-friendly letter (about 800 words) that explains these lab results, what each value means, and which questions the patient may want to ask their doctor. Avoid jargon.",
    messages: [{ role: "user", content: labReport }],
  });
  return msg.content[0].type === "text" ? msg.content[0].text : "";
}
