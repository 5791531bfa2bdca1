// The model-status diagnostics (src/extension/diagnostics.ts) are set only when they change. They are recomputed on
// every change of any call site in the workspace; setting a document's diagnostics again, even to the same list,
// redraws its markers and closes the hover the user is reading. Loaded with a stand-in for the vscode module.
import './fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, FakeDocument, Uri, closeDocument, collections, workspace } from './fake-vscode';
import { registerDiagnostics } from '../../src/extension/diagnostics';
import { FolderEngine } from '../../src/extension/index/engine';
import type { AnalysisSettings, UsageProblemData } from '../../src/extension/index/protocol';
import type { AnalyzedCallSite } from '../../src/extension/services';

const SETTINGS: AnalysisSettings = {
  tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' },
  defaultCallsPerDay: 1000,
  dynamicInputTokens: 500,
  registryPath: 'src/llm/modelRegistry.ts',
  pythonRegistryPath: 'model_registry.py',
  prices: {},
};

const FILE = 'src/triage.ts';
const source = (model: string) => `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function classify(ticket: string) {
  return client.messages.create({
    model: "${model}",
    max_tokens: 10,
    system: "Classify the ticket as billing, bug or other. Answer with the label only.",
    messages: [{ role: "user", content: ticket }],
  });
}
`;

/** The call sites the index gives for a text (the engine the index worker runs). */
async function sitesOf(text: string): Promise<AnalyzedCallSite[]> {
  const e = new FolderEngine('', SETTINGS);
  e.setFile(FILE, text);
  return (await e.analyze()).all;
}

/** Lets the feature's timers and awaited promises run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 2));
}

test('diagnostics are set when they change and left alone when they do not (an open hover stays open)', async () => {
  const doc = new FakeDocument(Uri.file(`/ws/${FILE}`), source('claude-3-5-haiku-20241022'));
  workspace.textDocuments = [doc];
  let sites = await sitesOf(doc.getText());
  /** When set, the next request answers only after this promise (a slow analysis of an older version). */
  let hold: Promise<void> | null = null;
  const changed = new EventEmitter<void>();
  const state = new EventEmitter<void>();
  let usageProblems: UsageProblemData[] = [];
  const errors: string[] = [];
  const index = {
    async callSitesIn() {
      const answer = sites;
      const wait = hold;
      hold = null;
      if (wait) await wait;
      return answer;
    },
    config: () => ({ tiers: SETTINGS.tiers, prices: {}, priceTable: null }),
    folderStates: () => [{ folder: { uri: Uri.file('/ws') }, usageProblems, pricing: null, skipped: [] }],
    onDidChangeCallSites: changed.event,
    onDidChangeState: state.event,
    log: { error: (m: string) => errors.push(m), info() {}, warn() {} },
  };
  collections.length = 0;
  registerDiagnostics({ subscriptions: [] } as never, index as never);
  const [models, usage] = collections;
  assert.equal(models.name, 'tierwise');
  assert.equal(usage.name, 'tierwise-usage');
  await settle();

  // The retired model gets its error, on the literal.
  assert.deepEqual(models.ops, [`set file:///ws/${FILE} 1`]);
  const [d] = models.entries.get(`file:///ws/${FILE}`)!;
  assert.match(d.message, /claude-3-5-haiku-20241022/);
  assert.equal(doc.getText(d.range), '"claude-3-5-haiku-20241022"');
  assert.deepEqual(usage.ops, [], 'no usage-file problems: nothing set, nothing cleared');

  // Other files' call sites change, the index's state changes: this document's diagnostics are the same.
  for (let i = 0; i < 3; i++) changed.fire();
  state.fire();
  await settle();
  assert.deepEqual(models.ops, [`set file:///ws/${FILE} 1`], 'unchanged diagnostics were set again');
  assert.deepEqual(usage.ops, [], 'the usage file\'s diagnostics were cleared and set again');

  // The usage file gets a problem: set once, then left alone; fixed: removed.
  usageProblems = [{ severity: 'error', message: 'callsPerDay must be a number', line: 3, column: 5 }];
  state.fire();
  changed.fire();
  await settle();
  assert.deepEqual(usage.ops, ['set file:///ws/.tierwise.json 1']);
  usageProblems = [];
  state.fire();
  await settle();
  assert.deepEqual(usage.ops, ['set file:///ws/.tierwise.json 1', 'delete file:///ws/.tierwise.json']);

  // The document changes: a deprecated model instead of the retired one. Set once with the new message.
  doc.setText(source('claude-sonnet-4-5'));
  sites = await sitesOf(doc.getText());
  changed.fire();
  changed.fire();
  await settle();
  assert.equal(models.ops.length, 2, models.ops.join('\n'));
  assert.match(models.entries.get(`file:///ws/${FILE}`)![0].message, /claude-sonnet-4-5/);

  // An older analysis that answers after a newer one does not put its diagnostics back.
  let release!: () => void;
  hold = new Promise<void>((r) => (release = r));
  changed.fire(); // answers late, with the sites of claude-sonnet-4-5
  await settle();
  doc.setText(source('claude-sonnet-5-5'));
  sites = await sitesOf(doc.getText());
  changed.fire(); // a current model: no diagnostic
  await settle();
  release();
  await settle();
  assert.equal(models.entries.has(`file:///ws/${FILE}`), false, `a late answer brought back an old diagnostic: ${models.ops.join('\n')}`);
  assert.equal(models.ops[models.ops.length - 1], `delete file:///ws/${FILE}`);

  // Closed: removed; opened again: set again (what was shown before the close is forgotten).
  doc.setText(source('claude-3-5-haiku-20241022'));
  sites = await sitesOf(doc.getText());
  changed.fire();
  await settle();
  assert.equal(models.ops[models.ops.length - 1], `set file:///ws/${FILE} 1`);
  const before = models.ops.length;
  closeDocument(doc);
  assert.deepEqual(models.ops.slice(before), [`delete file:///ws/${FILE}`]);
  const again = new FakeDocument(doc.uri, doc.getText());
  workspace.textDocuments = [again];
  changed.fire();
  await settle();
  assert.deepEqual(models.ops.slice(before), [`delete file:///ws/${FILE}`, `set file:///ws/${FILE} 1`]);
  assert.deepEqual(errors, []);
});
