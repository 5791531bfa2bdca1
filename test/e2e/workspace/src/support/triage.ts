// Fixture for the real-VS-Code tests: one Anthropic call site with a known volume.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function classifyTicket(ticket: string): Promise<string> {
  // tierwise: calls=1000/day
  const response = await client.messages.create({
    model: 'claude-sonnet-5-5',
    max_tokens: 10,
    system: 'Classify the support ticket into exactly one label: billing, bug, feature_request, account, other. Answer with the label only.',
    messages: [{ role: 'user', content: ticket }],
  });
  const block = response.content[0];
  return block && block.type === 'text' ? block.text.trim() : 'other';
}
