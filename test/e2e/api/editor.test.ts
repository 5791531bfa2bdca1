// The editor experience in the real extension host: index, lenses with the core's figures, hover, edits
// (annotation, usage file, a half-typed line), deprecated-model diagnostics and their quick fix.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { beforeAll, suite, test } from './runner';
import { activeExtension, codeLenses, openDoc, sleep, waitFor, workspaceUri } from './helpers';
import { analyzeCalls } from '../../../src/core/analyze';
import { inferTaskType } from '../../../src/core/infer/index';
import { scanTexts } from '../../../src/core/scan/project';
import { formatMoney } from '../../../src/core/present/format';
import { lensTitle } from '../../../src/core/present/lens';
import type { CallSite } from '../../../src/core/types';

interface Api {
  activationMs: number;
  editorActivationMs: number;
  indexed: Promise<void>;
  services: { allCallSites(): ReadonlyArray<{ site: CallSite }> };
  index: { stats: { files: number; callSites: number; lastIndexMs: number | null } };
}

const FILE = 'src/support/triage.ts';
let api: Api;
let original = '';

function say(s: string): void {
  console.log(`[e2e api] editor: ${s}`);
}

/** The figures the core computes for the fixture text on its own (no index, no worker, no editor). */
function expectedSite(text: string, usage?: unknown): CallSite {
  const { calls, skipped } = scanTexts({ [FILE]: text });
  const report = analyzeCalls(calls, null, { root: '/', usage: (usage ?? null) as never, infer: (c, o) => inferTaskType(c, o ?? undefined), skipped });
  assert.equal(report.callSites.length, 1, 'the core finds one call site in the fixture');
  return report.callSites[0];
}

const TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };

/**
 * What a cost lens says: its title (the compact form: the saving, the figures, the task type) and its tooltip (the
 * long form, with where the volume comes from: "1k/day (annotation)").
 */
function lensText(l: vscode.CodeLens): string {
  return `${l.command?.title ?? ''}\n${l.command?.tooltip ?? ''}`;
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  return (await codeLenses(uri)).filter((l) => l.command?.title.includes('/mo') || l.command?.title.includes('unresolved')).map(lensText);
}

async function waitForLens(uri: vscode.Uri, what: string, ok: (title: string) => boolean, timeoutMs = 30_000): Promise<string> {
  let last: string[] = [];
  return waitFor(
    `${what} (last: ${JSON.stringify(last)})`,
    async () => {
      last = await lensTitles(uri);
      return last.find(ok);
    },
    timeoutMs,
  ).catch((e) => {
    throw new Error(`${String(e)}; lenses were ${JSON.stringify(last)}`);
  });
}

async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

