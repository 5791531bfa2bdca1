import { ChatAnthropic } from '@langchain/anthropic';
import { z } from 'zod';

const GATE_PROMPT = `You look at one chat message and decide if answering it needs fresh information from the web.
Answer with the field needs_search set to true or false.

<message>
{message}
</message>`;

const REWRITE_PROMPT = `You are tasked with turning the user's latest message into a query to search the web.
Keep the wording close to the message. Today is {date}.

<conversation>
{conversation}
</conversation>`;

const NAME_PROMPT = `You are tasked with generating a short, descriptive title for the conversation below (two to five words).

{conversation}`;

export async function gate(message: string) {
  const model = new ChatAnthropic({ model: 'claude-haiku-4-5' }).withStructuredOutput(z.object({ needs_search: z.boolean() }));
  return model.invoke([['user', GATE_PROMPT.replace('{message}', message)]]);
}

export async function rewrite(conversation: string) {
  const model = new ChatAnthropic({ model: 'claude-haiku-4-5' });
  const prompt = REWRITE_PROMPT.replace('{conversation}', conversation).replace('{date}', new Date().toDateString());
  const res = await model.invoke([['user', prompt]]);
  return String(res.content);
}

export async function nameThread(conversation: string) {
  const model = new ChatAnthropic({ model: 'claude-haiku-4-5' });
  const res = await model.invoke([{ role: 'user', content: NAME_PROMPT.replace('{conversation}', conversation) }]);
  return String(res.content).trim();
}
