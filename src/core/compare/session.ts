// One comparison panel's worth of work, without the editor: estimate, run (once or N times), grade, cancel.
// It speaks the panel protocol through `post`, so the host stays a thin adapter and tests drive it in plain Node.
import type Anthropic from '@anthropic-ai/sdk';
import type { PriceBook } from '../cost/prices';
import { estimateTokens } from '../cost/tokens';
import { missingFields, type HostMessage, type PanelInput, type RunEstimate } from '../../shared/compareProtocol';
import { currentReference, estimateCallUsd } from './cost';
import { gradeAnswers } from './grade';
import { buildRequest } from './params';
import { fillPrompt } from './prompt';
import { countInputTokens, runPair } from './runner';
import { columnStats, summarizeRuns } from './stats';
import { COMPARE_COLUMNS, type CompareColumn, type ComparePrompt, type RunResult } from './types';

export interface SessionDeps {
  models: Record<CompareColumn, string>;
  graderModel: string;
  priceBook: PriceBook;
  timeoutMs: number;
  maxRetries: number;
  callsPerDay: number;
  confirmAboveUsd: number;
  /** The compared call's model today (resolved id), for the verdict; null for a selection or an unresolved model. */
  currentModel?: string | null;
  /** A client with the user's key, or null when there is none. Called per run, so a new key is picked up. */
  client: () => Promise<Anthropic | null>;
  post: (message: HostMessage) => void;
}

export class CompareSession {
  private runId = 0;
  private current: AbortController | null = null;
  private disposed = false;

  constructor(private readonly deps: SessionDeps) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Cost of the run before it happens: count_tokens with a key, else the local estimate; output at max_tokens. */
  async estimate(input: PanelInput, runs: number, grade: boolean, signal?: AbortSignal): Promise<RunEstimate> {
    const prompt = fillPrompt(input.prompt, input.fields);
    const { models, priceBook } = this.deps;
    const client = await this.deps.client().catch(() => null);
    const counted: Partial<Record<CompareColumn, number>> = {};
    if (client) {
      await Promise.all(
        COMPARE_COLUMNS.map(async (col) => {
          const n = await countInputTokens(client, models[col], prompt, signal);
          if (n !== null) counted[col] = n;
        }),
      );
    }
    const local = (model: string): number => {
      const { request } = buildRequest(model, prompt);
      const text = [request.system ?? '', ...request.messages.map((m) => m.content), request.tools ? JSON.stringify(request.tools) : ''].join('\n');
      return estimateTokens(text, priceBook.find(model)?.tokenizer ?? 'claude-2026') + 4 * request.messages.length;
    };
    const source: RunEstimate['source'] = counted.haiku !== undefined && counted.sonnet !== undefined ? 'count_tokens' : 'local estimate';
    const inputTokens = {
      haiku: source === 'count_tokens' ? counted.haiku! : local(models.haiku),
      sonnet: source === 'count_tokens' ? counted.sonnet! : local(models.sonnet),
    };
    let usd: number | null = 0;
    for (const col of COMPARE_COLUMNS) {
      const one = estimateCallUsd(priceBook, models[col], inputTokens[col], prompt.maxTokens);
      usd = one === null || usd === null ? null : usd + one * runs;
    }
    if (grade && usd !== null) {
      // The grader reads the prompt and both answers (at most max_tokens each) and writes ~300 tokens.
      const g = estimateCallUsd(priceBook, this.deps.graderModel, inputTokens.sonnet + 2 * prompt.maxTokens + 400, 300);
      usd = g === null ? null : usd + g;
    }
    return { runs, grade, inputTokens, source, usd, needsConfirm: usd === null || usd > this.deps.confirmAboveUsd };
  }

  /**
   * Runs the comparison, posting progress. A new run cancels the one before. Resolves when everything is posted.
   * `fieldNames`: the prompt's run-time fields; a run with one of them empty (and not marked "send empty") is refused.
   */
  async run(input: PanelInput, runs: number, grade: boolean, rubric: string, fieldNames: readonly string[] = []): Promise<void> {
    const missing = missingFields(input, fieldNames);
    if (missing.length > 0) {
      this.deps.post({
        type: 'notice',
        level: 'warning',
        message: `Fill in ${missing.map((m) => `\${${m}}`).join(', ')} first, or tick “Send empty”: nothing was sent.`,
      });
      return;
    }
    this.cancel();
    const runId = ++this.runId;
    const controller = new AbortController();
    this.current = controller;
    const post = (m: HostMessage): void => {
      if (!this.disposed) this.deps.post(m);
    };
    const { models, priceBook, timeoutMs, maxRetries, callsPerDay } = this.deps;
    const prompt: ComparePrompt = fillPrompt(input.prompt, input.fields);
    const current = this.deps.currentModel ? currentReference(priceBook, models, this.deps.currentModel) : null;
    post({ type: 'runStarted', runId, runs, grade });
    try {
      const client = await this.deps.client();
      if (!client) {
        post({ type: 'notice', level: 'error', message: 'No Anthropic API key. Use “Set API Key”, or set ANTHROPIC_API_KEY.' });
        return;
      }
      const all: Record<CompareColumn, RunResult[]> = { haiku: [], sonnet: [] };
      const pairs: Array<Record<CompareColumn, RunResult>> = [];
      for (let index = 0; index < runs && !controller.signal.aborted; index++) {
        post({ type: 'pairStarted', runId, index });
        const pair = await runPair(client, models, prompt, {
          signal: controller.signal,
          timeoutMs,
          maxRetries,
          priceBook,
          onText: (column, chunk) => post({ type: 'text', runId, column, chunk }),
          onResult: (column, result) => post({ type: 'columnDone', runId, index, column, result }),
        });
        all.haiku.push(pair.haiku);
        all.sonnet.push(pair.sonnet);
        pairs.push(pair);
        post({ type: 'pairDone', runId, index, summary: summarizeRuns([pair], callsPerDay, current) });
      }
      if (runs > 1 && all.haiku.length > 0) {
        const stats = { haiku: columnStats(all.haiku), sonnet: columnStats(all.sonnet) };
        post({ type: 'repeatStats', runId, stats, summary: summarizeRuns(pairs, callsPerDay, current) });
      }
      const last = { haiku: all.haiku.at(-1), sonnet: all.sonnet.at(-1) };
      if (grade && !controller.signal.aborted && last.haiku && last.sonnet && !last.haiku.error && !last.sonnet.error) {
        post({ type: 'gradeStarted', runId, graderModel: this.deps.graderModel });
        const result = await gradeAnswers(client, this.deps.graderModel, prompt, { haiku: last.haiku.text, sonnet: last.sonnet.text }, rubric, {
          signal: controller.signal,
          timeoutMs,
          priceBook,
          maxRetries,
        });
        post({ type: 'grade', runId, result });
      } else if (grade && !controller.signal.aborted) {
        post({ type: 'notice', level: 'warning', message: 'Grading skipped: both columns need a complete answer.' });
      }
    } catch (e) {
      post({ type: 'notice', level: 'error', message: `The comparison stopped: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      post({ type: 'finished', runId, cancelled: controller.signal.aborted });
      if (this.current === controller) this.current = null;
    }
  }

  cancel(): void {
    this.current?.abort();
    this.current = null;
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }
}
