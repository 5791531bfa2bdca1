// Second folder of the multi-root e2e test (test/e2e/ui/multiroot.ui.ts): the same path and function as the
// main fixture (so call-site ids are equal across folders), at another volume.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function classifyTicket(ticket: string): Promise<string> {
  // tierwise: calls=5000/day
  const response = await client.messages.create({
    model: 'claude-sonnet-5-5',
    max_tokens: 10,
    system: 'Classify the support ticket into exactly one label: billing, bug, feature_request, account, other. Answer with the label only.',
    messages: [{ role: 'user', content: ticket }],
  });
  const block = response.content[0];
  return block && block.type === 'text' ? block.text.trim() : 'other';
}
