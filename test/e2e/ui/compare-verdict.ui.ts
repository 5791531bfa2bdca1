// The compare panel on a call that is already on Haiku 4.5, whose user message is built with `+`, a template literal
// and a constant of the file (issue 11, items 3 and 4):
// - the prompt is the text the code builds, with one field per run-time piece and the constant filled in; Run stays
//   off while a field is empty (unless "Send empty"); the request carries that text, never source code;
// - the panel shows the current model with the lens's monthly figure, words the verdict against it (no "Keep Sonnet"
//   for a call on Haiku 4.5), and offers a verdict only when both models answered in full: after a failure or a
//   cancel it says what happened and the buttons stay off.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';
import { comparePanel, fakeRequests, runToEnd } from '../lib/compare';
import { dollars, sameAmount, scanWithCli } from '../lib/expect';

fileOptions({ needsFakeAnthropic: true });

const FILE = 'src/verdict/legacyHaiku.ts';
const SOURCE = `// A call already on Haiku 4.5; its user message is built from pieces.
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();
const CATEGORIES = ['billing', 'bug', 'feature_request'];

export async function labelLegacy(ticket: { subject: string }, thread: string): Promise<string> {
  // tierwise: calls=1000/day
  const response = await client.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 10,
    system: \`Sort the ticket into one of: \${CATEGORIES.join(', ')}.\`,
    messages: [{ role: 'user', content: 'Classify this ticket. ' + 'Answer with one label.\\n' + \`Ticket: \${ticket.subject}\\n\${thread}\` }],
  });
  const block = response.content[0];
  return block && block.type === 'text' ? block.text.trim() : 'other';
}
`;
const USER_TEMPLATE = 'Classify this ticket. Answer with one label.\nTicket: ${ticket.subject}\n${thread}';
const t0 = Date.now();

async function script(ctx: UiContext, faults: unknown[]): Promise<void> {
  const res = await fetch(`${ctx.fakeAnthropicUrl}/__fake/script`, { method: 'POST', body: JSON.stringify(faults) });
  assert.equal(res.status, 200);
}

const verdictButtons = async (w: FrameLocator) => ({
  haiku: { text: (await w.locator('#use-haiku').innerText()).trim(), enabled: await w.locator('#use-haiku').isEnabled() },
  sonnet: { text: (await w.locator('#keep-sonnet').innerText()).trim(), enabled: await w.locator('#keep-sonnet').isEnabled() },
});

