import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  entryLensTitle,
  importSpecifier,
  loadPythonSyntaxCheck,
  missingLensTitle,
  planSetRegistryEntry,
  applyEdits,
  pythonModuleName,
  readRegistry,
  registryUsage,
  resolveRegistryPath,
  switchTitle,
  type RegistrySiteFacts,
} from '../../src/core/registry';

const CASES = path.join(__dirname, '..', 'fixtures', 'registry', 'cases');
const fixture = (p: string) => readFileSync(path.join(CASES, `${p}.txt`), 'utf8');
const TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };

test('reads a TS registry with comments, trailing commas and as const', () => {
  const info = readRegistry('src/llm/modelRegistry.ts', fixture('existing-as-const/in/src/llm/modelRegistry.ts'));
  assert.deepEqual(info.problems, []);
  assert.deepEqual(
    info.entries.map((e) => [e.task, e.model, e.line]),
    [
      ['classify_intent', 'claude-haiku-5-5', 4],
      ['summarize_short', 'claude-haiku-5-5', 5],
      ['draft_long_form', 'claude-sonnet-5-5', 7],
    ],
  );
  assert.equal(info.defaultModel?.value, 'claude-sonnet-5-5');
  assert.equal(info.hasLookup, true);
  assert.equal(info.declarationLine, 2);
});

test('reads `as const satisfies`, quoted keys, an arrow modelFor, and the project eval registry', () => {
  const info = readRegistry('src/llm/modelRegistry.ts', fixture('satisfies-import-list/in/src/llm/modelRegistry.ts'));
  assert.deepEqual(info.problems, []);
  assert.deepEqual(info.entries.map((e) => e.task), ['classify_intent', 'review_code']);
  const evalRegistry = readFileSync(path.join(__dirname, '..', 'eval', 'cases', 'src', 'llm', 'modelRegistry.ts'), 'utf8');
  const e = readRegistry('src/llm/modelRegistry.ts', evalRegistry);
  assert.deepEqual(e.problems, []);
  assert.equal(e.entries.length, 10);
  assert.equal(e.entries.find((x) => x.task === 'triage_ticket')?.model, 'claude-haiku-4-5');
});

test('reads CommonJS registries (exports.X =, module.exports, Object.freeze)', () => {
  const text = 'const MODEL_REGISTRY = Object.freeze({ a: "m1", "b-c": `m2` });\nexports.DEFAULT_MODEL = "d";\nconst modelFor = (t) => MODEL_REGISTRY[t] ?? exports.DEFAULT_MODEL;\nmodule.exports.MODEL_REGISTRY = MODEL_REGISTRY;\n';
  const info = readRegistry('lib/reg.js', text);
  assert.deepEqual(info.problems, []);
  assert.deepEqual(info.entries.map((e) => [e.task, e.model]), [['a', 'm1'], ['b-c', 'm2']]);
  assert.equal(info.defaultModel?.value, 'd');
});

test('shape problems are named with their line', () => {
  const info = readRegistry('r.ts', 'export const MODEL_REGISTRY = {\n  a: "x",\n  b: pick(),\n  a: "y",\n};\n');
  assert.ok(info.problems.some((p) => p.includes('r.ts:3') && p.includes('"b"')));
  assert.ok(info.problems.some((p) => p.includes('appears twice')));
  assert.ok(info.problems.some((p) => p.includes('DEFAULT_MODEL')));
  assert.ok(info.problems.some((p) => p.includes('modelFor')));
});

test('reads a Python registry with an annotation, comments and no trailing comma', () => {
  const info = readRegistry('app/model_registry.py', fixture('py-existing/in/app/model_registry.py'));
  assert.deepEqual(info.problems, []);
  assert.deepEqual(info.entries.map((e) => [e.task, e.model, e.line]), [['classify_intent', 'claude-haiku-5-5', 5], ['review_code', 'claude-sonnet-5-5', 6]]);
  assert.equal(info.defaultModel?.value, 'claude-sonnet-5-5');
  const bad = readRegistry('m.py', 'MODEL_REGISTRY = {"a": pick()}\nDEFAULT_MODEL = "x"\ndef model_for(t):\n    return t\n');
  assert.ok(bad.problems.some((p) => p.includes('m.py:1')));
  const unclosed = readRegistry('m.py', 'MODEL_REGISTRY = {"a": "b"\n');
  assert.ok(unclosed.problems.some((p) => p.includes('does not parse')));
});

