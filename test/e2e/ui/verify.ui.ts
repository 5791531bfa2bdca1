// "Verify before moving" in the real VS Code, against the fake Messages API: a dataset of 40 tickets → Run… (count
// tokens on a sample, then a modal with the cost and what is sent; nothing before) → one Message Batch → the
// report (2.5% with its interval, the one disagreement) → "Move to Haiku" (the registry move and the record in
// .tierwise.json, one edit) → the registry's lens shows the verification → "Revert to Sonnet" → one undo each.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { BUILT_IN_THEMES, contrastOver, overCss, setWorkspaceTheme } from '../lib/colours';
import { fakeRequests } from '../lib/compare';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';

fileOptions({ needsFakeAnthropic: true, settings: { 'tierwise.verify.minInputs': 10, 'tierwise.verify.latencySample': 3 } });

const CALL_FILE = 'src/support/triage.ts';
const REGISTRY = 'src/llm/modelRegistry.ts';
const USAGE = '.tierwise.json';
const DATASET = 'datasets/tickets.jsonl';
const LABELS = ['billing', 'bug', 'feature_request', 'account'];
const HAIKU = 'claude-haiku-5-5';
const t0 = Date.now();
let original = '';

async function fake(ctx: UiContext, route: string, body: unknown): Promise<void> {
  assert.ok(ctx.fakeAnthropicUrl, 'the fake Anthropic server is not running');
  const res = await fetch(`${ctx.fakeAnthropicUrl}${route}`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${route}: ${res.status}`);
}

/** Both tiers answer each ticket's "[label]"; Haiku gets ticket 1 wrong. Same replies for batch items and direct requests. */
function replies(): unknown[] {
  return (['/v1/messages/batches', '/v1/messages'] as const).flatMap((p) => [
    { kind: 'reply', path: p, model: HAIKU, whenText: '^\\[bug\\] ticket 1 ', text: 'feature_request' },
    { kind: 'reply', path: p, whenText: '^\\[(\\w+)\\]', text: '$1' },
  ]);
}

/** The active editor group's text as drawn (the panel keeps a second group open, so "the first editor" is not enough). */
async function activeText(ctx: UiContext): Promise<string> {
  return (await ctx.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

async function clickActiveEditor(ctx: UiContext): Promise<void> {
  await ctx.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
}

async function panel(ctx: UiContext): Promise<FrameLocator> {
  const w = ctx.wb.webview();
  await w.locator('#dataset-file').waitFor({ state: 'visible', timeout: 30_000 });
  return w;
}

test('dataset → Run… → count_tokens, then the cost to confirm; nothing before the click', async (ctx) => {
  const { wb, page, workspace, screenshot } = ctx;
  original = readFileSync(path.join(workspace, CALL_FILE), 'utf8');
  mkdirSync(path.join(workspace, 'datasets'), { recursive: true });
  const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ $id: `t${i}`, ticket: `[${LABELS[i % 4]}] ticket ${i} from a customer` }));
  writeFileSync(path.join(workspace, DATASET), `${lines.join('\n')}\n`);
  await fake(ctx, '/__fake/script', replies());
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await wb.runCommand('Tierwise: Verify Before Moving to Haiku…');
  const w = await panel(ctx);
  await w.locator('#origin').filter({ hasText: 'classifyTicket' }).waitFor({ timeout: 20_000 });
  assert.match(await w.locator('#origin').innerText(), /task type classify_intent/);
  assert.match(await w.locator('#keys-hint').innerText(), /the keys "ticket"/);
  // Exact label grading is suggested for a classification.
  assert.equal(await w.locator('#mode-label').isChecked(), true);
  await waitFor('the dataset in the list', 30_000, async () => (await w.locator('#dataset-file option').allInnerTexts()).includes(DATASET));
  await w.locator('#dataset-file').selectOption(DATASET);
  await waitFor('the dataset summary', 20_000, async () => /40 inputs in datasets\/tickets\.jsonl/.test(await w.locator('#dataset-summary').innerText()));
  await waitFor('the local estimate', 20_000, async () => /Sends 80 requests \(40 inputs × 2 tiers, one Message Batch\) \+ 6 timed direct requests to 127\.0\.0\.1:\d+\. At most \$/.test(await w.locator('#estimate').innerText()));
  await w.locator('#what-is-sent summary').click();
  assert.match(await w.locator('#preview').innerText(), /Classify the support ticket[\s\S]*\[billing\] ticket 0 from a customer/);
  await screenshot('dataset');
  assert.deepEqual(await fakeRequests(ctx, t0), [], 'a request left before Run was clicked');

  await w.locator('#run-button').click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  const text = await dialog.innerText();
  assert.match(text, /Verify classify_intent on 40 inputs for at most \$[\d.]+\?/);
  assert.match(text, /80 requests \(40 inputs on claude-haiku-5-5 and claude-sonnet-5-5\) in one Message Batch, 50% off; 6 direct requests timing 3 inputs on each tier/);
  assert.match(text, /count_tokens on 5 inputs × 40/);
  await screenshot('confirm');
  const before = await fakeRequests(ctx, t0);
  assert.ok(before.length === 10 && before.every((r) => r.path === '/v1/messages/count_tokens'), `before the confirmation: ${before.map((r) => r.path).join(', ')}`);
  await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}, { timeoutMs: 150_000 });

test('the report: 1 of 40 wrong, 2.5% (0.4–13%) below 5%, the disagreement side by side; one batch', async (ctx) => {
  const w = await panel(ctx);
  await waitFor('the report', 90_000, async () => (await w.locator('body').getAttribute('data-decision')) === 'move');
  assert.equal(await w.locator('[data-figure="n"]').innerText(), '40 of 40');
  assert.equal(await w.locator('[data-figure="errors"]').innerText(), '1');
  assert.equal(await w.locator('[data-figure="rate"]').innerText(), '2.5% (95% interval 0.4–13%)');
  assert.match(await w.locator('#decision').innerText(), /Below the threshold: move to Haiku/);
  assert.match(await w.locator('#interval-chart figcaption').innerText(), /Error rate 2\.5%, 95% interval 0\.4–13%, threshold 5%: the interval lies across the threshold/);
  assert.match(await w.locator('[data-figure="latency-haiku"]').innerText(), /\d+ ms \/ \d+ ms/);
  assert.match(await w.locator('[data-figure="cost-haiku"]').innerText(), /^\$/);
  const d = w.locator('.disagreement');
  assert.equal(await d.count(), 1);
  const dt = await d.innerText();
  assert.match(dt, /t1 · line 2 · label "feature_request" instead of "bug"/);
  assert.match(dt, /\[bug\] ticket 1 from a customer/);
  assert.equal(await w.locator('#move').isEnabled(), true);
  await ctx.screenshot('report');
  await w.locator('#disagreements').scrollIntoViewIfNeeded();
  await ctx.screenshot('report-disagreements');
  const reqs = await fakeRequests(ctx, t0);
  assert.equal(reqs.filter((r) => r.path === '/v1/messages/batches').length, 1, 'one batch created');
  // The keyboard reaches the decision: Tab from the report's buttons moves through them.
  await w.locator('#move').focus();
  assert.equal(await w.locator('#move').evaluate((el) => el === document.activeElement), true);
}, { timeoutMs: 120_000 });

/** Measured on the panel with a report: text 4.5:1, the chart's marks 3:1 (WCAG 2.2 AA). `own`: on the element's own background. */
const MEASURED: Array<[name: string, selector: string, property: 'color' | 'fill' | 'stroke', min: number, own: boolean]> = [
  ['heading', 'h1', 'color', 4.5, false],
  ['muted text', '#now-on', 'color', 4.5, false],
  ['hint', '#threshold-hint', 'color', 4.5, false],
  ['label', '#rubric-field label, #schema-field label, label[for="threshold"]', 'color', 4.5, false],
  ['input text', '#threshold', 'color', 4.5, true],
  ['decision', '#decision strong', 'color', 4.5, false],
  ['figure', '[data-figure="rate"]', 'color', 4.5, false],
  ['row label', '#figures tbody th', 'color', 4.5, false],
  ['answer text', '.disagreement .output', 'color', 4.5, true],
  ['primary button', '#move', 'color', 4.5, true],
  ['secondary button', '#export', 'color', 4.5, true],
  ['chart tick', '.chart .tick', 'fill', 4.5, false],
  ['threshold label', '.chart .threshold-label', 'fill', 4.5, false],
  ['axis', '.chart .axis', 'stroke', 3, false],
  ['interval', '.chart .interval', 'stroke', 3, false],
  ['error rate dot', '.chart .rate', 'fill', 3, false],
  ['threshold line', '.chart .threshold', 'stroke', 3, false],
];

test('the panel in every built-in theme: text 4.5:1, the chart 3:1 (WCAG AA)', async (ctx) => {
  const { workspace, screenshot, log } = ctx;
  const w = await panel(ctx);
  await w.locator('#interval-chart').waitFor({ timeout: 20_000 });
  const failures: string[] = [];
  for (const theme of BUILT_IN_THEMES) {
    const before = await w.locator('body').evaluate((b) => getComputedStyle(b).getPropertyValue('--vscode-editor-background'));
    setWorkspaceTheme(workspace, theme);
    await waitFor(`the panel in the ${theme} theme`, 30_000, async () => {
      const now = await w.locator('body').evaluate((b) => ({ id: b.getAttribute('data-vscode-theme-id') ?? '', name: b.getAttribute('data-vscode-theme-name') ?? '', bg: getComputedStyle(b).getPropertyValue('--vscode-editor-background') }));
      return now.id === theme || now.name === theme || (theme !== BUILT_IN_THEMES[0] && now.id === '' && now.bg !== before);
    });
    const look = await w.locator('body').evaluate(
      (body, items) => ({
        background: [getComputedStyle(body).backgroundColor, getComputedStyle(document.documentElement).backgroundColor].find((c) => !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(c)) ?? getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim(),
        values: items.map(([, selector, property, , own]) => {
          const el = document.querySelector(selector);
          if (!el) return null;
          const style = getComputedStyle(el);
          return { value: style[property], own: own ? style.backgroundColor : null };
        }),
      }),
      MEASURED,
    );
    const row: string[] = [];
    MEASURED.forEach(([name, selector, , min], i) => {
      const v = look.values[i];
      if (!v) {
        failures.push(`${theme}: ${name} (${selector}) is not on the page`);
        return;
      }
      const bg = v.own && !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(v.own) ? overCss(v.own, look.background) : look.background;
      const ratio = contrastOver(v.value, bg);
      row.push(`${name} ${ratio.toFixed(1)}`);
      if (ratio < min) failures.push(`${theme}: ${name} ${v.value} on ${bg} is ${ratio.toFixed(2)}:1 < ${min}:1`);
    });
    log(`${theme}: ${row.join(', ')}`);
    if (['Light Modern', 'Default High Contrast', 'Default High Contrast Light'].includes(theme)) {
      await w.locator('#report').scrollIntoViewIfNeeded();
      await screenshot(`verify-${theme.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    }
  }
  setWorkspaceTheme(workspace, 'Dark Modern');
  assert.deepEqual(failures, [], `contrast below WCAG AA:\n${failures.join('\n')}`);
}, { timeoutMs: 300_000 });