test('a prompt built with +, a template and a constant is text with two fields; Run waits for them', async (ctx) => {
  const { wb, workspace, screenshot } = ctx;
  mkdirSync(path.join(workspace, 'src', 'verdict'), { recursive: true });
  writeFileSync(path.join(workspace, FILE), SOURCE);
  await wb.openFile('legacyHaiku.ts');
  await wb.waitForCodeLens(/\/mo/);
  const lens = ctx.page.locator('.codelens-decoration a', { hasText: 'Compare' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
  const w = await comparePanel(ctx);
  await waitFor('the call site in the panel', 20_000, async () => /labelLegacy/.test(await w.locator('.origin').innerText()));
  assert.equal(await w.locator('#system').inputValue(), 'Sort the ticket into one of: billing, bug, feature_request.', 'the constant is filled in');
  assert.equal(await w.locator('.message textarea').first().inputValue(), USER_TEMPLATE, 'the user message is the text the code builds');
  assert.equal(await w.locator('[data-field]').count(), 2);
  assert.equal(await w.locator('[data-field="ticket.subject"]').count(), 1);
  assert.equal(await w.locator('[data-field="thread"]').count(), 1);
  // Both empty: Run is off and says why.
  assert.equal(await w.locator('#run').isEnabled(), false, 'Run is on with empty run-time values');
  const blocked = await w.locator('#run-blocked').innerText();
  assert.match(blocked, /Fill in \$\{ticket\.subject\}, \$\{thread\} to run — or tick “Send empty”/);
  await w.locator('[data-field="ticket.subject"]').fill('Charged twice');
  await waitFor('Run to stay off for the thread', 5000, async () => /\$\{thread\}/.test(await w.locator('#run-blocked').innerText()));
  assert.equal(await w.locator('#run').isEnabled(), false);
  await w.locator('input[data-send-empty="thread"]').check();
  await waitFor('Run to be enabled', 10_000, async () => w.locator('#run').isEnabled());
  assert.match(await w.locator('#fields').innerText(), /Will be sent as empty text/);
  await screenshot('verdict-fields');
}, { timeoutMs: 120_000 });

test('the current model is the reference: Haiku 4.5 with the lens figure; no verdict before a run', async (ctx) => {
  const w = await comparePanel(ctx);
  const site = scanWithCli(ctx.workspace).find((s) => s.file === FILE);
  assert.ok(site && site.monthlyCost.current !== null, 'the CLI prices the call on its current model');
  const current = await w.locator('#current').innerText();
  assert.match(current, /Now on claude-haiku-4-5/);
  assert.ok(dollars(current).some((d) => sameAmount(d, site.monthlyCost.current!)), `"${current}" lacks the lens's $${site.monthlyCost.current}`);
  const b = await verdictButtons(w);
  assert.equal(b.haiku.enabled, false, 'a verdict is offered before any run');
  assert.equal(b.sonnet.enabled, false);
  assert.doesNotMatch(`${b.haiku.text} ${b.sonnet.text}`, /Keep Sonnet/, 'a call on Haiku 4.5 is offered "Keep Sonnet"');
  assert.match(await w.locator('#choose-hint').innerText(), /once both models have answered/);
});

test('a run sends the built text, not source; the verdict is worded against Haiku 4.5', async (ctx) => {
  const w = await comparePanel(ctx);
  const since = Date.now();
  await runToEnd(w);
  const sent = (await fakeRequests(ctx, since)).filter((r) => r.path === '/v1/messages');
  assert.equal(sent.length, 2);
  const all = (await (await fetch(`${ctx.fakeAnthropicUrl}/__fake/requests`)).json()) as Array<{ at: number; path: string; body: { model: string; messages: Array<{ content: string }> } }>;
  const bodies = all.filter((r) => r.at >= since && r.path === '/v1/messages').map((r) => r.body);
  for (const body of bodies) assert.equal(body.messages[0]!.content, 'Classify this ticket. Answer with one label.\nTicket: Charged twice\n', `${body.model} got other text`);
  const summary = await w.locator('#summary').innerText();
  assert.match(summary, /Now on claude-haiku-4-5: \$[\d,.]+ a month at 1,000 calls\/day/);
  const b = await verdictButtons(w);
  assert.ok(b.haiku.enabled && b.sonnet.enabled, 'the verdict stays off after a complete run');
  assert.match(b.haiku.text, /^Use Haiku for this call \(saves \$[\d,.]+\/mo\)$/);
  assert.match(b.sonnet.text, /^Use Sonnet for this call \(costs \$[\d,.]+\/mo more\)$/);
  await ctx.screenshot('verdict-complete');
  ctx.log(`sent ${sent.length} requests since ${since - t0} ms`);
});

test('a failed column: the summary says what failed, compares nothing, and the verdict stays off', async (ctx) => {
  const w = await comparePanel(ctx);
  await script(ctx, [{ kind: 'status', status: 529, model: 'claude-haiku-5-5', retryAfterMs: 10 }]);
  try {
    await runToEnd(w);
    const summary = await w.locator('#summary').innerText();
    assert.match(summary, /Nothing to compare — Haiku tier: Anthropic is overloaded \(529\) after 2 retries/);
    assert.doesNotMatch(summary, /costs —|saves —|×/, `the summary compares a failed run: ${summary}`);
    const b = await verdictButtons(w);
    assert.equal(b.haiku.enabled, false, '"Use Haiku" stays on after a failure');
    assert.equal(b.sonnet.enabled, false);
    await ctx.screenshot('verdict-failed');
  } finally {
    await script(ctx, []);
  }
});

test('a cancelled run: the summary says so and the verdict stays off', async (ctx) => {
  const w = await comparePanel(ctx);
  await script(ctx, [{ kind: 'delay', firstTokenMs: 20_000 }]);
  try {
    const body = w.locator('body');
    const before = (await body.getAttribute('data-finished-run')) ?? '0';
    await w.locator('#run').click();
    await waitFor('both columns to wait for their first token', 20_000, async () => (await w.locator('#cancel').isEnabled()) && /waiting/i.test(await w.locator('#status-sonnet').innerText()));
    await w.locator('#cancel').click();
    await waitFor('the cancelled run to finish', 10_000, async () => ((await body.getAttribute('data-finished-run')) ?? '0') !== before);
    assert.match(await w.locator('#summary').innerText(), /Cancelled before both models finished: nothing to compare\./);
    const b = await verdictButtons(w);
    assert.equal(b.haiku.enabled, false);
    assert.equal(b.sonnet.enabled, false);
  } finally {
    await script(ctx, []);
  }
});
