import { callAI } from "../llm/callAI";
import { SUMMARY_SYSTEM } from "../prompts/system";
import { modelFor } from "../config/models";

export async function handoverNote(thread: string): Promise<string> {
  return callAI(SUMMARY_SYSTEM, thread, { model: modelFor("summarize_short"), maxTokens: 300 });
}