test('Move to Haiku: the call uses the registry on Haiku and .tierwise.json records the verification, in one edit', async (ctx) => {
  const { wb, workspace } = ctx;
  const w = await panel(ctx);
  // By keyboard: the button has focus (see above), Enter presses it.
  await w.locator('#move').focus();
  await ctx.page.keyboard.press('Enter');
  await waitFor('the panel to say it moved', 20_000, async () => /Moved to Haiku/.test(await w.locator('#move').innerText()));
  await wb.runCommand('File: Save All');
  const registry = await waitFor('the registry on disk', 30_000, () => {
    const p = path.join(workspace, REGISTRY);
    const t = existsSync(p) ? readFileSync(p, 'utf8') : '';
    return t.includes("classify_intent: 'claude-haiku-5-5'") ? t : undefined;
  });
  assert.match(registry, /export const DEFAULT_MODEL = 'claude-sonnet-5-5';/);
  await waitFor('the call rewritten on disk', 20_000, () => readFileSync(path.join(workspace, CALL_FILE), 'utf8').includes("modelFor('classify_intent')"));
  const usage = await waitFor('the record on disk', 20_000, () => {
    const p = path.join(workspace, USAGE);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as { verifications?: Record<string, Record<string, unknown>> }) : undefined;
  });
  const rec = usage.verifications!.classify_intent!;
  assert.equal(rec.n, 40);
  assert.equal(rec.errors, 1);
  assert.equal(rec.errorRate, 0.025);
  assert.deepEqual(rec.models, { haiku: HAIKU, sonnet: 'claude-sonnet-5-5' });
  assert.deepEqual(rec.callSites, ['src/support/triage.ts#classifyTicket']);
  assert.match(String(rec.datasetHash), /^sha256:[0-9a-f]{64}$/);
  assert.equal(rec.dataset, DATASET);
}, { timeoutMs: 120_000 });

