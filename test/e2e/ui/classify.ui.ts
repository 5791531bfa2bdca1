// Claude as the judge, as a person uses it (issue #14): an unknown call's lens offers "Classify with Claude";
// the palette command shows the cost (counted with count_tokens) and says the cards are code from this workspace;
// Cancel sends nothing; Send shows progress, then the lenses and the hover show Claude's task types (not accepted
// yet); Accept writes them to .tierwise.json, which the CLI then reads without a key; a second run sends nothing;
// "Set task type…" writes an annotation in one undoable edit.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fakeRequests } from '../lib/compare';
import { ROOT } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { fileOptions, test, type UiContext } from '../lib/ui';

fileOptions({ needsFakeAnthropic: true, settings: { 'tierwise.lens.detail': 'full' } });

const t0 = Date.now();

const STORED = `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function runStoredPrompt(stored: { system: string }, input: string) {
  return client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 300, system: stored.system, messages: [{ role: 'user', content: input }] });
}
`;

const OTHER = `import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic();

export async function forward(body: { system: string; text: string }) {
  return client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 300, system: body.system, messages: [{ role: 'user', content: body.text }] });
}
`;

function answer(taskType: string, job: string, tier: 'haiku' | 'sonnet'): string {
  const yes = tier === 'haiku';
  return JSON.stringify({
    job,
    taskType,
    confidence: 0.86,
    questions: {
      shortSchemaConstrainedOutput: { answer: true, reason: 'a few fields' },
      cheapToRecover: { answer: yes, reason: yes ? 'a person checks the fields' : 'feeds billing' },
      noMultiStepReasoning: { answer: true, reason: 'one reading of the input' },
    },
    upgradeSignals: [],
    tier,
  });
}

async function script(ctx: UiContext, faults: unknown[]): Promise<void> {
  const r = await fetch(`${ctx.fakeAnthropicUrl}/__fake/script`, { method: 'POST', body: JSON.stringify(faults) });
  assert.equal(r.status, 200);
}

const requests = async (ctx: UiContext, since: number, p: string) => (await fakeRequests(ctx, since)).filter((r) => r.path === p);

async function dialog(ctx: UiContext): Promise<import('playwright-core').Locator> {
  const d = ctx.page.locator('.monaco-dialog-box');
  await d.waitFor({ state: 'visible', timeout: 30_000 });
  return d;
}

async function toast(ctx: UiContext, re: RegExp, timeoutMs = 30_000): Promise<string> {
  return waitFor(`a notification matching ${re}`, timeoutMs, async () => (await ctx.wb.notifications()).find((n) => re.test(n)));
}

async function hoverText(ctx: UiContext, lensTitle: RegExp): Promise<string> {
  await ctx.wb.escape();
  const lens = ctx.page.locator('.codelens-decoration a').filter({ hasText: lensTitle }).first();
  await lens.click();
  // The TypeScript hover of the callee may come first: wait for Tierwise's part (its cost detail loads lazily).
  return waitFor('the Tierwise hover', 20_000, async () => {
    const texts = await ctx.page.locator('.monaco-hover:visible').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ')).find((t) => /What Tierwise read/.test(t));
  });
}

test('an unknown call offers "Classify with Claude"; the command shows the cost and what is sent; Cancel sends nothing', async (ctx) => {
  const { wb, workspace } = ctx;
  mkdirSync(path.join(workspace, 'src', 'jobs'), { recursive: true });
  writeFileSync(path.join(workspace, 'src', 'jobs', 'stored.ts'), STORED);
  await script(ctx, [
    { kind: 'reply', match: 'Call site: runStoredPrompt ', text: answer('extract_entities', 'Pulls the fields named by the stored prompt out of the input.', 'haiku') },
    { kind: 'reply', match: 'Call site: classifyTicket ', text: answer('classify_intent', 'Sorts a support ticket into one of five labels.', 'haiku') },
  ]);
  await wb.openFile('src/jobs/stored.ts');
  await wb.waitForCodeLens('Classify with Claude');
  await wb.waitForCodeLens('Set task type…');
  await wb.waitForCodeLens(/unknown/);

  const since = Date.now();
  await wb.runCommand('Tierwise: Classify Call Sites with Claude');
  const d = await dialog(ctx);
  const text = (await d.innerText()).replace(/\s+/g, ' ');
  await ctx.screenshot('consent');
  assert.match(text, /Classify with Claude: 2 call sites, about \$0\.\d{3} on claude-haiku-5-5\?/);
  assert.match(text, /The cards contain code from this workspace \(prompt text, output schemas, tool, function and file names\) and are sent to 127\.0\.0\.1:\d+ with your API key\./);
  assert.match(text, /Input tokens counted with count_tokens/);
  await d.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await d.waitFor({ state: 'hidden', timeout: 10_000 });
  assert.ok((await requests(ctx, since, '/v1/messages/count_tokens')).length >= 1, 'the cost was not counted with count_tokens');
  assert.equal((await requests(ctx, since, '/v1/messages')).length, 0, 'Cancel sent cards');
}, { timeoutMs: 120_000 });

