// Model statuses in a real VS Code: a retired model id is an error, a deprecated one a warning with its date (and the
// days left within 90 days), and the quick fix replaces the literal with the current model of the same tier and the
// same provider: a Claude model for a Claude call, an OpenAI model for an OpenAI call, nothing when no model fits.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { suite, test } from './runner';
import { activeExtension, codeLenses, openDoc, waitFor, workspaceUri } from './helpers';
import { buildPriceBook } from '../../../src/core/cost/prices';
import { deprecationOf } from '../../../src/core/present/deprecation';
import { LEGACY_MODELS, LEGACY_MODELS_FILE } from '../lib/legacyModelsFixture';

const FILE = LEGACY_MODELS_FILE;
const TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };

function say(s: string): void {
  console.log(`[e2e api] prices: ${s}`);
}

/** What the core says about a model on the day the test runs (the extension uses the same clock). */
function expected(model: string, provider: string) {
  const today = new Date().toISOString().slice(0, 10);
  const finding = deprecationOf(model, buildPriceBook(), { tiers: TIERS, provider, today });
  assert.ok(finding, `${model} has a status finding on ${today}`);
  return finding;
}

/** Opens the fixture, writing it into the workspace copy first when this run has not yet. */
async function openLegacyModels(): Promise<vscode.TextDocument> {
  const uri = workspaceUri(FILE);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(LEGACY_MODELS));
  }
  return openDoc(FILE);
}

async function diagnosticFor(doc: vscode.TextDocument, literal: string): Promise<vscode.Diagnostic> {
  return waitFor(`the diagnostic on ${literal}`, () =>
    vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'Tierwise' && doc.getText(d.range) === literal),
  ).catch((e) => {
    throw new Error(`${String(e)}; diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(doc.uri).map((d) => [d.message, doc.getText(d.range)]))}`);
  });
}

async function quickFixes(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

const severity = (s: 'error' | 'warning'): vscode.DiagnosticSeverity => (s === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);

suite('model statuses and their quick fix', () => {
  test('a retired Claude model is an error, and its fix is the current Claude model of its tier', async () => {
    const doc = await openLegacyModels();
    await activeExtension();
    const want = expected('claude-3-5-haiku-20241022', 'anthropic');
    const d = await diagnosticFor(doc, "'claude-3-5-haiku-20241022'");
    say(`${d.severity} ${d.message}`);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.message, want.message);
    assert.match(d.message, /was retired on 2026-02-19: requests to it fail/);
    const fixes = await waitFor('the quick fix', async () => (await quickFixes(doc, d)).filter((a) => a.title.startsWith('Use ')));
    assert.deepEqual(
      fixes.map((a) => a.title),
      ['Use claude-haiku-5-5 (current anthropic model of the same tier)'],
    );
  }, { timeoutMs: 60_000 });

  test('a deprecated OpenAI model is a warning with its date and the days left; its fix stays with OpenAI and is applied', async () => {
    const doc = await openLegacyModels();
    const want = expected('gpt-5', 'openai');
    const d = await diagnosticFor(doc, "'gpt-5'");
    say(`${d.severity} ${d.message}`);
    // gpt-5 shuts down on 2026-12-11: a warning with the countdown until then, an error from that day on.
    assert.equal(d.severity, severity(want.severity));
    assert.equal(d.message, want.message);
    if (want.severity === 'warning') assert.match(d.message, /retires on 2026-12-11 — shuts down in \d+ days?\./);
    const fix = await waitFor('the OpenAI quick fix', async () => (await quickFixes(doc, d)).find((a) => a.title.startsWith('Use ')));
    assert.equal(fix.title, 'Use gpt-6.1-sol (current openai model of the same tier)');
    assert.ok(fix.edit);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const at = before.indexOf("'gpt-5'");
    assert.equal(doc.getText(), `${before.slice(0, at)}'gpt-6.1-sol'${before.slice(at + "'gpt-5'".length)}`, 'the fix rewrote exactly the literal, and no Claude model appeared');
    await waitFor('the diagnostic to go', () => !vscode.languages.getDiagnostics(doc.uri).some((x) => x.source === 'Tierwise' && x.message.startsWith('gpt-5 ')));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }, { timeoutMs: 60_000 });

  test('an OpenAI model without an agreed replacement gets its warning and no fix: never a Claude model', async () => {
    const doc = await openLegacyModels();
    try {
      const want = expected('gpt-4o', 'openai');
      const d = await diagnosticFor(doc, "'gpt-4o'");
      say(`${d.severity} ${d.message}`);
      assert.equal(d.severity, severity(want.severity));
      assert.equal(d.message, want.message);
      assert.match(d.message, /gpt-4o (is deprecated and retires|was retired) on 2027-01-14/);
      assert.equal(want.replacement, null);
      // The diagnostic is there, so its fixes are known: nothing replaces the model (the registry move may be offered).
      const offered = (await quickFixes(doc, d)).filter((a) => a.diagnostics?.some((x) => x.message === d.message));
      assert.deepEqual(offered.map((a) => a.title), []);
      assert.ok(!(await quickFixes(doc, d)).some((a) => /claude/.test(a.title) && a.title.startsWith('Use ')), 'no Claude model offered for an OpenAI call');
    } finally {
      // The other suites' workspace is the fixture as committed.
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(workspaceUri(FILE));
    }
  }, { timeoutMs: 60_000 });
});

