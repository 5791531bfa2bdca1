// "Move to registry" in a project that already has registries (TS and Python, not at the configured paths) and
// calls on several providers, as a user meets it: an OpenAI call is not offered the Claude tier move (its own
// model, under its own key, instead); an Anthropic call's move adds to the project's registry; one undo leaves
// every file on disk as it was (no import left behind in Python, no second registry, no new folder).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';
import type { Workbench } from '../lib/workbench';

const OPENAI_FILE = 'src/support/summarize.ts';
const OPENAI_SOURCE = `import OpenAI from 'openai';

const oai = new OpenAI();

export async function tagTicket(ticket: string): Promise<string> {
  const res = await oai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Classify the support ticket. Respond with exactly one of: billing, bug, account, other.' },
      { role: 'user', content: ticket },
    ],
    max_tokens: 5,
  });
  return res.choices[0].message.content ?? 'other';
}
`;
const TS_REGISTRY = 'src/config/models.ts';
const TS_REGISTRY_SOURCE = `// The models this service uses, by task type.
export const MODEL_REGISTRY = {
  summarize_short: 'claude-haiku-5-5',
} as const;

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export function modelFor(task: string): string {
  const models: Readonly<Record<string, string>> = MODEL_REGISTRY;
  return models[task] ?? DEFAULT_MODEL;
}
`;
const PY_FILE = 'worker/jobs/sentiment.py';
const PY_SOURCE = `"""Sentiment tagging for survey answers."""
import json

from anthropic import Anthropic

client = Anthropic()


def tag_sentiment(answer: str) -> dict:
    response = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=20,
        system="Label the sentiment of the survey answer. Respond with exactly one of: positive, neutral, negative.",
        messages=[{"role": "user", "content": answer}],
    )
    return json.loads(response.content[0].text)
`;
const PY_REGISTRY = 'worker/settings/llm_models.py';
const PY_REGISTRY_SOURCE = `MODEL_REGISTRY = {
    "summarize_short": "claude-haiku-5-5",
}

DEFAULT_MODEL = "claude-sonnet-5-5"


def model_for(task: str) -> str:
    return MODEL_REGISTRY.get(task, DEFAULT_MODEL)
`;

const SEEDED: Record<string, string> = {
  [OPENAI_FILE]: OPENAI_SOURCE,
  [TS_REGISTRY]: TS_REGISTRY_SOURCE,
  [PY_FILE]: PY_SOURCE,
  'worker/__init__.py': '',
  'worker/jobs/__init__.py': '',
  'worker/settings/__init__.py': '',
  [PY_REGISTRY]: PY_REGISTRY_SOURCE,
};

let triageOriginal = '';

/** Every file under the workspace, relative, with its text (the disk as a user would compare it). */
function disk(workspace: string, files: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(files.map((f) => [f, existsSync(path.join(workspace, f)) ? readFileSync(path.join(workspace, f), 'utf8') : null]));
}

/** The titles the lightbulb lists at the cursor (the menu is closed again). */
async function quickFixTitles(page: Page, screenshot: (n: string) => Promise<string>): Promise<string[]> {
  return waitFor('the quick fix menu', 20_000, async () => {
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    const shown = await rows.first().waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false);
    const titles = shown ? (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()) : [];
    if (titles.some((t) => t.startsWith('Move model to registry'))) await screenshot('openai-quick-fixes');
    await page.keyboard.press('Escape');
    return titles.some((t) => t.startsWith('Move model to registry')) ? titles : undefined;
  });
}

async function undoAll(wb: Workbench, page: Page, screenshot: (n: string) => Promise<string>, name: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Z');
  // VS Code may ask whether to undo across all files: the whole edit is what we want.
  const across = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Undo in \d+ Files/i }).first();
  if (await across.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) {
    await screenshot(`${name}-undo-dialog`);
    await across.click();
  }
  await wb.runCommand('File: Save All');
}

test('an OpenAI call is offered its own model under its own key, never the Claude tier', async ({ wb, page, workspace, screenshot, log }) => {
  for (const [file, text] of Object.entries(SEEDED)) {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), text);
  }
  // Quick Open's file search can lag behind a file created a moment ago: the relative path resolves on disk.
  await waitFor('summarize.ts in Quick Open', 100_000, () => wb.openFile(OPENAI_FILE, 8000).then(() => true, async () => { await wb.escape(); return false; }));
  await wb.waitForCodeLens(/\/mo/);
  await wb.selectText("'gpt-4o-mini'");
  const titles = await quickFixTitles(page, screenshot);
  log(`quick fixes on the OpenAI call: ${titles.join(' | ')}`);
  assert.ok(titles.some((t) => /^Move model to registry as `classify_intent@openai`, keeping gpt-4o-mini \(no Claude tier on OpenAI\)/.test(t)), titles.join(' | '));
  // The tier actions read "… (Haiku, saves …)" / "… on Sonnet (…)"; a disabled "Move model to registry on Haiku" may be
  // listed greyed with its reason, but nothing that would apply a Claude model.
  assert.ok(!titles.some((t) => /\((Haiku|Sonnet), | on (Haiku|Sonnet) \(/.test(t)), `a Claude tier is offered: ${titles.join(' | ')}`);
  // The lens's "Move to registry" and the lightbulb's keep action: the entry goes to the project's registry.
  await wb.applyQuickFix(/keeping gpt-4o-mini/);
  await waitFor('the call to be rewritten', 20_000, async () => (await wb.visibleEditorText()).includes("modelFor('classify_intent@openai')"));
  await wb.runCommand('File: Save All');
  const after = await waitFor('both files on disk', 20_000, () => {
    const d = disk(workspace, [OPENAI_FILE, TS_REGISTRY]);
    return d[OPENAI_FILE]?.includes("modelFor('classify_intent@openai')") && d[TS_REGISTRY]?.includes('classify_intent@openai') ? d : undefined;
  });
  assert.match(after[TS_REGISTRY]!, /'classify_intent@openai': 'gpt-4o-mini',/);
  assert.match(after[OPENAI_FILE]!, /^import \{ modelFor \} from '\.\.\/config\/models';$/m);
  assert.ok(!existsSync(path.join(workspace, 'src/llm')), 'a second registry was created at the configured path');
  await undoAll(wb, page, screenshot, 'openai');
  await waitFor('the OpenAI file and the registry restored on disk', 20_000, () => {
    const d = disk(workspace, [OPENAI_FILE, TS_REGISTRY]);
    return d[OPENAI_FILE] === OPENAI_SOURCE && d[TS_REGISTRY] === TS_REGISTRY_SOURCE;
  });
}, { timeoutMs: 120_000 });