suite('editor', () => {
  beforeAll(async () => {
    const doc = await openDoc(FILE);
    original = doc.getText();
    const ext = await activeExtension();
    api = ext.exports as Api;
    assert.ok(api && typeof api.activationMs === 'number', 'activate() returns the Tierwise API');
    await api.indexed;
  });

  test('activation stays cheap: no parsing in activate()', async () => {
    say(`activate() took ${api.activationMs.toFixed(1)} ms (editor features ${api.editorActivationMs.toFixed(1)} ms); first index: ${api.index.stats.files} files, ${api.index.stats.lastIndexMs?.toFixed(0)} ms`);
    // The target is 30 ms (the benchmark measures it on a quiet process); this machine runs several VS Codes at
    // once, so the test only catches real regressions (parsing or file listing moved into activate()).
    assert.ok(api.editorActivationMs < 250, `registering the editor features took ${api.editorActivationMs} ms`);
  });

  test('the index finds the fixture call site with the core figures', async () => {
    const doc = await openDoc(FILE);
    const expected = expectedSite(doc.getText());
    const sites = await waitFor('the index to hold the call site', () => api.services.allCallSites().find((s) => s.site.file === FILE));
    assert.equal(sites.site.id, expected.id);
    assert.deepEqual(sites.site.monthlyCost, expected.monthlyCost);
    assert.equal(sites.site.taskType, expected.taskType);
  });

  test('lens on the call line with the right figures', async () => {
    const doc = await openDoc(FILE);
    const expected = expectedSite(doc.getText());
    const callLine = doc.getText().split('\n').findIndex((l) => l.includes('client.messages.create('));
    const lenses = await waitFor('lenses', async () => {
      const all = (await codeLenses(doc.uri)).filter((l) => l.command?.title.includes('/mo'));
      return all.length ? all : undefined;
    });
    const title = lenses[0].command!.title;
    say(`lens: ${title}`);
    assert.equal(lenses[0].range.start.line, callLine, 'the lens sits on the call line');
    // The compact form (the default) leads with the saving: the current figure minus the Haiku figure.
    assert.equal(title, lensTitle(expected, 'compact', TIERS));
    assert.equal(
      title,
      `save ${formatMoney(expected.monthlyCost.current! - expected.monthlyCost.haiku)}/mo · Sonnet ${formatMoney(expected.monthlyCost.current!)} → Haiku ${formatMoney(expected.monthlyCost.haiku)} · classify_intent`,
    );
    assert.match(lenses[0].command!.tooltip ?? '', /1k\/day \(annotation\)/, 'the tooltip says where the volume comes from');
  });

  test('hover shows the details table', async () => {
    const doc = await openDoc(FILE);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('client.messages.create('));
    const col = doc.lineAt(line).text.indexOf('client');
    const hovers = await waitFor('a Tierwise hover', async () => {
      const hs = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col + 2))) ?? [];
      const texts = hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')));
      return texts.find((t) => t.includes('Tierwise'));
    });
    for (const row of ['| Task type |', '| Recommendation |', '| Tokens |', '| Volume |', 'tierwise: calls=50k/day', '| Price, Haiku tier |', 'short, schema-constrained output']) {
      assert.ok(hovers.includes(row), `hover lacks ${row}:\n${hovers}`);
    }
  });

  test('editing the annotation changes the lens (buffer, not disk)', async () => {
    const doc = await openDoc(FILE);
    await replaceAll(doc, original.replace('calls=1000/day', 'calls=50k/day'));
    const title = await waitForLens(doc.uri, 'the lens to show 50k/day', (t) => t.includes('50k/day (annotation)'));
    const expected = expectedSite(doc.getText());
    assert.ok(title.includes(`Sonnet ${formatMoney(expected.monthlyCost.current!)}`), title);
    await replaceAll(doc, original);
    await waitForLens(doc.uri, 'the lens back at 1k/day', (t) => t.includes('1k/day (annotation)'));
  });

  test('a half-typed line keeps the lenses, moved with the edit', async () => {
    const doc = await openDoc(FILE);
    const before = await waitForLens(doc.uri, 'the lens', (t) => t.includes('classify_intent'));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('client.messages.create('));
    // Type an unfinished statement above the call, one keystroke-sized edit after another.
    const pieces = ['  const broken = (', 'foo, ', '{ a: '];
    let col = 0;
    const insertLine = line - 1;
    const ins = new vscode.WorkspaceEdit();
    ins.insert(doc.uri, new vscode.Position(insertLine, 0), '\n');
    await vscode.workspace.applyEdit(ins);
    for (const p of pieces) {
      const e = new vscode.WorkspaceEdit();
      e.insert(doc.uri, new vscode.Position(insertLine, col), p);
      await vscode.workspace.applyEdit(e);
      col += p.length;
      await sleep(60);
    }
    // Past the debounce and the analysis of the broken text.
    await sleep(1500);
    const lenses = (await codeLenses(doc.uri)).filter((l) => l.command?.title.includes('/mo'));
    assert.equal(lenses.length, 1, 'the lens is still there while the file does not parse');
    assert.equal(lensText(lenses[0]), before);
    assert.equal(lenses[0].range.start.line, line + 1, 'the lens moved down with the inserted line');
    await replaceAll(doc, original);
    await waitForLens(doc.uri, 'the lens after the fix', (t) => t === before);
  });

  test('typing in a large file: every lens stays on its call with the figures of a whole-file parse', async () => {
    // Large enough that the scanner drops the helpers and, while the file is edited, reuses its analysis and
    // its functions' syntax trees: the lenses must still match a plain whole-file parse after every edit.
    const helper = (i: number) =>
      [`export function helper${i}(items: number[], factor = ${i}): number[] {`, '  const out: number[] = [];', ...Array.from({ length: 12 }, (_x, k) => `  if (items.length > ${k}) out.push(items[${k}] * factor); // step ${k}`), '  return out;', '}', ''].join('\n');
    const call = (i: number, perDay: string) =>
      [
        `export async function classify${i}(text: string): Promise<string> {`,
        `  // tierwise: calls=${perDay}/day`,
        '  const r = await client.messages.create({',
        "    model: 'claude-sonnet-5-5',",
        '    max_tokens: 10,',
        `    system: 'Classify the message into exactly one of: billing, bug, other. Reply with the label only. (${i})',`,
        "    messages: [{ role: 'user', content: text }],",
        '  });',
        '  const b = r.content[0];',
        "  return b.type === 'text' ? b.text.trim() : 'other';",
        '}',
        '',
      ].join('\n');
    const parts = ["import Anthropic from '@anthropic-ai/sdk';", 'const client = new Anthropic();', ''];
    const perDay = ['2k', '30k', '400k'];
    for (let i = 0; i < 12; i++) parts.push(i % 4 === 1 ? call(i, perDay[(i - 1) / 4]) : helper(i));
    const big = 'src/support/bigFile.ts';
    const uri = workspaceUri(big);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(parts.join('\n')));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const fullParse = (text: string) => {
        const { calls, skipped } = scanTexts({ [big]: text });
        return analyzeCalls(calls, null, { root: '/', infer: (c, o) => inferTaskType(c, o ?? undefined), skipped }).callSites;
      };
      const check = async (what: string) => {
        const expected = fullParse(doc.getText());
        assert.equal(expected.length, 3, 'three calls in the file');
        // Each lens says exactly what the core's compact lens says for that call (figures included).
        const want = expected.map((s) => ({ line: s.line - 1, title: lensTitle(s, 'compact', TIERS) }));
        let last: Array<{ line: number; title: string }> = [];
        await waitFor(`${what}: lenses on ${JSON.stringify(want)} (last: ${JSON.stringify(last)})`, async () => {
          last = (await codeLenses(uri)).filter((l) => l.command?.title.includes('/mo')).map((l) => ({ line: l.range.start.line, title: l.command!.title }));
          return last.length === 3 && want.every((w, i) => last[i].line === w.line && last[i].title === w.title);
        }).catch((e) => {
          throw new Error(`${String(e)}; lenses were ${JSON.stringify(last)}`);
        });
      };
      const edit = async (find: string, replace: string, lastOne = false) => {
        const at = lastOne ? doc.getText().lastIndexOf(find) : doc.getText().indexOf(find);
        assert.ok(at >= 0, `the file holds ${find}`);
        const e = new vscode.WorkspaceEdit();
        e.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + find.length)), replace);
        assert.ok(await vscode.workspace.applyEdit(e));
      };
      await check('opened');
      await edit('factor = 0)', 'factor = 1000)'); // typing in a helper before every call
      await check('after typing in a helper');
      // Lines removed in a helper above every call.
      const first = doc.getText().split('\n').findIndex((l) => l.startsWith('export function helper0'));
      const del = new vscode.WorkspaceEdit();
      del.delete(uri, new vscode.Range(first + 2, 0, first + 9, 0));
      assert.ok(await vscode.workspace.applyEdit(del));
      await check('after deleting lines in a helper');
      await edit('max_tokens: 10,', 'max_tokens: 4000,'); // the first call's function changes
      await check('after an edit at the first call');
      await edit('calls=30k/day', 'calls=90k/day'); // the second call's annotation
      await check('after an edit to the second annotation');
      // Offsets, not only lines: the last call gets a retired model, then typing above it moves it; the warning must
      // sit on the literal and its quick fix must rewrite exactly that literal.
      await edit("'claude-sonnet-5-5'", "'claude-sonnet-4-5'", true);
      await check('after a retired model at the last call');
      await edit('factor = 1000)', 'factor = 1000000)');
      await check('after typing above the retired model');
      const diag = await waitFor('the deprecation warning at its new place', () =>
        vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Tierwise' && d.message.includes('claude-sonnet-4-5') && doc.getText(d.range) === "'claude-sonnet-4-5'"),
      ).catch((e) => {
        throw new Error(`${String(e)}; diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [d.message, doc.getText(d.range)]))}`);
      });
      const fix = await waitFor('the quick fix', async () =>
        ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value)) ?? []).find((a) => a.title.includes('claude-sonnet-5-5')),
      );
      const before = doc.getText();
      assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)));
      const at = before.lastIndexOf("'claude-sonnet-4-5'");
      assert.equal(doc.getText(), `${before.slice(0, at)}'claude-sonnet-5-5'${before.slice(at + "'claude-sonnet-4-5'".length)}`, 'the fix rewrote exactly the literal');
      await check('after the quick fix');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('a usage file entry overrides the volume at once', async () => {
    const doc = await openDoc(FILE);
    const expected = expectedSite(doc.getText());
    const usageUri = workspaceUri('.tierwise.json');
    await vscode.workspace.fs.writeFile(usageUri, new TextEncoder().encode(JSON.stringify({ callSites: { [expected.id]: { callsPerDay: 2000 } } }, null, 2)));
    try {
      const title = await waitForLens(doc.uri, 'the lens to follow the usage file', (t) => t.includes('2k/day (usage file)'));
      const withUsage = expectedSite(doc.getText(), { callSites: { [expected.id]: { callsPerDay: 2000 } } });
      assert.ok(title.includes(formatMoney(withUsage.monthlyCost.current!)), title);
    } finally {
      await vscode.workspace.fs.delete(usageUri);
    }
    await waitForLens(doc.uri, 'the lens back to the annotation', (t) => t.includes('1k/day (annotation)'));
  });

  test('changing a setting (the Haiku tier model) re-prices the lens at once', async () => {
    const doc = await openDoc(FILE);
    const before = await waitForLens(doc.uri, 'the lens', (t) => t.includes('classify_intent'));
    const c = vscode.workspace.getConfiguration('tierwise');
    await c.update('tiers.haiku', 'claude-haiku-4-5', vscode.ConfigurationTarget.Global);
    try {
      // Haiku 4.5 costs 10× Haiku 5.5 per token: the recommended figure must move.
      const after = await waitForLens(doc.uri, 'the lens to follow the setting', (t) => t.includes('classify_intent') && t !== before);
      say(`after tiers.haiku = claude-haiku-4-5: ${after}`);
      const haiku = (t: string): number => Number(/→ Haiku \$([\d,.]+)/.exec(t)?.[1].replace(/,/g, '') ?? NaN);
      assert.ok(haiku(after) > haiku(before) * 5, `the Haiku figure did not follow the setting: ${before} → ${after}`);
    } finally {
      await c.update('tiers.haiku', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForLens(doc.uri, 'the lens back on the default tier', (t) => t === before);
  });

  test('a model past its retirement date gets an error and a quick fix to the current model of its tier', async () => {
    const doc = await openDoc(FILE);
    await replaceAll(doc, original.replace("model: 'claude-sonnet-5-5'", "model: 'claude-sonnet-4-5'"));
    const diag = await waitFor('the status diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'Tierwise' && d.message.includes('claude-sonnet-4-5')),
    );
    // Sonnet 4.5 retired on 2026-11-30 (it was a warning before that day).
    assert.equal(diag.severity, new Date().toISOString().slice(0, 10) >= '2026-11-30' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    const actions = await waitFor('the quick fix', async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
      return all.find((a) => a.title.includes('claude-sonnet-5-5'));
    });
    assert.ok(actions.edit);
    await vscode.workspace.applyEdit(actions.edit);
    assert.ok(doc.getText().includes("model: 'claude-sonnet-5-5'"), 'the fix rewrote the literal');
    await waitFor('the warning to go', () => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === 'Tierwise' && d.message.includes('claude-sonnet-4-5')));
    await replaceAll(doc, original);
    await doc.save();
  });
});
