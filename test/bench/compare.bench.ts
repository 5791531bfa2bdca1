// What the compare panel adds to the SDK's time to first token, on the fake server, in one run:
//   baseline: the raw SDK, two concurrent streams (Haiku and Sonnet tier), TTFT = first text_delta;
//   panel:    CompareSession.run (cached client as in the host, prompt fill, parameter filter, runner, protocol message
//             serialised as the webview transport would), TTFT = first `text` message posted for the column.
// Trials alternate (baseline, panel, baseline, …) so both see the same machine state. Target: median overhead ≤ 5 ms.
//   node --import tsx test/bench/compare.bench.ts [--trials 60]
import Anthropic from '@anthropic-ai/sdk';
import { buildPriceBook } from '../../src/core/cost/prices';
import { compareClientCache } from '../../src/core/compare/runner';
import { CompareSession } from '../../src/core/compare/session';
import type { HostMessage, PanelInput } from '../../src/shared/compareProtocol';
import { FAKE_API_KEY, startFakeAnthropic } from '../fake-anthropic/server';

const trialsArg = process.argv.indexOf('--trials');
const TRIALS = trialsArg > 0 ? Number(process.argv[trialsArg + 1]) : 60;
const MODELS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' } as const;
const input: PanelInput = {
  prompt: { system: 'Label the ticket.', messages: [{ role: 'user', content: 'Ticket: ${t}' }], tools: [], maxTokens: 50, temperature: null },
  fields: { t: 'I was charged twice this month' },
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)]!;

async function main(): Promise<void> {
  const fake = await startFakeAnthropic({ chunkDelayMs: 0, maxLifetimeMs: 5 * 60_000 });
  try {
    const raw = new Anthropic({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0, logLevel: 'off' });
    const rawParams = (model: string) => ({
      model,
      max_tokens: 50,
      system: 'Label the ticket.',
      messages: [{ role: 'user' as const, content: 'Ticket: I was charged twice this month' }],
      stream: true as const,
    });

    async function baseline(): Promise<number[]> {
      const t0 = performance.now();
      return Promise.all(
        Object.values(MODELS).map(async (model) => {
          let ttft = NaN;
          const stream = await raw.messages.create(rawParams(model));
          for await (const ev of stream) if (ev.type === 'content_block_delta' && Number.isNaN(ttft)) ttft = performance.now() - t0;
          return ttft;
        }),
      );
    }

    // As the panel host does: one cached client, a new session per panel prompt.
    const clients = compareClientCache();
    async function panel(): Promise<number[]> {
      const first: Partial<Record<'haiku' | 'sonnet', number>> = {};
      let t0 = 0;
      const session = new CompareSession({
        models: MODELS,
        graderModel: MODELS.sonnet,
        priceBook,
        timeoutMs: 10_000,
        maxRetries: 0,
        callsPerDay: 1000,
        confirmAboveUsd: 0.05,
        client: async () => clients({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 10_000, maxRetries: 0 }),
        post: (m: HostMessage) => {
          const wire = JSON.stringify(m); // the webview transport serialises every message
          if (m.type === 'text' && first[m.column] === undefined && wire.length > 0) first[m.column] = performance.now() - t0;
        },
      });
      t0 = performance.now();
      await session.run(input, 1, false, '');
      return [first.haiku ?? NaN, first.sonnet ?? NaN];
    }

    const priceBook = buildPriceBook();
    // Warm up both paths (connection pool, JIT).
    for (let i = 0; i < 5; i++) {
      await baseline();
      await panel();
    }
    const base: number[] = [];
    const pan: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      base.push(...(await baseline()));
      pan.push(...(await panel()));
    }
    if ([...base, ...pan].some((x) => Number.isNaN(x))) throw new Error('a trial produced no text');
    const overhead = median(pan) - median(base);
    const paired = median(pan.map((p, i) => p - base[i]!));
    console.log(`compare TTFT on the fake server, ${TRIALS} alternating trials × 2 columns`);
    console.log(`  raw SDK   median ${median(base).toFixed(2)} ms  p95 ${p95(base).toFixed(2)} ms`);
    console.log(`  panel     median ${median(pan).toFixed(2)} ms  p95 ${p95(pan).toFixed(2)} ms`);
    console.log(`  overhead  ${overhead.toFixed(2)} ms between medians, ${paired.toFixed(2)} ms median of paired differences (target ≤ 5 ms); ratio ${(median(pan) / median(base)).toFixed(2)}×`);
    console.log(overhead <= 5 ? 'PASS' : 'FAIL');
    process.exitCode = overhead <= 5 ? 0 : 1;
  } finally {
    await fake.close();
  }
}

void main();
