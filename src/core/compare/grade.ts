// Optional grading: a grader model (default the Sonnet tier) judges whether Haiku's answer does the job as well
// as Sonnet's, against a rubric the user can read and edit in the panel.
import type Anthropic from '@anthropic-ai/sdk';
import type { PriceBook } from '../cost/prices';
import { callCostUsd } from './cost';
import { classifyError } from './errors';
import { buildRequest } from './params';
import { RetryStopped, withRetries, type RetryOutcome } from './retry';
import type { ComparePrompt, GradeResult, GradeVerdict } from './types';

const RUBRICS: Record<string, string> = {
  classify_intent: 'Both answers must pick the same label, or Haiku\'s label must be at least as defensible. The output format must be exactly what the prompt asks for.',
  extract_entities: 'Haiku must extract the same entities with the same values, without inventing any, in the format the prompt asks for.',
  summarize_short: 'Haiku\'s summary must keep the key facts of Sonnet\'s, add nothing false, and respect the requested length.',
};
const DEFAULT_RUBRIC =
  'Haiku\'s answer is good enough when it is correct, follows every instruction and format requirement of the prompt, and a user of this feature would not notice a drop in quality compared with Sonnet\'s answer.';

export function defaultRubric(taskType: string | null | undefined): string {
  return (taskType && RUBRICS[taskType]) || DEFAULT_RUBRIC;
}

export function graderPrompt(task: ComparePrompt, haikuText: string, sonnetText: string, rubric: string): ComparePrompt {
  const original = [task.system ? `<system>\n${task.system}\n</system>` : '', ...task.messages.map((m) => `<${m.role}>\n${m.content}\n</${m.role}>`)]
    .filter(Boolean)
    .join('\n');
  return {
    system:
      'You grade whether a cheaper model\'s answer does the job as well as a stronger model\'s answer for the same prompt. ' +
      'Reply with one JSON object and nothing else: {"verdict": "haiku-ok" | "keep-sonnet", "reason": "<one line>"}.',
    messages: [
      {
        role: 'user',
        content: `<rubric>\n${rubric}\n</rubric>\n<prompt>\n${original}\n</prompt>\n<haiku_answer>\n${haikuText}\n</haiku_answer>\n<sonnet_answer>\n${sonnetText}\n</sonnet_answer>`,
      },
    ],
    tools: [],
    maxTokens: 300,
    temperature: null,
  };
}

/** Reads the grader's JSON; anything else is "unclear" with the raw text (shortened) as the reason. */
export function parseVerdict(text: string): { verdict: GradeVerdict; reason: string } {
  const match = text.match(/\{[\s\S]*\}/);
  if (match) {
    try {
      const parsed = JSON.parse(match[0]) as { verdict?: unknown; reason?: unknown };
      const verdict = parsed.verdict === 'haiku-ok' || parsed.verdict === 'keep-sonnet' ? parsed.verdict : 'unclear';
      const reason = typeof parsed.reason === 'string' ? parsed.reason.split('\n')[0]!.slice(0, 300) : '';
      return { verdict, reason: reason || 'The grader gave no reason.' };
    } catch {
      // fall through
    }
  }
  return { verdict: 'unclear', reason: `The grader did not answer in the expected form: ${text.trim().slice(0, 200) || '(empty)'}` };
}

export async function gradeAnswers(
  client: Anthropic,
  graderModel: string,
  task: ComparePrompt,
  answers: { haiku: string; sonnet: string },
  rubric: string,
  o: { signal?: AbortSignal; timeoutMs: number; priceBook: PriceBook; maxRetries?: number; backoffMs?: (retry: number) => number },
): Promise<GradeResult> {
  const { request } = buildRequest(graderModel, graderPrompt(task, answers.haiku, answers.sonnet, rubric));
  // One deadline for the whole grading, retries and waits included (the SDK alone would honour any retry-after).
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = (): void => controller.abort();
  if (o.signal?.aborted) controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const t0 = performance.now();
  let outcome: RetryOutcome = { attempts: 0 };
  try {
    const { value: msg } = await withRetries(() => client.messages.create(request, { signal: controller.signal, timeout: o.timeoutMs, maxRetries: 0 }), {
      maxRetries: o.maxRetries ?? 2,
      deadline: t0 + o.timeoutMs,
      signal: controller.signal,
      backoffMs: o.backoffMs,
    });
    const text = msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    const u = msg.usage;
    const costUsd = callCostUsd(o.priceBook, graderModel, {
      input: u.input_tokens ?? 0,
      output: u.output_tokens ?? 0,
      cacheRead: u.cache_read_input_tokens ?? 0,
      cacheWrite: u.cache_creation_input_tokens ?? 0,
    });
    return { ...parseVerdict(text), graderModel, costUsd, error: null };
  } catch (e) {
    const thrown = e instanceof RetryStopped ? e.error : e;
    if (e instanceof RetryStopped) outcome = e.outcome;
    const error = classifyError(thrown, {
      model: graderModel,
      retries: Math.max(0, outcome.attempts - 1),
      waitTooLong: outcome.waitTooLong,
      timeoutSeconds: Math.round(o.timeoutMs / 1000),
      timedOut,
      cancelled: !timedOut && (o.signal?.aborted ?? false),
      streamedChars: 0,
      streamStarted: false,
      host: (() => {
        try {
          return new URL(client.baseURL).host;
        } catch {
          return 'the Anthropic API';
        }
      })(),
    });
    return { verdict: 'unclear', reason: error.message, graderModel, costUsd: null, error };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}
