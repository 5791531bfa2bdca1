import Anthropic from "@anthropic-ai/sdk";

export const anthropic = new Anthropic();

export const FAST_MODEL = "claude-haiku-4-5";
