// The cost lens is drawn above the fixture's call site with the figures the core computes, and
// "Tierwise: Toggle Cost Lenses" from the palette hides and shows it. Issue #11: the lens leads with the saving,
// marks an assumed volume, and no lens of the example workspace is clipped in a 1400-px window (with the minimap
// and the side bar, as VS Code starts); the long form's lenses were clipped in 52 of 77 cases.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { dollars, sameAmount, scanWithCli } from '../lib/expect';
import { ROOT } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { fileOptions, test } from '../lib/ui';

// VS Code's defaults (the other suites turn the minimap off).
fileOptions({ settings: { 'editor.minimap.enabled': true } });

test('cost lens drawn on the call site with the expected figures', async ({ wb, workspace, screenshot }) => {
  await wb.openFile('triage.ts');
  const text = await wb.waitForCodeLens(/\/mo/);
  await screenshot('lens');
  const site = scanWithCli(workspace).find((s) => s.file.endsWith('src/support/triage.ts'));
  assert.ok(site, 'the CLI finds no call site in src/support/triage.ts');
  assert.equal(site.taskType, 'classify_intent');
  assert.equal(site.callsPerDay, 1000, 'the annotation sets 1000 calls/day');
  assert.match(text, /classify_intent/);
  assert.match(text, /Sonnet/);
  assert.match(text, /Haiku/);
  const shown = dollars(text);
  assert.ok(shown.some((d) => sameAmount(d, site.monthlyCost.sonnet)), `lens "${text}" lacks the Sonnet figure $${site.monthlyCost.sonnet}`);
  assert.ok(shown.some((d) => sameAmount(d, site.monthlyCost.haiku)), `lens "${text}" lacks the Haiku figure $${site.monthlyCost.haiku}`);
  // Same tokenizer generation on both current tiers: Sonnet 5.5 costs exactly 20× Haiku 5.5.
  assert.ok(Math.abs(site.monthlyCost.sonnet / site.monthlyCost.haiku - 20) < 0.01, `Sonnet/Haiku ratio ${site.monthlyCost.sonnet / site.monthlyCost.haiku}`);
  // The lens is drawn right above the line of the call.
  const lensBox = await wb.page.locator('.codelens-decoration', { hasText: '/mo' }).first().boundingBox();
  const callBox = await wb.page.locator('.view-line', { hasText: 'client.messages.create(' }).first().boundingBox();
  assert.ok(lensBox && callBox, 'lens or call line not drawn');
  assert.ok(callBox.y > lensBox.y && callBox.y - lensBox.y < 2.5 * callBox.height, `the lens (y=${lensBox.y}) is not right above the call (y=${callBox.y})`);
});

test('"Tierwise: Toggle Cost Lenses" hides the lens and shows it again', async ({ wb }) => {
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await wb.runCommand('Tierwise: Toggle Cost Lenses');
  await waitFor('the cost lens to disappear', 20_000, async () => !(await wb.codeLensTexts()).some((t) => t.includes('/mo')));
  await wb.runCommand('Tierwise: Toggle Cost Lenses');
  await wb.waitForCodeLens(/\/mo/, 20_000);
});

test('a call whose volume nobody set says so on its lens ("· 1k/day?") and in its tooltip', async ({ wb, page, workspace }) => {
  writeFileSync(
    path.join(workspace, 'src', 'support', 'assumed.ts'),
    [
      "import Anthropic from '@anthropic-ai/sdk';",
      'const client = new Anthropic();',
      'export async function tagTicket(ticket: string): Promise<string> {',
      '  const response = await client.messages.create({',
      "    model: 'claude-sonnet-5-5',",
      '    max_tokens: 10,',
      "    system: 'Classify the support ticket into exactly one label: billing, bug, other. Answer with the label only.',",
      "    messages: [{ role: 'user', content: ticket }],",
      '  });',
      "  return response.content[0]?.type === 'text' ? response.content[0].text : 'other';",
      '}',
      '',
    ].join('\n'),
  );
  await wb.openFile('src/support/assumed.ts');
  const text = await wb.waitForCodeLens(/\/mo/, 60_000);
  const site = scanWithCli(workspace).find((s) => s.file === 'src/support/assumed.ts');
  assert.ok(site, 'the CLI finds the call');
  assert.equal(site.callsPerDay, 1000);
  assert.match(text, /^save \$[\d.,]+\/mo · .* · 1k\/day\?$/, `the lens does not mark the assumed volume: "${text}"`);
  const tip = (await page.locator('.codelens-decoration a', { hasText: '1k/day?' }).first().getAttribute('title')) ?? '';
  assert.match(tip, /1k\/day assumed/, tip);
  assert.match(tip, /tierwise: calls=/, tip);
});

/**
 * Shaped like the support-desk workspace of issue #11: methods of a class (deeper indentation), an older Haiku on its
 * recommended tier, a model from an environment variable, an OpenAI model a Sonnet task, and no volume set anywhere.
 */
