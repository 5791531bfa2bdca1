import { generateObject } from 'ai';
import { openai } from '@ai-sdk/openai';
import { z } from 'zod';
import { clip } from './text';

const researcher = () => `You are a meticulous research analyst. Today is ${new Date().toDateString()}.`;

export async function planSearches(topic: string, count = 4) {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    system: researcher(),
    prompt: `The user wants to learn about: ${topic}. Generate a list of web search queries that would cover the topic from different angles. At most ${count} queries.`,
    schema: z.object({ queries: z.array(z.object({ query: z.string(), why: z.string() })) }),
  });
  return object.queries;
}

export async function digestResults(query: string, pages: string[]) {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    system: researcher(),
    prompt: clip(
      `These pages came back for the search "${query}". Write down what they teach, as short findings with names and numbers kept.\n\n${pages.map((p) => `<page>${p}</page>`).join('\n')}`,
      30_000,
    ),
    schema: z.object({ findings: z.array(z.string()) }),
  });
  return object.findings;
}

export async function finalReport(topic: string, findings: string[]) {
  const { object } = await generateObject({
    model: openai('gpt-4o'),
    system: researcher(),
    prompt: clip(
      `Write a detailed report on ${topic} from the findings below. Use every finding, add headings, aim for 4 or more pages.\n\n${findings.map((f) => `- ${f}`).join('\n')}`,
      60_000,
    ),
    schema: z.object({ markdown: z.string() }),
  });
  return object.markdown;
}

export async function askBack(topic: string) {
  const { object } = await generateObject({
    model: openai('gpt-4o-mini'),
    prompt: `Before researching "${topic}", ask the user a few follow-up questions to clarify what they are after.`,
    schema: z.object({ questions: z.array(z.string()) }),
  });
  return object.questions;
}
