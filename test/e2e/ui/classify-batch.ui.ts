// Claude as the judge through the Message Batches API (issue #14): above tierwise.classify.batchAboveSites the run is
// one batch at half the price, with progress; the batch id is kept in workspace state, so after a reload of the window
// the batch is collected (not sent again) and its answers reach the lenses; Cancel cancels a batch and says so.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeRequests } from '../lib/compare';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';

fileOptions({ needsFakeAnthropic: true, settings: { 'tierwise.lens.detail': 'full', 'tierwise.classify.batchAboveSites': 0, 'tierwise.classify.batchPollSeconds': 0.2 } });

const STORED = `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function runStoredPrompt(stored: { system: string }, input: string) {
  return client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 300, system: stored.system, messages: [{ role: 'user', content: input }] });
}
`;

function answer(taskType: string, job: string): string {
  const q = { answer: true, reason: 'one step, a few fields' };
  return JSON.stringify({ job, taskType, confidence: 0.8, questions: { shortSchemaConstrainedOutput: q, cheapToRecover: q, noMultiStepReasoning: q }, upgradeSignals: [], tier: 'haiku' });
}

async function post(ctx: UiContext, route: string, body?: unknown): Promise<void> {
  const r = await fetch(`${ctx.fakeAnthropicUrl}${route}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  assert.equal(r.status, 200);
}

async function toast(ctx: UiContext, re: RegExp, timeoutMs = 45_000): Promise<string> {
  return waitFor(`a notification matching ${re}`, timeoutMs, async () => (await ctx.wb.notifications()).find((n) => re.test(n)));
}

const t0 = Date.now();

test('a run above the batch threshold is one batch at half the price; after a reload the batch is collected, not sent again', async (ctx) => {
  const { wb, page, workspace } = ctx;
  mkdirSync(path.join(workspace, 'src', 'jobs'), { recursive: true });
  writeFileSync(path.join(workspace, 'src', 'jobs', 'stored.ts'), STORED);
  await post(ctx, '/__fake/script', [
    { kind: 'batch-slow', polls: 1_000_000, times: 1 },
    { kind: 'reply', path: '/v1/messages/batches', match: 'Call site: runStoredPrompt ', text: answer('extract_entities', 'Pulls the fields named by the stored prompt out of the input.') },
    { kind: 'reply', path: '/v1/messages/batches', match: 'Call site: classifyTicket ', text: answer('classify_intent', 'Sorts a support ticket into one of five labels.') },
  ]);
  await wb.openFile('src/jobs/stored.ts');
  await wb.waitForCodeLens(/unknown/);
  await wb.runCommand('Tierwise: Classify Call Sites with Claude');
  const d = page.locator('.monaco-dialog-box');
  await d.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match((await d.innerText()).replace(/\s+/g, ' '), /Classify with Claude: 2 call sites, (about \$0\.\d{3}|under \$0\.001) on claude-haiku-5-5 \(Message Batches, 50% off\)\?/);
  await d.locator('.monaco-button', { hasText: 'Send as a Batch' }).click();
  await toast(ctx, /batch running: 0\/2 done/);
  await ctx.screenshot('batch-running');
  const created = (await fakeRequests(ctx, t0)).filter((r) => r.path === '/v1/messages/batches');
  assert.equal(created.length, 1, 'one batch for both call sites');

  // The window reloads while the batch runs: its id is in workspace state, and the new window collects it.
  await page.reload();
  await wb.ready();
  await toast(ctx, /collecting the classification batch \(2 call sites\)/);
  await post(ctx, '/__fake/batches/end');
  await toast(ctx, /The batch from before the reload is done: 2 answered/);
  await wb.openFile('src/jobs/stored.ts');
  await wb.waitForCodeLens(/extract_entities/);
  const all = await fakeRequests(ctx, t0);
  assert.equal(all.filter((r) => r.path === '/v1/messages/batches').length, 1, 'the batch was created again after the reload');
  assert.equal(all.filter((r) => r.path === '/v1/messages').length, 0, 'cards were sent one by one');
}, { timeoutMs: 180_000 });

test('Cancel on a running batch cancels it; the site keeps the rules’ task type', async (ctx) => {
  const { wb, page, workspace } = ctx;
  writeFileSync(path.join(workspace, 'src', 'jobs', 'more.ts'), STORED.replace('runStoredPrompt', 'runOtherPrompt'));
  await post(ctx, '/__fake/script', [{ kind: 'batch-slow', polls: 1_000_000, times: 1 }]);
  await wb.openFile('src/jobs/more.ts');
  await wb.waitForCodeLens(/unknown/);
  const since = Date.now();
  await wb.runCommand('Tierwise: Classify Call Sites with Claude');
  const d = page.locator('.monaco-dialog-box');
  await d.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await d.innerText(), /Classify with Claude: 1 call site, (about|under) \$0\.\d+ on claude-haiku-5-5/);
  await d.locator('.monaco-button', { hasText: 'Send as a Batch' }).click();
  const running = page.locator('.notifications-toasts .notification-toast', { hasText: /batch running/ }).first();
  await running.waitFor({ state: 'visible', timeout: 30_000 });
  await running.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await toast(ctx, /1 cancelled/);
  assert.ok((await fakeRequests(ctx, since)).some((r) => r.path.endsWith('/cancel')), 'the batch was not cancelled');
  await wb.waitForCodeLens(/unknown/);
  await post(ctx, '/__fake/script', []);
}, { timeoutMs: 120_000 });
