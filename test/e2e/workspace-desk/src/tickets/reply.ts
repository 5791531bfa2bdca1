import { callAI } from "../llm/callAI";
import { modelFor } from "../config/models";
import { REPLY_SYSTEM } from "../prompts/system";

export async function draftReply(ticket: string, history: string): Promise<string> {
  return callAI(REPLY_SYSTEM, `Ticket: ${ticket}\nHistory: ${history}`, { model: modelFor("draft_long_form"), maxTokens: 1200 });
}
