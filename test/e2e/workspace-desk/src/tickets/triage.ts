import { callAI } from "../llm/callAI";
import { modelFor } from "../config/models";

export async function detectLanguage(ticket: string): Promise<string> {
  return callAI("Detect the language of the ticket. Reply with its ISO 639-1 code only.", ticket, { model: modelFor("classify_intent"), maxTokens: 5 });
}

export async function detectUrgency(ticket: string): Promise<string> {
  return callAI("Rate the urgency of the ticket as low, normal or urgent. Reply with one word.", ticket, { maxTokens: 5 });
}

export async function extractOrderNumber(ticket: string): Promise<string> {
  return callAI('Extract the order number from the ticket. Respond with JSON: {"order": string | null}.', ticket, { model: "claude-sonnet-4-6", maxTokens: 30 });
}