test('an Anthropic call moves into the registry the project already has; one undo restores the disk', async ({ wb, page, workspace, screenshot }) => {
  triageOriginal = readFileSync(path.join(workspace, 'src/support/triage.ts'), 'utf8');
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await wb.selectText("'claude-sonnet-5-5'");
  await wb.applyQuickFix(/Move model to registry as `classify_intent` \(Haiku, saves/);
  await waitFor('the call to be rewritten', 20_000, async () => (await wb.visibleEditorText()).includes("modelFor('classify_intent')"));
  await wb.runCommand('File: Save All');
  const d = await waitFor('the project registry on disk', 20_000, () => {
    const now = disk(workspace, ['src/support/triage.ts', TS_REGISTRY]);
    return now[TS_REGISTRY]?.includes("classify_intent: 'claude-haiku-5-5'") && now['src/support/triage.ts']?.includes("modelFor('classify_intent')") ? now : undefined;
  });
  await screenshot('existing-registry');
  assert.match(d['src/support/triage.ts']!, /^import \{ modelFor \} from '\.\.\/config\/models';$/m);
  assert.equal(d[TS_REGISTRY], TS_REGISTRY_SOURCE.replace("  summarize_short: 'claude-haiku-5-5',\n", "  summarize_short: 'claude-haiku-5-5',\n  classify_intent: 'claude-haiku-5-5',\n"));
  assert.ok(!existsSync(path.join(workspace, 'src/llm')), 'a second registry was created at the configured path');
  await undoAll(wb, page, screenshot, 'anthropic');
  await waitFor('every file as it was', 20_000, () => {
    const now = disk(workspace, ['src/support/triage.ts', TS_REGISTRY]);
    return now['src/support/triage.ts'] === triageOriginal && now[TS_REGISTRY] === TS_REGISTRY_SOURCE;
  });
  assert.ok(!existsSync(path.join(workspace, 'src/llm')));
}, { timeoutMs: 120_000 });

test('a Python call moves into the project’s Python registry; one undo leaves no import behind', async ({ wb, page, workspace, screenshot }) => {
  // Quick Open's file search can lag behind a file created a moment ago: the relative path resolves on disk.
  await waitFor('sentiment.py in Quick Open', 100_000, () => wb.openFile(PY_FILE, 8000).then(() => true, async () => { await wb.escape(); return false; }));
  await wb.waitForCodeLens(/\/mo/, 60_000);
  await wb.selectText('"claude-sonnet-4-6"');
  await wb.applyQuickFix(/Move model to registry as `classify_intent` \(Haiku/);
  await waitFor('the call to be rewritten', 20_000, async () => (await wb.visibleEditorText()).includes('model_for("classify_intent")'));
  await wb.runCommand('File: Save All');
  const d = await waitFor('both Python files on disk', 20_000, () => {
    const now = disk(workspace, [PY_FILE, PY_REGISTRY]);
    return now[PY_FILE]?.includes('model_for("classify_intent")') && now[PY_REGISTRY]?.includes('"classify_intent": "claude-haiku-5-5"') ? now : undefined;
  });
  await screenshot('python-existing-registry');
  assert.match(d[PY_FILE]!, /^from worker\.settings\.llm_models import model_for$/m);
  assert.ok(!existsSync(path.join(workspace, 'model_registry.py')), 'a second Python registry was created');
  await undoAll(wb, page, screenshot, 'python');
  const back = await waitFor('the Python files as they were', 20_000, () => {
    const now = disk(workspace, [PY_FILE, PY_REGISTRY]);
    return now[PY_FILE] === PY_SOURCE && now[PY_REGISTRY] === PY_REGISTRY_SOURCE ? now : undefined;
  }).catch(() => disk(workspace, [PY_FILE, PY_REGISTRY]));
  assert.equal(back[PY_FILE], PY_SOURCE, 'the call file after one undo');
  assert.equal(back[PY_REGISTRY], PY_REGISTRY_SOURCE, 'the registry after one undo');
  await screenshot('python-after-undo');
}, { timeoutMs: 150_000 });