test('the registry lens shows the verification; Revert to Sonnet is one edit; one undo puts it back on Haiku', async (ctx) => {
  const { wb, page, workspace, screenshot } = ctx;
  await waitFor('the registry in Quick Open', 100_000, () =>
    wb.openFile(REGISTRY, 8000).then(
      () => true,
      async () => {
        await wb.escape();
        return false;
      },
    ),
  );
  const lens = await wb.waitForCodeLens(/^verified [A-Z][a-z]{2} \d{1,2} · n=40 · 2\.5% \(0\.4–13%\) · today$/, 60_000);
  assert.ok(lens);
  await wb.waitForCodeLens('Revert to Sonnet');
  await screenshot('registry-verified');
  await page.locator('.codelens-decoration a', { hasText: 'Revert to Sonnet' }).first().click();
  await waitFor('the entry back on Sonnet', 20_000, async () => (await activeText(ctx)).includes("classify_intent: 'claude-sonnet-5-5'"));
  await wb.waitForCodeLens(/^reverted to Sonnet [A-Z][a-z]{2} \d{1,2} \(was verified/, 45_000);
  await screenshot('registry-reverted');
  await wb.runCommand('File: Save All');
  await waitFor('revertedAt on disk', 20_000, () => /"revertedAt": "\d{4}-\d{2}-\d{2}"/.test(readFileSync(path.join(workspace, USAGE), 'utf8')));
  // One undo: the entry and the record come back together.
  await clickActiveEditor(ctx);
  await page.keyboard.press('Control+Z');
  const across = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Undo in \d+ Files/i }).first();
  if (await across.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) await across.click();
  await waitFor('the entry on Haiku again', 20_000, async () => (await activeText(ctx)).includes("classify_intent: 'claude-haiku-5-5'"));
  await wb.waitForCodeLens(/^verified .* · n=40 · 2\.5%/, 45_000);
  await wb.runCommand('File: Save All');
  await waitFor('the record without revertedAt', 20_000, () => !readFileSync(path.join(workspace, USAGE), 'utf8').includes('revertedAt'));
}, { timeoutMs: 200_000 });

