// The compare panel for a user with no Anthropic key (no ANTHROPIC_API_KEY, nothing in SecretStorage):
// the panel says so and offers "Set API Key"; nothing is sent; a rejected key shows its own message and
// the same action; after "Tierwise: Set Anthropic API Key" (a masked input box) a run works against the
// fake server; a run above tierwise.compare.confirmAboveUsd asks first; the key is in no log, setting or page.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';
import { comparePanel, fakeRequests, runToEnd } from '../lib/compare';

fileOptions({ needsFakeAnthropic: true, apiKeyInEnv: false });

/** The key the fake server accepts; WRONG_KEY has a key's shape but the fake answers 401. */
const FAKE_KEY = 'sk-ant-test-key';
const WRONG_KEY = 'sk-ant-not-the-right-one';

const t0 = Date.now();

/** Requests this file's code-server sent to the fake server. */
const requests = (ctx: UiContext) => fakeRequests(ctx, t0);
const panel = comparePanel;

/** The masked input box the key command opens: types `key`, shows what validation said, Enter. */
async function typeKey(ctx: UiContext, key: string): Promise<void> {
  const box = ctx.page.locator('.quick-input-widget input[type="password"]');
  await box.waitFor({ state: 'visible', timeout: 20_000 });
  // Too short first: the box refuses it and says why, and stays open.
  await box.fill('sk-ant');
  const message = ctx.page.locator('.quick-input-widget .quick-input-message');
  await waitFor('the validation message', 10_000, async () => /Paste the whole key/.test(await message.innerText().catch(() => '')));
  await ctx.page.keyboard.press('Enter');
  assert.ok(await box.isVisible(), 'the input box accepted a key that failed validation');
  await box.fill(key);
  await waitFor('the validation message to clear', 10_000, async () => !/Paste the whole key/.test(await message.innerText().catch(() => '')));
  await ctx.page.keyboard.press('Enter');
  await box.waitFor({ state: 'hidden', timeout: 10_000 });
  await waitFor('the "key stored" notification', 20_000, async () => (await ctx.wb.notifications()).some((n) => /API key stored in SecretStorage/.test(n)));
}

const runAndWait = runToEnd;

test('no key: the panel says how to set one, Run is off, and nothing is sent', async (ctx) => {
  const { wb, screenshot } = ctx;
  await wb.openFile('triage.ts');
  await wb.runCommand('Tierwise: Compare on Haiku vs Sonnet');
  const w = await panel(ctx);
  const banner = w.locator('#banner');
  await banner.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await banner.innerText(), /No Anthropic API key is set \(SecretStorage or ANTHROPIC_API_KEY\)/);
  assert.match(await w.locator('#set-key').innerText(), /Set API Key/);
  assert.equal(await w.locator('#run').isEnabled(), false, 'Run is enabled without a key');
  assert.equal(await w.locator('#run').getAttribute('title'), 'Set an API key first');
  // The estimate still works offline (the local token estimate: count_tokens needs the key).
  await w.locator('.message textarea').first().fill('Say hello');
  await waitFor('the local estimate', 20_000, async () => /Estimated cost of 1 run: at most \$.*local estimate/.test(await w.locator('#estimate').innerText()));
  // Ctrl+Enter (the keyboard route to Run) does nothing either.
  await w.locator('.message textarea').first().focus();
  await ctx.page.keyboard.press('Control+Enter');
  await screenshot('no-key');
  assert.equal(await w.locator('body[data-run-id]').count(), 0, 'a run started without a key');
  assert.deepEqual(await requests(ctx), [], 'a request reached the API without a key');
  // The palette offers the command too.
  assert.ok((await wb.paletteRows('Set Anthropic API Key')).some((r) => /Tierwise: Set Anthropic API Key/.test(r)), 'no "Set Anthropic API Key" command');
}, { timeoutMs: 120_000 });

test('"Set API Key" in the panel: a rejected key shows the 401 message and the same action in each column', async (ctx) => {
  const w = await panel(ctx);
  await w.locator('#set-key').click();
  await typeKey(ctx, WRONG_KEY);
  // The panel hears about the stored key: the banner goes, Run comes on.
  await waitFor('the banner to go', 20_000, async () => !(await w.locator('#banner').isVisible()));
  await runAndWait(w);
  await ctx.screenshot('wrong-key');
  for (const col of ['haiku', 'sonnet']) {
    const err = w.locator(`#err-${col}`);
    assert.ok(await err.isVisible(), `${col}: no error shown`);
    assert.match(await err.innerText(), /The API key was rejected \(401\)\. Set a valid key with “Tierwise: Set Anthropic API Key”\./);
    assert.equal(await err.locator('button', { hasText: 'Set API Key' }).count(), 1, `${col}: no "Set API Key" button beside the error`);
  }
  const sent = (await requests(ctx)).filter((r) => r.path === '/v1/messages');
  assert.ok(sent.length >= 2 && sent.every((r) => r.status === 401), JSON.stringify(sent.map((r) => r.status)));
}, { timeoutMs: 120_000 });