test('registry paths: inside the folder only; import specifiers and Python module names', () => {
  assert.deepEqual(resolveRegistryPath('./src/llm/../llm/modelRegistry.ts', 'typescript'), { ok: true, path: 'src/llm/modelRegistry.ts' });
  assert.equal(resolveRegistryPath('..\\outside\\reg.ts', 'typescript').ok, false);
  assert.equal(resolveRegistryPath('C:\\work\\proj\\reg.ts', 'typescript', 'C:\\work\\proj').ok, true);
  assert.equal(resolveRegistryPath('C:\\work\\other\\reg.ts', 'typescript', 'C:\\work\\proj').ok, false);
  assert.equal(resolveRegistryPath('model_registry.txt', 'python').ok, false);
  assert.equal(importSpecifier('src/a/b.ts', 'src/llm/modelRegistry.ts', false), '../llm/modelRegistry');
  assert.equal(importSpecifier('src/a/b.ts', 'src/llm/modelRegistry.ts', true), '../llm/modelRegistry.js');
  assert.equal(importSpecifier('src/x.ts', 'src/modelRegistry.mts', true), './modelRegistry.mjs');
  assert.equal(pythonModuleName('src/app/llm/model_registry.py', 'src/app/api/h.py', ['os', 'app.util']), 'app.llm.model_registry');
  assert.equal(pythonModuleName('model_registry.py', 'jobs/run.py', []), 'model_registry');
  assert.equal(pythonModuleName('pkg/registry/__init__.py', 'pkg/x.py', []), 'pkg.registry');
});

test('registry lenses: counts, costs on the entry model and the other tier, unused and missing task types', () => {
  const info = readRegistry('src/llm/modelRegistry.ts', fixture('existing-as-const/in/src/llm/modelRegistry.ts'));
  const site = (id: string, task: string, haiku: number, sonnet: number, current: number): RegistrySiteFacts => ({ id, language: 'typescript', registryTask: task, monthlyCost: { haiku, sonnet, current } });
  const sites = [
    site('a#f', 'draft_long_form', 45, 137, 137),
    site('a#g', 'draft_long_form', 92, 275, 275),
    site('b#h', 'classify_intent', 2.93, 58.5, 2.93),
    site('c#i', 'triage_ticket', 1, 20, 20),
    { id: 'p#j', language: 'python', registryTask: 'summarize_short', monthlyCost: { haiku: 1, sonnet: 2, current: 1 } } as RegistrySiteFacts,
    { id: 'd#k', language: 'typescript', registryTask: null, monthlyCost: { haiku: 1, sonnet: 2, current: 2 } } as RegistrySiteFacts,
  ];
  const usage = registryUsage(info, sites, TIERS);
  const draft = usage.entries.find((e) => e.task === 'draft_long_form')!;
  assert.equal(entryLensTitle(draft, TIERS), '2 calls · Sonnet $412.00/mo · on Haiku $137.00/mo');
  assert.equal(switchTitle(draft, draft.options[0]), 'Switch draft_long_form to Haiku (saves $275.00/mo)');
  const classify = usage.entries.find((e) => e.task === 'classify_intent')!;
  assert.equal(entryLensTitle(classify, TIERS), '1 call · Haiku $2.93/mo · on Sonnet $58.50/mo');
  assert.equal(switchTitle(classify, classify.options[0]), 'Switch classify_intent to Sonnet (costs $55.57/mo more)');
  // The Python site does not count against a TS registry.
  const summarize = usage.entries.find((e) => e.task === 'summarize_short')!;
  assert.equal(entryLensTitle(summarize, TIERS), 'unused · no call site names summarize_short');
  assert.deepEqual(usage.missing.map((m) => missingLensTitle(m, TIERS)), ['triage_ticket: 1 call, not in the registry → DEFAULT_MODEL (Sonnet) $20.00/mo']);
});

test('switching an entry edits only its model string', () => {
  const text = fixture('existing-as-const/in/src/llm/modelRegistry.ts');
  const plan = planSetRegistryEntry('src/llm/modelRegistry.ts', text, 'draft_long_form', 'claude-haiku-5-5');
  assert.equal(plan.status, 'ok');
  if (plan.status !== 'ok') return;
  const after = applyEdits(text, plan.edits);
  assert.equal(after, text.replace('draft_long_form: "claude-sonnet-5-5"', 'draft_long_form: "claude-haiku-5-5"'));
  assert.equal(planSetRegistryEntry('src/llm/modelRegistry.ts', text, 'nope', 'x').status, 'refused');
});

test('tree-sitter Python check accepts the fix outputs and rejects broken text', async () => {
  const check = await loadPythonSyntaxCheck();
  for (const p of ['py-existing/out/app/model_registry.py', 'py-existing/out/app/services/extract.py', 'py-new-env/out/model_registry.py', 'py-new-env/out/jobs/summarize.py', 'py-import-list/out/bot.py']) {
    assert.equal(check(fixture(p)), null, p);
  }
  assert.match(check('def f(:\n    return 1\n') ?? '', /syntax error/);
  assert.match(check('x = {"a": "b",\n') ?? '', /syntax error|unclosed/);
});
