// @ts-nocheck
import { generateText, generateObject, streamText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
import { z } from "zod";

export async function leadScore(companyBlurb: string) {
  const { object } = await generateObject({
    model: anthropic("claude-sonnet-4-6"),
    schema: z.object({ tier: z.enum(["hot", "warm", "cold"]) }),
    prompt: `Rate this inbound lead as hot, warm or cold based on company size and intent signals.\n\n${companyBlurb}`,
  });
  return object.tier;
}

export async function parseRecipe(page: string) {
  const { object } = await generateObject({
    model: anthropic("claude-sonnet-4-6"),
    schema: z.object({
      title: z.string(),
      servings: z.number(),
      ingredients: z.array(z.object({ item: z.string(), quantity: z.string() })),
      steps: z.array(z.string()),
    }),
    prompt: `Extract the recipe from this web page.\n\n${page}`,
  });
  return object;
}

export async function chatRoute(req: Request) {
  const { messages } = await req.json();
  const result = streamText({
    model: anthropic("claude-sonnet-4-6"),
    system: "You are a friendly travel assistant.",
    messages,
  });
  return result.toDataStreamResponse();
}

export async function productDescription(specs: string) {
  const { text } = await generateText({
    model: anthropic("claude-sonnet-4-6"),
    maxTokens: 1500,
    prompt: `Write an engaging 400-word product description for an online store, with a story-driven opening, a features section and a closing paragraph.\n\nSpecs:\n${specs}`,
  });
  return text;
}

export async function changeSummary(before: string, after: string) {
  const { text } = await generateText({
    model: anthropic("claude-sonnet-4-6"),
    maxTokens: 120,
    prompt: `In one sentence, summarize what changed between these two versions of the policy.\n\nBefore:\n${before}\n\nAfter:\n${after}`,
  });
  return text;
}
