import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FolderEngine } from '../../src/extension/index/engine';
import type { AnalysisSettings } from '../../src/extension/index/protocol';

const SETTINGS: AnalysisSettings = {
  tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' },
  defaultCallsPerDay: 1000,
  dynamicInputTokens: 500,
  registryPath: 'src/llm/modelRegistry.ts',
  pythonRegistryPath: 'model_registry.py',
  prices: {},
};

const models = `export const TRIAGE_MODEL = "claude-sonnet-5-5";\n`;
const triage = (annotation = '') => `import Anthropic from "@anthropic-ai/sdk";
import { TRIAGE_MODEL } from "./models";
const client = new Anthropic();
export async function classifyTicket(ticket: string) {
  ${annotation}
  const r = await client.messages.create({
    model: TRIAGE_MODEL,
    max_tokens: 10,
    system: "Classify the ticket into exactly one of: billing, bug, other. Answer with the label only.",
    messages: [{ role: "user", content: ticket }],
  });
  return r.content[0];
}
`;
const other = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function reviewDiff(diff: string) {
  return client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 2000, system: "Review this pull request diff for bugs and security issues, step by step.", messages: [{ role: "user", content: diff }] });
}
`;

function engine(): FolderEngine {
  const e = new FolderEngine('/nonexistent', SETTINGS);
  e.setFile('src/models.ts', models);
  e.setFile('src/triage.ts', triage());
  e.setFile('src/review.ts', other);
  return e;
}

test('reports every file once, then only what changed; unchanged text is not parsed again', async () => {
  const e = engine();
  const first = (await e.analyze());
  assert.deepEqual(first.changed.map((c) => c.file).sort(), ['src/review.ts', 'src/triage.ts']);
  const parses = e.parses;
  e.setFile('src/triage.ts', triage());
  assert.deepEqual((await e.analyze()).changed, []);
  assert.equal(e.parses, parses, 'same text: no parse');
  assert.deepEqual((await e.analyze()).changed, []);
  e.setFile('src/triage.ts', triage('// tierwise: calls=50k/day'), 7);
  const next = (await e.analyze());
  assert.deepEqual(next.changed.map((c) => c.file), ['src/triage.ts']);
  assert.equal(next.changed[0].version, 7);
  assert.equal(next.changed[0].sites[0].site.callsPerDay, 50_000);
  assert.equal(next.changed[0].sites[0].site.volumeSource, 'annotation');
});

test('a constant changed in its own file re-prices the call that imports it', async () => {
  const e = engine();
  const before = (await e.analyze()).changed.find((c) => c.file === 'src/triage.ts')!.sites[0].site;
  assert.equal(before.model.resolved, 'claude-sonnet-5-5');
  e.setFile('src/models.ts', models.replace('claude-sonnet-5-5', 'claude-haiku-5-5'));
  const r = (await e.analyze());
  const after = r.changed.find((c) => c.file === 'src/triage.ts')?.sites[0].site;
  assert.ok(after, 'the importing file is reported as changed');
  assert.equal(after.model.resolved, 'claude-haiku-5-5');
  assert.ok(after.monthlyCost.current! < before.monthlyCost.current!);
});

test('usage file: an entry re-prices at once; a malformed file is reported with its line and ignored', async () => {
  const e = engine();
  const id = (await e.analyze()).changed.find((c) => c.file === 'src/triage.ts')!.sites[0].site.id;
  e.setUsage(JSON.stringify({ callSites: { [id]: { callsPerDay: 2000 } } }));
  const r = (await e.analyze());
  assert.equal(r.changed.find((c) => c.file === 'src/triage.ts')!.sites[0].site.volumeSource, 'usage-file');
  e.setUsage('{\n  "defaults": { "callsPerDay": 5 },\n  oops\n}');
  const bad = (await e.analyze());
  assert.ok(bad.usageProblems.length >= 1);
  assert.equal(bad.usageProblems[0].line, 3);
  assert.equal(bad.changed.find((c) => c.file === 'src/triage.ts')!.sites[0].site.callsPerDay, 1000, 'defaults apply');
});

test('a file that stops parsing is reported with its error; deleting a file removes its sites', async () => {
  const e = engine();
  (await e.analyze());
  e.setFile('src/review.ts', other.replace('return client', 'return (client'), 3);
  const r = (await e.analyze());
  const review = r.changed.find((c) => c.file === 'src/review.ts');
  assert.ok(review?.error, 'the parse error is carried to the editor');
  e.deleteFile('src/triage.ts');
  assert.deepEqual((await e.analyze()).removed, ['src/triage.ts']);
});