const DESK = `import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

const anthropic = new Anthropic();
const openai = new OpenAI();

async function withRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}

export class SupportDeskAssistant {
  constructor(private readonly settings: { handoverSummaryModel: string }) {}

  async routeIncomingTicketToQueue(ticket: string): Promise<string> {
    return withRetry(async () => {
      const response = await anthropic.messages.create({
        model: "claude-haiku-4-5",
        max_tokens: 10,
        system: "Classify the support ticket into exactly one queue: billing, technical, account, shipping, other. Reply with the queue only.",
        messages: [{ role: "user", content: ticket }],
      });
      return response.content[0]?.type === "text" ? response.content[0].text.trim() : "other";
    });
  }

  async summarizeConversationForHandover(thread: string): Promise<string> {
    return withRetry(async () => {
      const response = await anthropic.messages.create({
        model: this.settings.handoverSummaryModel,
        max_tokens: 300,
        system: "Summarize the support conversation in three short bullet points for the next agent.",
        messages: [{ role: "user", content: thread }],
      });
      return response.content[0]?.type === "text" ? response.content[0].text : "";
    });
  }

  async draftDetailedCustomerReply(ticket: string, history: string, policies: string): Promise<string> {
    const completion = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Write a detailed, friendly reply to the customer. Explain the policy that applies, step by step, and propose next steps." },
        { role: "user", content: \`Ticket: \${ticket}\\nHistory: \${history}\\nPolicies: \${policies}\` },
      ],
    });
    return completion.choices[0]?.message.content ?? "";
  }
}
`;

test('example workspace and a support-desk class in a 1400-px window: every lens line fits, none is clipped', async ({ wb, page, workspace, screenshot }) => {
  cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  mkdirSync(path.join(workspace, 'src', 'desk'), { recursive: true });
  writeFileSync(path.join(workspace, 'src', 'desk', 'supportDesk.ts'), DESK);
  // The examples (their src/support/triage.ts replaces the fixture's), plus the fixture's other files.
  const sites = scanWithCli(workspace);
  const files = [...new Set(sites.map((s) => s.file))];
  assert.ok(files.length >= 7 && files.includes('src/desk/supportDesk.ts'), `files with calls: ${files.join(', ')}`);
  assert.equal(sites.filter((s) => s.file === 'src/desk/supportDesk.ts').length, 3, 'the CLI finds the three calls of the support desk');
  const seen: Array<{ file: string; text: string; width: number; room: number; selfClipped: boolean }> = [];
  for (const file of files) {
    const want = sites.filter((s) => s.file === file).length;
    await wb.openFile(file);
    const lines = await waitFor(`${want} cost lens(es) in ${file}`, 60_000, async () => {
      const l = await lensLines(page);
      return l.filter((x) => x.text.includes('/mo')).length >= want ? l : undefined;
    });
    for (const l of lines) seen.push({ file, ...l });
    if (file.endsWith('triage.ts')) await screenshot('lens-examples');
    if (file.endsWith('supportDesk.ts')) await screenshot('lens-support-desk');
  }
  const clipped = seen.filter((l) => l.selfClipped || l.width > l.room);
  assert.equal(clipped.length, 0, `clipped lenses:\n${clipped.map((l) => `${l.file}: ${l.width.toFixed(0)} px > ${l.room.toFixed(0)} px: ${l.text}`).join('\n')}`);
  assert.ok(seen.length >= sites.length, `${seen.length} lens lines for ${sites.length} call sites`);
}, { timeoutMs: 240_000 });

/**
 * Each drawn lens line of the active editor: its text (all its lenses, "a | b | c"), the width its text needs, the
 * room it has (from its left edge to the editor's visible right edge: the minimap and the scroll bar cover the rest),
 * and whether the decoration cut it itself (it has overflow: hidden with an ellipsis).
 */
async function lensLines(page: Page): Promise<Array<{ text: string; width: number; room: number; selfClipped: boolean }>> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
    if (!editor) return [];
    const scrollable = editor.querySelector('.editor-scrollable')!.getBoundingClientRect();
    const bar = editor.querySelector('.editor-scrollable > .scrollbar.vertical');
    const right = bar ? Math.min(scrollable.right, bar.getBoundingClientRect().left) : scrollable.right;
    return [...editor.querySelectorAll('.codelens-decoration')].map((d) => {
      const r = d.getBoundingClientRect();
      const ends = [...d.children].map((c) => c.getBoundingClientRect().right - r.left);
      return {
        text: (d.textContent ?? '').replace(/\s+/g, ' ').trim(),
        width: Math.max(d.scrollWidth, ...ends),
        room: right - r.left,
        selfClipped: d.scrollWidth > d.clientWidth + 1,
      };
    });
  });
}
