import { streamObject, streamText, stepCountIs, tool, type ModelMessage } from 'ai';
import { anthropic } from '@ai-sdk/anthropic';
import { z } from 'zod';

const appSchema = z.object({ files: z.array(z.object({ path: z.string(), code: z.string() })), notes: z.string() });

export async function buildRoute(req: Request) {
  const { messages }: { messages: ModelMessage[] } = await req.json();
  const result = streamObject({
    model: anthropic('claude-sonnet-4-5'),
    system: 'You are a senior software engineer. Build the small web app the user describes. You may install additional dependencies. Do not wrap code in backticks.',
    messages,
    schema: appSchema,
  });
  return result.toTextStreamResponse();
}

export async function helpRoute(req: Request) {
  const { messages }: { messages: ModelMessage[] } = await req.json();
  const result = streamText({
    model: anthropic('claude-sonnet-4-5'),
    system: 'You are Fern, the cheerful assistant of a garden centre. Keep answers short.',
    messages,
    tools: {
      stockLevel: tool({ description: 'How many of a plant are in stock', inputSchema: z.object({ plant: z.string() }), execute: async ({ plant }) => ({ plant, count: 3 }) }),
      openingHours: tool({ description: 'Opening hours of a branch', inputSchema: z.object({ branch: z.string() }), execute: async () => '9-18' }),
    },
    stopWhen: stepCountIs(4),
  });
  return result.toUIMessageStreamResponse();
}