test('one undo takes the move back: the call as it was, no registry, no usage file', async (ctx) => {
  const { wb, page, workspace, screenshot } = ctx;
  await page.locator('.tab', { hasText: 'triage.ts' }).first().click();
  await page.locator('.editor-group-container.active .tab.active', { hasText: 'triage.ts' }).first().waitFor({ timeout: 15_000 });
  await clickActiveEditor(ctx);
  await page.keyboard.press('Control+Z');
  const across = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Undo in \d+ Files/i }).first();
  if (await across.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) {
    await screenshot('undo-dialog');
    await across.click();
  }
  // Undo moves the view to the change; the top of the file holds the call.
  await waitFor('the model literal to come back', 20_000, async () => {
    await page.keyboard.press('Control+Home');
    return (await activeText(ctx)).includes("model: 'claude-sonnet-5-5'");
  });
  await wb.runCommand('File: Save All');
  await waitFor('the call file restored on disk', 20_000, () => readFileSync(path.join(workspace, CALL_FILE), 'utf8') === original);
  await waitFor('the created registry removed', 20_000, () => !existsSync(path.join(workspace, REGISTRY)));
  await waitFor('the created usage file removed', 20_000, () => !existsSync(path.join(workspace, USAGE)));
  await fake(ctx, '/__fake/script', []);
}, { timeoutMs: 120_000 });