// ---------------------------------------------------------------------------------------------
// Prices without a release, in the editor: the team's price file and the usage file's tier pair.

const TRIAGE = 'src/support/triage.ts';

async function triageLens(what: string, ok: (t: string) => boolean): Promise<string> {
  const doc = await openDoc(TRIAGE);
  let last: string[] = [];
  return waitFor(`${what}`, async () => {
    last = (await codeLenses(doc.uri)).map((l) => l.command?.title ?? '');
    return last.find((t) => t.includes('classify_intent') && ok(t));
  }, 30_000).catch((e) => {
    throw new Error(`${String(e)}; lenses were ${JSON.stringify(last)}`);
  });
}

const sonnetFigure = (t: string): number => Number(/Sonnet \$([\d,.]+)/.exec(t)?.[1].replace(/,/g, '') ?? NaN);
const haikuFigure = (t: string): number => Number(/→ Haiku \$([\d,.]+)/.exec(t)?.[1].replace(/,/g, '') ?? NaN);
const encode = (o: unknown): Uint8Array => new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o, null, 2));

suite('prices without a release', () => {
  test('tierwise.prices.file re-prices the lenses; a bad file is an error in the Problems panel and the built-in prices apply', async () => {
    const before = await triageLens('the lens', () => true);
    const fileUri = workspaceUri('team-prices.json');
    // Sonnet 5.5 at 10× its list price: the Sonnet figure (no caching in the fixture) must become 10×.
    await vscode.workspace.fs.writeFile(fileUri, encode({ asOf: '2026-12-05', models: [{ id: 'claude-sonnet-5-5', family: 'sonnet', prices: { input: 20, output: 100, cacheRead: 1 } }] }));
    const c = vscode.workspace.getConfiguration('tierwise');
    await c.update('prices.file', 'team-prices.json', vscode.ConfigurationTarget.Workspace);
    try {
      const after = await triageLens('the lens to follow the price file', (t) => t !== before);
      say(`price file: ${before} → ${after}`);
      assert.ok(Math.abs(sonnetFigure(after) - sonnetFigure(before) * 10) < 0.02, `Sonnet ${sonnetFigure(before)} → ${sonnetFigure(after)}`);
      // A file that does not validate: an error on the file, and the lens is back on the built-in prices.
      await vscode.workspace.fs.writeFile(fileUri, encode('{\n  "asOf": "2026-12-05",\n  "models": [ { "id": "claude-sonnet-5-5", "prices": { "input": "20", "output": 100 } } ]\n}\n'));
      const problem = await waitFor('the price file error', () => vscode.languages.getDiagnostics(fileUri).find((d) => d.source === 'Tierwise'));
      say(`price file problem: ${problem.message}`);
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
      assert.match(problem.message, /models\[0\]\.prices\.input must be a number\. The price file is ignored\./);
      await triageLens('the lens back on the built-in prices', (t) => t === before);
    } finally {
      await c.update('prices.file', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(fileUri);
    }
    await triageLens('the lens unchanged after the setting is cleared', (t) => t === before);
  }, { timeoutMs: 90_000 });

  test('the usage file\'s tier pair prices the Haiku tier for everyone, over the default setting', async () => {
    const before = await triageLens('the lens', () => true);
    const usageUri = workspaceUri('.tierwise.json');
    await vscode.workspace.fs.writeFile(usageUri, encode({ tiers: { haiku: 'claude-haiku-4-5' } }));
    try {
      const after = await triageLens('the lens to follow the usage file\'s tiers', (t) => t !== before);
      say(`usage file tiers: ${after}`);
      // Haiku 4.5 costs 10× Haiku 5.5 per token (fewer tokens on the older tokenizer): well above 5×.
      assert.ok(haikuFigure(after) > haikuFigure(before) * 5, `${before} → ${after}`);
    } finally {
      await vscode.workspace.fs.delete(usageUri);
    }
    await triageLens('the lens back on the default pair', (t) => t === before);
  }, { timeoutMs: 60_000 });
});
