// @ts-nocheck
// One place that decides which model each task type runs on.
export const MODEL_REGISTRY = {
  classify_intent: "claude-haiku-4-5",
  extract_entities: "claude-haiku-4-5",
  summarize_short: "claude-haiku-4-5",
  synthesize_documents: "claude-sonnet-4-6",
  generate_code: "claude-sonnet-4-6",
  review_code: "claude-sonnet-4-6",
  draft_long_form: "claude-sonnet-4-6",
  plan_agent_steps: "claude-sonnet-4-6",
  chat_general: "claude-sonnet-4-6",
  triage_ticket: "claude-haiku-4-5",
} as const;

export const DEFAULT_MODEL = "claude-sonnet-4-6";

export function modelFor(task: string): string {
  return (MODEL_REGISTRY as Record<string, string>)[task] ?? DEFAULT_MODEL;
}
