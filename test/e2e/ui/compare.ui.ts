// "Compare on Haiku vs Sonnet" in the real VS Code, against the fake Anthropic server (base URL from the
// e2e settings, key from ANTHROPIC_API_KEY): select, right-click, run; both columns fill with text and figures;
// a fault shows its message in its own column; markup in the prompt and in the output stays text.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';
import { comparePanel, runToEnd } from '../lib/compare';

fileOptions({ needsFakeAnthropic: true });

const PAYLOAD = 'Reply <img src=x onerror=document.body.dataset.pwned=1> with escalate or keep';
const MENU_ITEM = 'Tierwise: Compare on Haiku vs Sonnet';
/** The fake server's key, which the harness passes as ANTHROPIC_API_KEY. */
const FAKE_KEY = 'sk-ant-test-key';

async function script(ctx: UiContext, faults: unknown[]): Promise<void> {
  assert.ok(ctx.fakeAnthropicUrl, 'the fake Anthropic server is not running');
  const res = await fetch(`${ctx.fakeAnthropicUrl}/__fake/script`, { method: 'POST', body: JSON.stringify(faults) });
  assert.equal(res.status, 200);
}

const panel = comparePanel;

/** Clicks Run and waits until this run has finished (the panel marks the body with the finished run's id). */
async function runAndWait(w: FrameLocator): Promise<void> {
  await runToEnd(w);
  assert.equal(await w.locator('.column.done, .column.failed').count(), 2, 'both columns finished');
}

/**
 * Opens a file by clicking it in the Explorer. (Quick Open right after another file can pick the
 * "recently opened" row before the filter applies, and reopen the previous file.)
 */
async function openFromExplorer(ctx: UiContext, name: string): Promise<void> {
  const row = ctx.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await ctx.page.locator(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: 20_000 });
  await ctx.page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 20_000 });
}

/** Selects `text` and runs Compare from the editor's context menu (retried: the selection is sometimes lost to a late click). */
async function compareSelection(ctx: UiContext, text: string): Promise<void> {
  await waitFor('the context-menu entry on the selection', 60_000, async () => {
    const selection = await ctx.wb.selectText(text);
    try {
      await ctx.wb.contextMenuAt(selection, MENU_ITEM, 5000);
      return true;
    } catch {
      await ctx.wb.escape();
      return false;
    }
  }, 500);
}

async function assertNoMarkupRendered(w: FrameLocator): Promise<void> {
  assert.equal(await w.locator('main img, main script, main iframe').count(), 0, 'markup from the prompt or the output was rendered');
  assert.equal(await w.locator('body[data-pwned]').count(), 0, 'an injected handler ran');
}

test('select a prompt string, right-click → Compare, run: both columns stream with figures; markup stays text', async (ctx) => {
  const { wb, screenshot } = ctx;
  await wb.openFile('compare-prompts.ts');
  await compareSelection(ctx, PAYLOAD);
  const w = await panel(ctx);
  assert.equal(await w.locator('.message textarea').first().inputValue(), PAYLOAD, 'the selection became the user message');
  await waitFor('the cost estimate', 20_000, async () => /Estimated cost of 1 run: at most \$/.test(await w.locator('#estimate').innerText()));
  await runAndWait(w);
  await screenshot('compare-selection');
  for (const [col, model] of [['haiku', 'claude-haiku-5-5'], ['sonnet', 'claude-sonnet-5-5']] as const) {
    const out = await w.locator(`#out-${col}`).innerText();
    assert.equal(out, `${model} says: ${PAYLOAD}`, `${col} output`);
    const fig = async (k: string) => w.locator(`#fig-${col} [data-figure=${k}]`).innerText();
    assert.match(await fig('ttft'), /^\d+ ms$|^\d+\.\d\d s$/);
    assert.match(await fig('latency'), /^\d+ ms$|^\d+\.\d\d s$/);
    assert.match(await fig('input'), /^[1-9][\d,]*$/);
    assert.match(await fig('output'), /^[1-9][\d,]*$/);
    assert.match(await fig('cost'), /^\$\d/);
    assert.match(await fig('monthly'), /^\$\d/);
  }
  assert.match(await w.locator('#summary').innerText(), /Sonnet costs \d+(\.\d)?× as much as Haiku.*saves \$[\d,.]+ a month at 1,000 calls\/day/s);
  await assertNoMarkupRendered(w);
}, { timeoutMs: 150_000 });

