// A source file with model ids on their way out, for the model-status tests (api/prices.test.ts, ui/prices.ui.ts). The
// tests write it into their own workspace copy: the shared fixture folder keeps its call sites (the multi-root UI suite
// counts every one of them).
export const LEGACY_MODELS_FILE = 'src/support/legacyModels.ts';

export const LEGACY_MODELS = `// Fixture for the model-status diagnostics (test/e2e/api/prices.test.ts): a retired Claude model, and OpenAI models
// on their way out, one with a replacement OpenAI names and one without.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

const anthropic = new Anthropic();
const openai = new OpenAI();

export async function tagInvoice(text: string): Promise<string> {
  const response = await anthropic.messages.create({
    model: 'claude-3-5-haiku-20241022',
    max_tokens: 10,
    system: 'Tag the invoice as paid, unpaid or disputed. Answer with the tag only.',
    messages: [{ role: 'user', content: text }],
  });
  const block = response.content[0];
  return block && block.type === 'text' ? block.text.trim() : 'unpaid';
}

export async function draftReply(ticket: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-5',
    messages: [
      { role: 'system', content: 'Draft a friendly reply to the customer ticket.' },
      { role: 'user', content: ticket },
    ],
  });
  return completion.choices[0]?.message?.content ?? '';
}

export async function summarizeCall(transcript: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Summarize the call transcript in three bullet points.' },
      { role: 'user', content: transcript },
    ],
  });
  return completion.choices[0]?.message?.content ?? '';
}
`;
