// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";

const anthropic = new Anthropic();

const ClauseSchema = z.object({
  parties: z.array(z.string()),
  effectiveDate: z.string().nullable(),
  terminationNoticeDays: z.number().nullable(),
  governingLaw: z.string().nullable(),
  autoRenewal: z.boolean(),
  liabilityCap: z.string().nullable(),
});

export async function extractContractTerms(contractText: string) {
  const response = await anthropic.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 800,
    system:
      "You read commercial contracts. Extract the parties, effective date, termination notice period in days, governing law, whether the agreement auto-renews, and the limitation of liability cap. Return only JSON.",
    messages: [{ role: "user", content: contractText }],
  });
  const text = response.content[0].type === "text" ? response.content[0].text : "";
  return ClauseSchema.parse(JSON.parse(text));
}

export async function compareAgreements(ours: string, theirs: string[]) {
  const joined = theirs.map((doc, i) => `<agreement index="${i + 1}">\n${doc}\n</agreement>`).join("\n\n");
  const response = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 4000,
    system:
      "You are a contracts analyst. Compare our standard agreement with each counterparty agreement and write a memo that explains, across all of them, where their terms deviate from ours and which deviations carry the most risk.",
    messages: [{ role: "user", content: `<ours>\n${ours}\n</ours>\n\n${joined}` }],
  });
  return response.content[0].type === "text" ? response.content[0].text : "";
}

export async function isNda(documentText: string) {
  const response = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 5,
    messages: [
      {
        role: "user",
        content: `Is the following document a non-disclosure agreement? Answer "yes" or "no".\n\n${documentText.slice(0, 4000)}`,
      },
    ],
  });
  const answer = response.content[0].type === "text" ? response.content[0].text.toLowerCase() : "";
  return answer.includes("yes");
}