test('Send: progress, then the lens and the hover show Claude’s task type, not accepted yet', async (ctx) => {
  const { wb } = ctx;
  const since = Date.now();
  await wb.runCommand('Tierwise: Classify Call Sites with Claude');
  const d = await dialog(ctx);
  await d.locator('.monaco-button', { hasText: /^Send$/ }).click();
  const done = await toast(ctx, /2 answered\. The lenses and hovers show Claude’s task types/);
  assert.match(done, /Accept/);
  const sent = await requests(ctx, since, '/v1/messages');
  assert.equal(sent.length, 2, 'one request per call site');
  for (const r of sent as unknown as { body: Record<string, unknown> }[]) {
    assert.ok(!('temperature' in r.body) && !('top_p' in r.body), 'a sampling parameter was sent');
    assert.equal(r.body.model, 'claude-haiku-5-5');
  }
  await wb.openFile('src/jobs/stored.ts');
  const lens = await wb.waitForCodeLens(/extract_entities/);
  assert.match(lens, /→ Haiku/, `the lens follows Claude's tier: ${lens}`);
  await wb.waitForCodeLens('Accept Claude’s task type');
  const hover = await hoverText(ctx, /extract_entities/);
  await ctx.screenshot('hover-pending');
  assert.match(hover, /from Claude \(claude-haiku-5-5, \d{4}-\d{2}-\d{2}, not accepted yet\)/);
  assert.match(hover, /Task type from Claude \(claude-haiku-5-5, \d{4}-\d{2}-\d{2} · not accepted yet\)/);
  assert.match(hover, /Pulls the fields named by the stored prompt out of the input\./);
  assert.match(hover, /What Tierwise read/);
  assert.match(hover, /system \(parameter stored\.system\): “⟪stored\.system⟫”/);
}, { timeoutMs: 120_000 });

test('Accept writes .tierwise.json (taskType, taskTypeSource, the three answers); the CLI sees it without a key; a second run sends nothing', async (ctx) => {
  const { wb, workspace } = ctx;
  await wb.escape();
  await wb.runCommand('Tierwise: Accept Claude\'s Task Types into .tierwise.json');
  const usageFile = path.join(workspace, '.tierwise.json');
  await waitFor('.tierwise.json to be written', 20_000, () => existsSync(usageFile));
  await toast(ctx, /wrote 2 task types from Claude to \.tierwise\.json/);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  const e = usage.callSites['src/jobs/stored.ts#runStoredPrompt'];
  assert.equal(e.taskType, 'extract_entities');
  assert.match(e.taskTypeSource, /^claude-haiku-5-5 \d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(e.questions.cheapToRecover, { answer: true, reason: 'a person checks the fields' });
  assert.equal(usage.callSites['src/support/triage.ts#classifyTicket'].taskType, 'classify_intent');
  assert.deepEqual(readdirSync(workspace).filter((f) => f.endsWith('.tmp')), [], 'a temp file was left');

  // Every teammate and the CLI, without a key: the same task type and its source.
  const cli = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', 'json', workspace], { cwd: workspace, encoding: 'utf8', env: { PATH: process.env.PATH } }));
  const site = cli.callSites.find((s: { id: string }) => s.id === 'src/jobs/stored.ts#runStoredPrompt');
  assert.equal(site.taskType, 'extract_entities');
  assert.equal(site.taskTypeSource, e.taskTypeSource);
  assert.equal(site.recommendedTier, 'haiku');

  await wb.openFile('src/jobs/stored.ts');
  await waitFor('the Accept lens to go', 20_000, async () => !(await wb.codeLensTexts()).some((t) => t.includes('Accept Claude')));
  const hover = await hoverText(ctx, /extract_entities/);
  assert.match(hover, /Task type from Claude \(claude-haiku-5-5, \d{4}-\d{2}-\d{2} · accepted in \.tierwise\.json\)/);

  await wb.escape();
  const since = Date.now();
  await wb.runCommand('Tierwise: Classify Call Sites with Claude');
  await toast(ctx, /Every call site here has its task type set already: nothing was sent\./);
  assert.equal(await ctx.page.locator('.monaco-dialog-box').count(), 0, 'a consent dialog opened for nothing to send');
  assert.deepEqual((await fakeRequests(ctx, since)).map((r) => r.path), [], 'the second run sent a request');
}, { timeoutMs: 120_000 });

test('"Set task type…" on an unknown call: a quick pick, then one undoable edit (an annotation above the call)', async (ctx) => {
  const { wb, page, workspace } = ctx;
  writeFileSync(path.join(workspace, 'src', 'jobs', 'other.ts'), OTHER);
  await wb.openFile('src/jobs/other.ts');
  await wb.escape();
  const lens = page.locator('.codelens-decoration a', { hasText: 'Set task type…' }).first();
  await lens.waitFor({ state: 'visible', timeout: 45_000 });
  await lens.click();
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill('review_code');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'review_code' }).first().click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'As an annotation above the call' }).first().waitFor({ timeout: 20_000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'As an annotation above the call' }).first().click();
  await wb.waitForCodeLens(/review_code/);
  const file = path.join(workspace, 'src', 'jobs', 'other.ts');
  await wb.save();
  await waitFor('the annotation on disk', 20_000, () => readFileSync(file, 'utf8').includes('task=review_code\n  return'));
  assert.equal(readFileSync(file, 'utf8'), OTHER.replace('  return client', '  // tierwise: task=review_code\n  return client'));
  // One edit, one undo.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  await wb.save();
  await waitFor('the annotation to be undone on disk', 20_000, () => readFileSync(file, 'utf8') === OTHER);
  await wb.waitForCodeLens(/unknown/);
  await script(ctx, []);
  void t0;
}, { timeoutMs: 120_000 });
