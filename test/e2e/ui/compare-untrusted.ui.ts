// An untrusted workspace (Restricted Mode; workspace trust on, never prompted): Tierwise still shows its lenses
// and opens the compare panel for estimates, but never calls the API — even with ANTHROPIC_API_KEY set. Once the
// user trusts the workspace, the open panel allows runs without being reopened.
import assert from 'node:assert/strict';
import { dollars, sameAmount, scanWithCli } from '../lib/expect';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';
import { comparePanel, fakeRequests } from '../lib/compare';

fileOptions({ needsFakeAnthropic: true, untrusted: true });

const t0 = Date.now();

/** Requests this file's code-server sent to the fake server. */
const requests = (ctx: UiContext) => fakeRequests(ctx, t0);
const panel = comparePanel;

test('Restricted Mode: the cost lens is drawn with the CLI figures', async ({ wb, page, workspace }) => {
  // The workbench really is untrusted: its Restricted Mode indicator is shown.
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  await wb.openFile('triage.ts');
  const text = await wb.waitForCodeLens(/\/mo/);
  const site = scanWithCli(workspace).find((s) => s.file.endsWith('src/support/triage.ts'));
  assert.ok(site, 'the CLI finds no call site in src/support/triage.ts');
  assert.ok(dollars(text).some((d) => sameAmount(d, site.monthlyCost.sonnet)), `lens "${text}" lacks $${site.monthlyCost.sonnet}`);
}, { timeoutMs: 90_000 });

test('the compare panel shows estimates only: it says why, Run is off, and nothing reaches the API', async (ctx) => {
  const { wb, screenshot } = ctx;
  await wb.runCommand('Tierwise: Compare on Haiku vs Sonnet');
  const w = await panel(ctx);
  const banner = w.locator('#banner');
  await banner.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await banner.innerText(), /This workspace is not trusted: Tierwise shows estimates here but does not call the API/);
  assert.equal(await w.locator('#set-key').count(), 0, 'a key is set (ANTHROPIC_API_KEY): the panel must not ask for one');
  await w.locator('.message textarea').first().fill('Say hello');
  await waitFor('the local estimate', 20_000, async () => /Estimated cost of 1 run: at most \$.*local estimate/.test(await w.locator('#estimate').innerText()));
  assert.equal(await w.locator('#run').isEnabled(), false, 'Run is enabled in an untrusted workspace');
  assert.equal(await w.locator('#run').getAttribute('title'), 'Not available in an untrusted workspace');
  await w.locator('.message textarea').first().focus();
  await ctx.page.keyboard.press('Control+Enter');
  await screenshot('untrusted');
  assert.equal(await w.locator('body[data-run-id]').count(), 0, 'a run started in an untrusted workspace');
  assert.deepEqual(await requests(ctx), [], 'a request (messages or count_tokens) left an untrusted workspace');
}, { timeoutMs: 90_000 });

test('trusting the workspace turns Run on in the open panel, and a run works', async (ctx) => {
  const { wb, page } = ctx;
  const w = await panel(ctx);
  await wb.runCommand('Workspaces: Manage Workspace Trust');
  const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
  await trust.waitFor({ state: 'visible', timeout: 20_000 });
  await trust.click();
  await waitFor('Restricted Mode to end', 20_000, async () => (await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) === 0);
  // The trust editor opens as a modal editor over the workbench: close it, back to the panel.
  const modal = page.locator('.monaco-modal-editor-block');
  await waitFor('the trust editor to close', 20_000, async () => {
    if (!(await modal.count()) || !(await modal.first().isVisible())) return true;
    await modal.locator('.codicon-close, [aria-label^="Close"]').last().click().catch(() => undefined);
    return false;
  }, 500);
  await page.locator('.tab', { hasText: 'Compare: Haiku vs Sonnet' }).click();
  await waitFor('the banner to go', 20_000, async () => !(await w.locator('#banner').isVisible()));
  await waitFor('Run to be enabled', 20_000, async () => w.locator('#run').isEnabled());
  const body = w.locator('body');
  await w.locator('#run').click();
  await waitFor('the run to finish', 45_000, async () => (await body.getAttribute('data-finished-run')) !== null);
  assert.equal(await w.locator('#out-haiku').innerText(), 'claude-haiku-5-5 says: Say hello');
  assert.equal(await w.locator('#out-sonnet').innerText(), 'claude-sonnet-5-5 says: Say hello');
  assert.ok((await requests(ctx)).some((r) => r.path === '/v1/messages' && r.status === 200));
}, { timeoutMs: 120_000 });
