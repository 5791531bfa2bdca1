// Issue #14: the judge gets the routing rules careful reviewers apply, and the card in the order they read it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanTexts } from '../../src/core/scan/project';
import { buildCard } from '../../src/core/infer/card';
import { JUDGE_SYSTEM_PROMPT, renderCard } from '../../src/core/infer/judge/prompt';

const AGENT_TS = `import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
const client = new Anthropic();
export async function triageWithLookup(ticket: string) {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: ticket }];
  for (let i = 0; i < 5; i++) {
    const res = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 200,
      system: 'Classify the support ticket as billing, bug or other. Look the account up first.',
      tools: [{ name: 'lookup_account', description: 'Find the account of an email address', input_schema: { type: 'object', properties: { email: { type: 'string' } } } }],
      messages,
    });
    if (res.stop_reason !== 'tool_use') return res;
    messages.push({ role: 'assistant', content: res.content });
  }
}
`;

test('the card is rendered in reading order: instructions, expected output and its use, tools and loop, then names', () => {
  const text = renderCard(buildCard(scanTexts({ 'src/support/agent.ts': AGENT_TS }).calls[0]));
  const at = (s: string) => {
    const i = text.indexOf(s);
    assert.ok(i >= 0, `${s} in:\n${text}`);
    return i;
  };
  const order = [
    at('Prompt, in the order the model receives it:'),
    at('Classify the support ticket as billing, bug or other.'),
    at('Expected output: max_tokens 200'),
    at('How the code uses the answer:'),
    at('Tools offered to the model:\n- lookup_account: Find the account of an email address'),
    at('Loop around the call: tool-use'),
    at('Call site: triageWithLookup in src/support/agent.ts (typescript)'),
    at('Labels the app gives this job: none found'),
    at("Through the app's LLM layer:"),
    at('Request: anthropic messages.create · model claude-sonnet-5-5'),
  ];
  assert.deepEqual([...order].sort((a, b) => a - b), order);
});

test('the system prompt states the reviewers’ routing rules', () => {
  for (const rule of [
    // Haiku only when all three are clearly yes; what the card does not show is not yes.
    'if any of the three questions is not clearly yes, recommend Sonnet',
    'when in doubt, or when the card does not show it, false',
    // More than ~15 labels, or labels that are not a fixed set.
    'more than 15 labels, labels that are not a fixed set',
    'a choice among more than about 15 labels',
    // A "summary" of several sources is a synthesis; a long summary of one text is Sonnet.
    'even when the prompt calls it a summary',
    'even when that summary is long (then it is Sonnet',
    // Retries and fallbacks are the job they repeat; a repair turn with its own instructions is its own job.
    're-sends the same prompt (a retry on error, a fallback to another model, the other branch of a provider switch) is the same job',
    // Answers acted on automatically are not cheap to recover from.
    'values are typed into live forms or become sent content, code is executed',
    // Verbatim extraction is as long as its input.
    'the output is as long as the input',
  ]) {
    assert.ok(JUDGE_SYSTEM_PROMPT.includes(rule), rule);
  }
});