test('"Tierwise: Set Anthropic API Key" from the palette: the next run uses the new key and streams on both models', async (ctx) => {
  const { wb } = ctx;
  const w = await panel(ctx);
  await ctx.page.keyboard.press('Control+Shift+P');
  const input = ctx.page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill('>Tierwise: Set Anthropic API Key');
  await ctx.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Tierwise: Set Anthropic API Key' }).first().waitFor({ timeout: 20_000 });
  await ctx.page.keyboard.press('Enter');
  await typeKey(ctx, FAKE_KEY);
  const before = (await requests(ctx)).length;
  await runAndWait(w);
  await ctx.screenshot('key-set');
  for (const [col, model] of [['haiku', 'claude-haiku-5-5'], ['sonnet', 'claude-sonnet-5-5']] as const) {
    assert.equal(await w.locator(`#err-${col}`).isVisible(), false, `${col}: ${await w.locator(`#err-${col}`).innerText()}`);
    assert.equal(await w.locator(`#out-${col}`).innerText(), `${model} says: Say hello`);
    assert.match(await w.locator(`#fig-${col} [data-figure=cost]`).innerText(), /^\$\d/);
  }
  const sent = (await requests(ctx)).slice(before).filter((r) => r.path === '/v1/messages');
  assert.ok(sent.length >= 2 && sent.every((r) => r.status === 200), JSON.stringify(sent.map((r) => r.status)));
  assert.ok(sent.every((r) => r.headers.authorization === `Bearer ${FAKE_KEY}` || r.headers['x-api-key'] === FAKE_KEY), 'the run did not send the stored key');
  assert.ok(!(await wb.notifications()).some((n) => /could not|error/i.test(n)));
}, { timeoutMs: 120_000 });

test('a run above tierwise.compare.confirmAboveUsd asks first: Cancel sends nothing, Run sends it', async (ctx) => {
  const { page } = ctx;
  const w = await panel(ctx);
  // max_tokens 1024 on Sonnet 5.5 is ~$0.01 a run: five runs are above the default limit of $0.05.
  await w.locator('#runs').fill('5');
  const warning = await waitFor('the estimate to warn', 20_000, async () => {
    const t = await w.locator('#estimate').innerText();
    return /Estimated cost of 5 runs: at most \$.*you will be asked to confirm/.test(t) ? t : undefined;
  });
  // An upper bound is rounded up: it never reads as the limit it is above ("at most $0.05 — above $0.05").
  const [atMost, limit] = [...warning.matchAll(/\$(\d+\.\d+)/g)].map((m) => Number(m[1]));
  assert.ok(atMost > limit, `the estimate reads "${warning}"`);
  const before = (await requests(ctx)).filter((r) => r.path === '/v1/messages').length;
  const dialog = page.locator('.monaco-dialog-box');
  await w.locator('#run').click();
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await dialog.innerText(), /This comparison may cost up to \$0\.\d+: 5 runs on claude-haiku-5-5 and claude-sonnet-5-5\. Run it\?/);
  assert.match(await dialog.innerText(), /tierwise\.compare\.confirmAboveUsd \(\$0\.05\)/);
  await ctx.screenshot('confirm');
  await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  assert.equal((await requests(ctx)).filter((r) => r.path === '/v1/messages').length, before, 'Cancel still sent requests');
  assert.equal(await w.locator('#run').isEnabled(), true);
  // Again, and this time confirm.
  const body = w.locator('body');
  const finishedBefore = (await body.getAttribute('data-finished-run')) ?? '0';
  await w.locator('#run').click();
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();
  await waitFor('the five runs to finish', 90_000, async () => ((await body.getAttribute('data-finished-run')) ?? '0') !== finishedBefore);
  assert.equal((await requests(ctx)).filter((r) => r.path === '/v1/messages').length - before, 10, 'five runs are ten requests');
  await w.locator('#runs').fill('1');
}, { timeoutMs: 150_000 });

test('the key set through the UI is in no log, setting or page', async (ctx) => {
  const w = await panel(ctx);
  for (const key of [FAKE_KEY, WRONG_KEY]) assert.ok(!(await w.locator('html').innerHTML()).includes(key), 'a key reached the webview');
  const workbenchHtml = await ctx.page.content();
  assert.ok(!workbenchHtml.includes(FAKE_KEY), 'the key is in the workbench page');
  const runDir = path.dirname(ctx.workspace);
  const files = [path.join(runDir, 'code-server.log'), path.join(runDir, 'user-data', 'User', 'settings.json'), ...listFiles(path.join(runDir, 'user-data', 'logs')), ...listFiles(path.join(ctx.workspace, '.vscode'))];
  assert.ok(files.length > 2, 'no log files found');
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const key of [FAKE_KEY, WRONG_KEY]) assert.ok(!text.includes(key), `a key appears in ${path.relative(runDir, f)}`);
  }
});

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
