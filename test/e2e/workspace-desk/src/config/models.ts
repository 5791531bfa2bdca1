// The team's model registry: one place that maps a task type to a model.
export const MODEL_REGISTRY = {
  classify_intent: "claude-haiku-4-5",
  summarize_short: "claude-haiku-4-5",
  draft_long_form: "claude-sonnet-4-6",
} as const;

export const DEFAULT_MODEL = "claude-sonnet-4-6";

export const TRIAGE_MODEL = "claude-haiku-4-5";

export function modelFor(task: string): string {
  return (MODEL_REGISTRY as Record<string, string>)[task] ?? DEFAULT_MODEL;
}
