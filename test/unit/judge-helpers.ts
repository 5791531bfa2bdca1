// Shared by the judge tests (not a test file itself): answers as a judge model writes them.
import type { JudgeVerdict } from '../../src/core/infer/judge/answer';

export interface AnswerOver {
  job?: string;
  taskType?: string;
  confidence?: number;
  yes?: [boolean, boolean, boolean];
  upgradeSignals?: string[];
  tier?: 'haiku' | 'sonnet';
}

/** A judge answer (the JSON text the model returns). */
export function answerJson(o: AnswerOver = {}): string {
  const [a, b, c] = o.yes ?? [true, true, true];
  return JSON.stringify({
    job: o.job ?? 'Sorts a support ticket into one of five labels.',
    taskType: o.taskType ?? 'classify_intent',
    confidence: o.confidence ?? 0.92,
    questions: {
      shortSchemaConstrainedOutput: { answer: a, reason: 'one label of five' },
      cheapToRecover: { answer: b, reason: 'an agent re-routes a wrong ticket' },
      noMultiStepReasoning: { answer: c, reason: 'one reading of one ticket' },
    },
    upgradeSignals: o.upgradeSignals ?? [],
    tier: o.tier ?? 'haiku',
  });
}

export function verdict(over: Partial<JudgeVerdict> = {}): JudgeVerdict {
  return {
    taskType: 'classify_intent',
    confidence: 0.92,
    job: 'Sorts a support ticket into one of five labels.',
    questions: {
      shortSchemaConstrainedOutput: { answer: true, reason: 'one label of five' },
      cheapToRecover: { answer: true, reason: 'an agent re-routes a wrong ticket' },
      noMultiStepReasoning: { answer: true, reason: 'one reading of one ticket' },
    },
    upgradeSignals: [],
    tier: 'haiku',
    model: 'claude-haiku-5-5',
    date: '2026-12-05',
    key: 'k',
    ...over,
  };
}

export const TRIAGE_TS = `import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic();

export async function classifyTicket(ticket: string): Promise<string> {
  const response = await client.messages.create({
    model: 'claude-sonnet-5-5',
    max_tokens: 10,
    system: 'Classify the support ticket into exactly one label: billing, bug, feature_request, account, other. Answer with the label only.',
    messages: [{ role: 'user', content: ticket }],
  });
  const block = response.content[0];
  return block && block.type === 'text' ? block.text.trim() : 'other';
}

export async function run(stored: { system: string; model: string }, input: string) {
  return client.messages.create({ model: stored.model, max_tokens: 512, system: stored.system, messages: [{ role: 'user', content: input }] });
}
`;
