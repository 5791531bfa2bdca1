// The Verification panel sends nothing it may not: in Restricted Mode it explains and Run is off; trusted but with
// no key it asks for one. Then a batch survives a window reload: the run's batch id is kept, and after the reload
// "Resume" polls that same batch (no second one is created, nothing is paid twice) and the report appears.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { fakeRequests } from '../lib/compare';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';

fileOptions({ needsFakeAnthropic: true, untrusted: true, apiKeyInEnv: false, settings: { 'tierwise.verify.minInputs': 5, 'tierwise.verify.latencySample': 0 } });

const FAKE_KEY = 'sk-ant-test-key';
const DATASET = 'datasets/tickets.jsonl';
const t0 = Date.now();

async function fake(ctx: UiContext, route: string, body: unknown): Promise<void> {
  assert.ok(ctx.fakeAnthropicUrl, 'the fake Anthropic server is not running');
  const res = await fetch(`${ctx.fakeAnthropicUrl}${route}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${route}: ${res.status}`);
}

async function panel(ctx: UiContext): Promise<FrameLocator> {
  const w = ctx.wb.webview();
  await w.locator('#dataset-file').waitFor({ state: 'visible', timeout: 30_000 });
  return w;
}

async function openWithDataset(ctx: UiContext): Promise<FrameLocator> {
  await ctx.wb.openFile('triage.ts');
  await ctx.wb.waitForCodeLens(/\/mo/, 60_000);
  await ctx.wb.runCommand('Tierwise: Verify Before Moving to Haiku…');
  const w = await panel(ctx);
  await waitFor('the dataset in the list', 30_000, async () => (await w.locator('#dataset-file option').allInnerTexts()).includes(DATASET));
  await w.locator('#dataset-file').selectOption(DATASET);
  await waitFor('the dataset summary', 20_000, async () => /12 inputs in datasets\/tickets\.jsonl/.test(await w.locator('#dataset-summary').innerText()));
  return w;
}

test('Restricted Mode: the panel explains, shows the local estimate, Run is off, nothing is sent', async (ctx) => {
  const { page, workspace, screenshot } = ctx;
  mkdirSync(path.join(workspace, 'datasets'), { recursive: true });
  const labels = ['billing', 'bug', 'account', 'other'];
  writeFileSync(path.join(workspace, DATASET), `${Array.from({ length: 12 }, (_, i) => JSON.stringify({ ticket: `[${labels[i % 4]}] ticket ${i}` })).join('\n')}\n`);
  await fake(ctx, '/__fake/script', [{ kind: 'reply', path: '/v1/messages/batches', whenText: '^\\[(\\w+)\\]', text: '$1' }]);
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  const w = await openWithDataset(ctx);
  await waitFor('the banner', 20_000, async () => /This workspace is not trusted: Tierwise shows the dataset and the estimate here but sends nothing\. Trust the workspace to run a verification\. Nothing is sent\./.test(await w.locator('#banner').innerText()));
  await waitFor('the local estimate', 20_000, async () => /At most \$.*\(local estimate;/.test(await w.locator('#estimate').innerText()));
  assert.equal(await w.locator('#run-button').isEnabled(), false);
  assert.equal(await w.locator('#run-button').getAttribute('title'), 'Blocked: see the message above');
  await w.locator('#threshold').focus();
  await page.keyboard.press('Control+Enter');
  await screenshot('untrusted');
  assert.deepEqual(await fakeRequests(ctx, t0), [], 'a request (even count_tokens) left an untrusted workspace');
}, { timeoutMs: 150_000 });

test('trusted, no key: the panel asks for one; after "Set API Key" Run comes on; still nothing sent', async (ctx) => {
  const { wb, page } = ctx;
  const w = await panel(ctx);
  await wb.runCommand('Workspaces: Manage Workspace Trust');
  const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
  await trust.waitFor({ state: 'visible', timeout: 20_000 });
  await trust.click();
  await waitFor('Restricted Mode to end', 20_000, async () => (await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) === 0);
  const modal = page.locator('.monaco-modal-editor-block');
  await waitFor('the trust editor to close', 20_000, async () => {
    if (!(await modal.count()) || !(await modal.first().isVisible())) return true;
    await modal.locator('.codicon-close, [aria-label^="Close"]').last().click().catch(() => undefined);
    return false;
  }, 500);
  await page.locator('.tab', { hasText: 'Verify: Haiku vs Sonnet' }).click();
  await waitFor('the no-key banner', 20_000, async () => /No Anthropic API key is set \(SecretStorage or ANTHROPIC_API_KEY\)\. Nothing is sent\./.test(await w.locator('#banner').innerText()));
  assert.equal(await w.locator('#run-button').isEnabled(), false);
  await w.locator('#set-key').click();
  const box = page.locator('.quick-input-widget input[type="password"]');
  await box.waitFor({ state: 'visible', timeout: 20_000 });
  await box.fill(FAKE_KEY);
  await page.keyboard.press('Enter');
  await box.waitFor({ state: 'hidden', timeout: 10_000 });
  await waitFor('Run to come on', 20_000, async () => w.locator('#run-button').isEnabled());
  assert.equal(await w.locator('#banner').isVisible(), false);
  assert.deepEqual(await fakeRequests(ctx, t0), []);
}, { timeoutMs: 120_000 });

test('a batch survives a window reload: Resume polls the same batch and the report appears', async (ctx) => {
  const { wb, page, screenshot } = ctx;
  // The batch stays open until the test lets it end.
  await fake(ctx, '/__fake/options', { batchMinMs: 10 * 60_000 });
  const w = await panel(ctx);
  await w.locator('#run-button').click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();
  await waitFor('the batch to be polled', 30_000, async () => /Batch msgbatch_fake_\d+ in progress: 0 of 24 answers/.test(await w.locator('#progress-text').innerText().catch(() => '')));
  const created = (await fakeRequests(ctx, t0)).filter((r) => r.path === '/v1/messages/batches');
  assert.equal(created.length, 1);
  await screenshot('batch-running');

  await wb.runCommand('Developer: Reload Window');
  await page.waitForLoadState('domcontentloaded');
  await wb.ready();
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'was running in a Message Batch when the window closed' }).first();
  await toast.waitFor({ state: 'visible', timeout: 60_000 });
  assert.match(await toast.innerText(), /The verification of classify_intent \(12 inputs, started \d{4}-\d\d-\d\d \d\d:\d\d\)/i);
  await screenshot('resume-offer');
  await fake(ctx, '/__fake/options', { batchMinMs: 0 });
  await toast.locator('.monaco-button', { hasText: 'Resume' }).click();
  const w2 = await panel(ctx);
  await waitFor('the report after resuming', 60_000, async () => (await w2.locator('body').getAttribute('data-decision')) === 'move');
  assert.equal(await w2.locator('[data-figure="n"]').innerText(), '12 of 12');
  assert.equal(await w2.locator('[data-figure="rate"]').innerText(), '0% (95% interval 0–25%)');
  const all = await fakeRequests(ctx, t0);
  assert.equal(all.filter((r) => r.path === '/v1/messages/batches').length, 1, 'a second batch was created');
  assert.ok(all.some((r) => /^\/v1\/messages\/batches\/msgbatch_fake_\d+\/results$/.test(r.path)), 'the results were read');
  await screenshot('resumed-report');
  await fake(ctx, '/__fake/script', []);
}, { timeoutMs: 200_000 });