test('a selection inside a call compares that call: system prompt, ${ticket} field, its volume', async (ctx) => {
  const { wb, screenshot } = ctx;
  // One editor group again (closing the panel too): the workbench helpers act on the first editor.
  await wb.runCommand('View: Close All Editor Groups');
  await openFromExplorer(ctx, 'triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await compareSelection(ctx, 'Classify the support ticket');
  const w = await panel(ctx);
  await waitFor('the call site in the panel', 20_000, async () => /classifyTicket/.test(await w.locator('.origin').innerText()));
  assert.match(await w.locator('#system').inputValue(), /^Classify the support ticket into exactly one label/);
  await waitFor('the estimate of the new prompt', 20_000, async () => /Estimated cost of 1 run/.test(await w.locator('#estimate').innerText()));
  const field = w.locator('[data-field="ticket"]');
  await field.fill('I was charged twice for my subscription this month and I need a refund');
  await runAndWait(w);
  await screenshot('compare-call-site');
  const out = await w.locator('#out-haiku').innerText();
  assert.ok(out.startsWith('claude-haiku-5-5 says: I was charged'), out);
  assert.match(await w.locator('#status-haiku').innerText(), /max_tokens/, 'max_tokens 10 from the call was sent');
}, { timeoutMs: 120_000 });

test('a fault shows its message in its own column; the other column carries on', async (ctx) => {
  const { wb, screenshot } = ctx;
  await script(ctx, [{ kind: 'status', status: 529, model: 'claude-haiku-5-5', retryAfterMs: 10 }]);
  try {
    const w = await panel(ctx);
    await runAndWait(w);
    await screenshot('compare-fault');
    const err = w.locator('#err-haiku');
    assert.ok(await err.isVisible(), 'the Haiku column shows no error');
    assert.match(await err.innerText(), /Anthropic is overloaded \(529\) after 2 retries\. Try again in a minute\./);
    assert.equal(await w.locator('#err-sonnet').isVisible(), false);
    assert.ok((await w.locator('#out-sonnet').innerText()).startsWith('claude-sonnet-5-5 says:'));
    assert.match(await w.locator('#fig-sonnet [data-figure=cost]').innerText(), /^\$\d/);
    assert.ok(!(await wb.notifications()).some((n) => /error|failed/i.test(n)), 'a fault must not raise an error notification');
  } finally {
    await script(ctx, []);
  }
});

test('markup in the model output stays text', async (ctx) => {
  const evil = '<img src=x onerror="document.body.dataset.pwned=2"><script>document.body.dataset.pwned=3</script>**bold**';
  await script(ctx, [{ kind: 'reply', text: evil }]);
  try {
    const w = await panel(ctx);
    await runAndWait(w);
    for (const col of ['haiku', 'sonnet']) {
      const out = await w.locator(`#out-${col}`).innerText();
      assert.ok(out.includes('<script>document.body.dataset.pwned=3</script>'), `${col}: ${out}`);
    }
    await assertNoMarkupRendered(w);
  } finally {
    await script(ctx, []);
  }
});

test('keyboard: Ctrl+Enter runs from the prompt, Escape cancels both streams and keeps the panel usable', async (ctx) => {
  const w = await panel(ctx);
  await script(ctx, [{ kind: 'delay', firstTokenMs: 20_000 }]);
  try {
    const body = w.locator('body');
    const before = (await body.getAttribute('data-finished-run')) ?? '0';
    await w.locator('#system').focus();
    await ctx.page.keyboard.press('Control+Enter');
    await waitFor('both columns waiting for their first token', 20_000, async () => (await w.locator('#cancel').isEnabled()) && /waiting/i.test(await w.locator('#status-sonnet').innerText()));
    await ctx.page.keyboard.press('Escape');
    await waitFor('the cancelled run to finish', 10_000, async () => ((await body.getAttribute('data-finished-run')) ?? '0') !== before);
    for (const col of ['haiku', 'sonnet']) {
      assert.equal(await w.locator(`#status-${col}`).innerText(), 'Cancelled.');
      assert.match(await w.locator(`#err-${col}`).innerText(), /Cancelled\./);
    }
    assert.ok(await w.locator('#run').isEnabled(), 'Run is available again');
  } finally {
    await script(ctx, []);
  }
});

test('the "Compare…" lens opens the panel on its call site', async (ctx) => {
  const { page, wb } = ctx;
  // Close the panel first, so it is the lens that opens it.
  await page.locator('.tab', { hasText: 'Compare: Haiku vs Sonnet' }).click();
  await wb.runCommand('View: Close Editor');
  await waitFor('the panel to close', 10_000, async () => (await page.locator('.tab', { hasText: 'Compare: Haiku vs Sonnet' }).count()) === 0);
  const lens = page.locator('.codelens-decoration a', { hasText: 'Compare' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
  const w = await panel(ctx);
  await waitFor('the call site in the panel', 20_000, async () => /classifyTicket/.test(await w.locator('.origin').innerText()));
  assert.equal(await w.locator('[data-field="ticket"]').count(), 1);
  await w.locator('[data-field="ticket"]').fill('Refund please');
});

test('"Use Haiku for this call" moves the compared call to the registry on the Haiku tier', async (ctx) => {
  const w = await panel(ctx);
  assert.match(await w.locator('.origin').innerText(), /classifyTicket/, 'the panel still shows the call site');
  // The verdict is offered once both models have answered.
  assert.equal(await w.locator('#use-haiku').isEnabled(), false);
  await runAndWait(w);
  await w.locator('#use-haiku').click();
  await waitFor('the call to read its model from the registry', 30_000, async () => /modelFor\(/.test(await ctx.wb.visibleEditorText()));
  await ctx.screenshot('compare-use-haiku');
  await ctx.wb.runCommand('File: Save All');
  const registryFile = path.join(ctx.workspace, 'src', 'llm', 'modelRegistry.ts');
  const registry = await waitFor('the registry file on disk', 20_000, () => existsSync(registryFile) && readFileSync(registryFile, 'utf8'));
  assert.match(registry, /classify_intent\W+claude-haiku-5-5/, registry);
  const call = readFileSync(path.join(ctx.workspace, 'src', 'support', 'triage.ts'), 'utf8');
  assert.match(call, /modelFor\(['"]classify_intent['"]\)/, call);
});

test('closing the panel cancels the requests in flight; the key is in no log, setting or page', async (ctx) => {
  const { wb, page } = ctx;
  await wb.runCommand('Tierwise: Compare on Haiku vs Sonnet');
  const w = await panel(ctx);
  assert.ok(!(await w.locator('html').innerHTML()).includes(FAKE_KEY), 'the key reached the webview');
  await w.locator('.message textarea').first().fill('Say hello');
  await script(ctx, [{ kind: 'hang' }]);
  try {
    await waitFor('the Run button to be enabled', 20_000, async () => w.locator('#run').isEnabled());
    await w.locator('#run').click();
    const hung = async () => {
      const all = (await (await fetch(`${ctx.fakeAnthropicUrl}/__fake/requests`)).json()) as Array<{ path: string; status: number; at: number; abortedAt: number | null }>;
      return all.filter((r) => r.path === '/v1/messages' && r.status === 0);
    };
    await waitFor('both requests to reach the fake server', 20_000, async () => (await hung()).length >= 2);
    const closedAt = Date.now();
    await page.locator('.tab', { hasText: 'Compare: Haiku vs Sonnet' }).click();
    await wb.runCommand('View: Close Editor');
    await waitFor('the panel to close', 10_000, async () => (await page.locator('.tab', { hasText: 'Compare: Haiku vs Sonnet' }).count()) === 0);
    await waitFor('both hung requests to be aborted by the client', 10_000, async () => (await hung()).every((r) => r.abortedAt !== null));
    ctx.log(`requests aborted ${Math.max(...(await hung()).map((r) => r.abortedAt! - closedAt))} ms after the close click`);
  } finally {
    await script(ctx, []);
  }
  // The extension host's logs, code-server's log and the user settings never contain the key.
  const runDir = path.dirname(ctx.workspace);
  const files = [path.join(runDir, 'code-server.log'), path.join(runDir, 'user-data', 'User', 'settings.json'), ...listFiles(path.join(runDir, 'user-data', 'logs'))];
  assert.ok(files.length > 2, 'no log files found');
  for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes(FAKE_KEY), `the key appears in ${path.relative(runDir, f)}`);
});

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
