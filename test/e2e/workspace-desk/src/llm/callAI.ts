import { anthropic } from "./client";
import { DEFAULT_MODEL } from "../config/models";

/** The app's one way to ask a model: every job passes its own instruction and input. */
export async function callAI(instruction: string, input: string, opts: { model?: string; maxTokens?: number } = {}): Promise<string> {
  const response = await anthropic.messages.create({
    model: opts.model ?? DEFAULT_MODEL,
    max_tokens: opts.maxTokens ?? 1000,
    system: instruction,
    messages: [{ role: "user", content: input }],
  });
  const block = response.content[0];
  return block?.type === "text" ? block.text : "";
}
