// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function generateProposal(clientName: string, scope: string, budget: string) {
  const stream = client.messages.stream({
    model: "claude-sonnet-4-6",
    max_tokens: 6000,
    system: "You are a consultant who writes persuasive statements of work.",
    messages: [
      {
        role: "user",
        content: `Write a complete project proposal for ${clientName}: executive summary, understanding of the problem, approach, timeline with milestones, team, pricing (${budget}) and terms.\n\nScope notes:\n${scope}`,
      },
    ],
  });
  return stream.finalText();
}

export async function coverLetter(resume: string, jobPosting: string) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1500,
    messages: [
      { role: "user", content: `Write a tailored cover letter (3-4 paragraphs) for this job posting, based on the resume.\n\nJob:\n${jobPosting}\n\nResume:\n${resume}` },
    ],
  });
  return msg.content[0].type === "text" ? msg.content[0].text : "";
}
