// The registry fix's rules that are not one fixture each: the model ids of each Claude platform, the reason a call
// gets no tier move, the registry a project already has, a class attribute's model, the registry lens's switch, and
// the task type a per-provider key names.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits,
  checkMovable,
  chooseRegistry,
  formatClaudeModel,
  claudeIdForm,
  hostOf,
  modelForRoute,
  planMoveToRegistry,
  readRegistry,
  registryCandidate,
  registryKey,
  registryUsage,
  routeOf,
  splitRegistryKey,
  type MoveCall,
  type RegistrySiteFacts,
} from '../../src/core/registry';
import { inferTaskType } from '../../src/core/infer';
import { scanTexts } from '../../src/core/scan/project';
import { initScanEngine as initPythonScanner } from '../../src/core/scan/engine/simple';
import type { ScannedCall } from '../../src/core/types';

const TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };

before(async () => {
  assert.equal(await initPythonScanner(), null);
});

test('a Claude tier is written the way the call writes Claude models', () => {
  const cases: Array<[string, string, string]> = [
    ['claude-sonnet-4-5', 'claude-haiku-5-5', 'claude-haiku-5-5'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-haiku-5-5', 'us.anthropic.claude-haiku-5-5-v1:0'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-haiku-4-5-20251001', 'us.anthropic.claude-haiku-4-5-20251001-v1:0'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-sonnet-4-6', 'anthropic.claude-sonnet-4-6-v1:0'],
    ['claude-sonnet-4-5@20250929', 'claude-haiku-4-5-20251001', 'claude-haiku-4-5@20251001'],
    ['claude-sonnet-4-5@20250929', 'claude-haiku-5-5', 'claude-haiku-5-5'],
    ['anthropic/claude-sonnet-4.5', 'claude-haiku-5-5', 'anthropic/claude-haiku-5.5'],
    ['anthropic/claude-sonnet-4.5', 'claude-haiku-4-5-20251001', 'anthropic/claude-haiku-4.5-20251001'],
    ['anthropic/claude-sonnet-4-5', 'claude-haiku-5-5', 'anthropic/claude-haiku-5-5'],
    ['bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-haiku-5-5', 'bedrock/anthropic.claude-haiku-5-5-v1:0'],
    ['vertex_ai/claude-sonnet-4-5@20250929', 'claude-haiku-4-5-20251001', 'vertex_ai/claude-haiku-4-5@20251001'],
    ['anthropic:claude-sonnet-4-5', 'claude-haiku-5-5', 'anthropic:claude-haiku-5-5'],
    ['openrouter/anthropic/claude-3.5-sonnet', 'claude-3-5-haiku', 'openrouter/anthropic/claude-3.5-haiku'],
  ];
  for (const [written, tier, expected] of cases) {
    const form = claudeIdForm(written);
    assert.ok(form, written);
    assert.equal(formatClaudeModel(form, tier), expected, `${tier} written like ${written}`);
    // A tier given in any form comes out the same.
    assert.equal(formatClaudeModel(form, expected), expected, `${expected} is already in the form of ${written}`);
  }
  for (const notClaude of ['gpt-4o-mini', 'gemini-2.5-flash', 'meta.llama3-3-70b-instruct-v1:0', 'openai/gpt-4o', 'llama3.2', 'command-r-plus']) assert.equal(claudeIdForm(notClaude), null, notClaude);
});

function call(partial: Partial<ScannedCall> & Pick<ScannedCall, 'sdk'>, model: string): Pick<MoveCall, 'sdk' | 'provider' | 'baseUrl' | 'api' | 'model'> {
  return { ...partial, model: { expression: JSON.stringify(model), resolved: model, source: 'literal', span: null } };
}

test('a call whose client takes no Claude model is refused a tier, with the reason; its own model is kept', () => {
  const openai = routeOf(call({ sdk: 'openai', api: 'chat.completions.create' }, 'gpt-4o-mini'));
  assert.equal(openai.claude, null);
  assert.equal(registryKey('classify_intent', openai), 'classify_intent@openai');
  const refused = modelForRoute(openai, 'claude-haiku-5-5');
  assert.equal(refused.ok, false);
  assert.match(refused.ok ? '' : refused.message, /goes to OpenAI through the OpenAI SDK with gpt-4o-mini; a Claude tier would change the provider/);
  assert.deepEqual(modelForRoute(openai, 'gpt-4o-mini'), { ok: true, model: 'gpt-4o-mini' });
  assert.deepEqual(modelForRoute(openai, 'gpt-4.1-mini'), { ok: true, model: 'gpt-4.1-mini' });
  assert.equal(modelForRoute(openai, 'llama3.2').ok, false, 'another vendor on the same client');

  // The OpenAI SDK pointed at another host, and an HTTP call whose URL names a third provider.
  const groq = routeOf(call({ sdk: 'openai', api: 'chat.completions.create', baseUrl: 'https://api.groq.com/openai/v1' }, 'llama-3.3-70b-versatile'));
  assert.equal(groq.provider, 'groq');
  assert.match(groq.reason ?? '', /Groq \(api\.groq\.com\) through the OpenAI SDK/);
  const http = routeOf(call({ sdk: 'openai', api: 'POST /v1/chat/completions' }, 'mistral-small-latest'), { callText: 'fetch("https://api.mistral.ai/v1/chat/completions", { method: "POST" })' });
  assert.equal(http.provider, 'mistral');
  assert.match(http.reason ?? '', /Mistral \(api\.mistral\.ai\) over HTTP/);
  assert.equal(registryKey('classify_intent', http), 'classify_intent@mistral');
  const unknownHost = routeOf(call({ sdk: 'openai', api: 'chat.completions.create', baseUrl: 'http://llm.internal:8000/v1' }, 'qwen2.5-72b'));
  assert.equal(registryKey('t', unknownHost), 't@llm.internal-8000');

  // A Bedrock call gets the tier in Bedrock's form; a plain Claude id would not do there.
  const bedrock = routeOf(call({ sdk: 'anthropic', api: 'messages.create' }, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'));
  assert.deepEqual(modelForRoute(bedrock, 'claude-haiku-5-5'), { ok: true, model: 'us.anthropic.claude-haiku-5-5-v1:0' });
  assert.equal(registryKey('classify_intent', bedrock), 'classify_intent@bedrock');
  assert.equal(modelForRoute(bedrock, 'gpt-4o').ok, false);
  assert.equal(hostOf('https://user:pw@API.Example.com:8443/v1'), 'api.example.com:8443');
});

test('the plan refuses a Claude tier for an OpenAI call whoever asks (the compare verdict, a stale action)', () => {
  const text = 'import OpenAI from "openai";\nconst oai = new OpenAI();\nexport async function f(t: string) {\n  return oai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: t }] });\n}\n';
  const at = text.indexOf('"gpt-4o-mini"');
  const base: MoveCall = { file: 'src/f.ts', language: 'typescript', sdk: 'openai', api: 'chat.completions.create', task: 'classify_intent', targetModel: 'claude-haiku-5-5', model: { expression: '"gpt-4o-mini"', resolved: 'gpt-4o-mini', source: 'literal', span: { start: at, end: at + 13 } } };
  const input = { readText: (f: string) => (f === 'src/f.ts' ? text : null), registryPath: 'src/llm/modelRegistry.ts', pythonRegistryPath: 'model_registry.py', defaultModel: TIERS.sonnet, onConflict: 'report' as const };
  const refused = planMoveToRegistry({ ...input, calls: [base] });
  assert.equal(refused.status, 'refused');
  assert.match(refused.status === 'refused' ? refused.message : '', /OpenAI.*would change the provider/);
  const kept = planMoveToRegistry({ ...input, calls: [{ ...base, targetModel: 'gpt-4o-mini' }] });
  assert.equal(kept.status, 'ok', kept.status === 'refused' ? kept.message : '');
  if (kept.status !== 'ok') return;
  const after = applyEdits(text, kept.edits.filter((e) => e.file === 'src/f.ts'));
  assert.match(after, /model: modelFor\("classify_intent@openai"\)/);
  const registry = readRegistry(kept.registryFile, applyEdits('', kept.edits.filter((e) => e.file === kept.registryFile)));
  assert.deepEqual(registry.entries.map((e) => [e.task, e.model]), [['classify_intent@openai', 'gpt-4o-mini']]);
  // An existing plain entry (a Claude model) is never given to the OpenAI call, whatever the policy.
  const shared = 'export const MODEL_REGISTRY = { "classify_intent@openai": "claude-haiku-5-5" } as const;\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\nexport function modelFor(t: string): string { return (MODEL_REGISTRY as Record<string, string>)[t] ?? DEFAULT_MODEL; }\n';
  const withShared = (f: string) => (f === 'src/f.ts' ? text : f === 'src/llm/modelRegistry.ts' ? shared : null);
  const keep = planMoveToRegistry({ ...input, readText: withShared, onConflict: 'keep-registry', calls: [{ ...base, targetModel: 'gpt-4o-mini' }] });
  assert.equal(keep.status, 'refused');
  assert.match(keep.status === 'refused' ? keep.message : '', /is in the registry on claude-haiku-5-5, which the call in src\/f\.ts cannot use/);
});

test('a model held in a Python class attribute moves at its declaration', () => {
  const files = {
    'app/triage.py':
      'import anthropic\n\nclient = anthropic.Anthropic()\n\n\nclass Triage:\n    MODEL = "claude-sonnet-4-5"\n\n    def run(self, ticket):\n        return client.messages.create(model=self.MODEL, max_tokens=5, system="Classify the ticket. Reply with one word.", messages=[{"role": "user", "content": ticket}])\n',
  };
  const [c] = scanTexts(files).calls;
  assert.equal(c.model.source, 'config');
  const read = (f: string) => (files as Record<string, string>)[f] ?? null;
  assert.deepEqual(checkMovable(c, read), { ok: true });
  const p = planMoveToRegistry({
    calls: [{ file: c.file, language: c.language, model: c.model, sdk: c.sdk, api: c.api, task: 'classify_intent', targetModel: TIERS.haiku }],
    readText: read,
    registryPath: 'src/llm/modelRegistry.ts',
    pythonRegistryPath: 'model_registry.py',
    defaultModel: TIERS.sonnet,
    onConflict: 'report',
  });
  assert.equal(p.status, 'ok', p.status === 'refused' ? p.message : '');
  if (p.status !== 'ok') return;
  const after = applyEdits(files['app/triage.py'], p.edits.filter((e) => e.file === 'app/triage.py'));
  assert.match(after, /^from model_registry import model_for$/m);
  assert.match(after, /\n {4}MODEL = model_for\("classify_intent"\)\n/);
  assert.match(after, /model=self\.MODEL/);
  // A class attribute the scanner cannot resolve is not offered at all (the lightbulb asks checkMovable first).
  const unresolved = { ...c, model: { ...c.model, source: 'unresolved' as const, resolved: null } };
  assert.equal(checkMovable(unresolved, read).ok, false);
});

test('the registry a project already has is found by content and preferred over creating one', () => {
  const ts = 'export const MODEL_REGISTRY = { classify_intent: "claude-haiku-5-5" } as const;\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\nexport function modelFor(task: string): string { return (MODEL_REGISTRY as Record<string, string>)[task] ?? DEFAULT_MODEL; }\n';
  const py = 'MODEL_REGISTRY = {"classify_intent": "claude-haiku-5-5"}\nDEFAULT_MODEL = "claude-sonnet-5-5"\n\ndef model_for(task):\n    return MODEL_REGISTRY.get(task, DEFAULT_MODEL)\n';
  const found = [
    registryCandidate('packages/api/src/config/models.ts', ts),
    registryCandidate('packages/web/lib/ai/registry.ts', ts),
    registryCandidate('backend/app/llm/models.py', py),
    registryCandidate('src/config/legacy.js', 'exports.modelFor = (t) => "claude-sonnet-4-6";\n'),
  ];
  assert.ok(found.every((f) => f !== null));
  assert.equal(registryCandidate('src/index.ts', 'export { modelFor } from "./config/models";\n'), null, 'a re-export is not the registry');
  assert.equal(registryCandidate('src/types.d.ts', ts), null);
  const all = found.filter((f) => f !== null);
  assert.equal(chooseRegistry('packages/web/lib/ai/chat.ts', all, { typescriptProject: true })?.file, 'packages/web/lib/ai/registry.ts');
  assert.equal(chooseRegistry('packages/api/src/routes/triage.ts', all, { typescriptProject: true })?.file, 'packages/api/src/config/models.ts');
  assert.equal(chooseRegistry('backend/app/services/triage.py', all, { typescriptProject: true })?.file, 'backend/app/llm/models.py');
  // A JavaScript project cannot import a .ts registry: the .js one (which Tierwise cannot edit, so the plan will say so).
  assert.equal(chooseRegistry('src/routes/triage.js', all, { typescriptProject: false })?.file, 'src/config/legacy.js');
  const existing = all[1];
  const caller = 'import Anthropic from "@anthropic-ai/sdk";\nconst c = new Anthropic();\nexport const f = (t: string) => c.messages.create({ model: "claude-sonnet-4-5", max_tokens: 5, messages: [{ role: "user", content: t }] });\n';
  const at = caller.indexOf('"claude-sonnet-4-5"');
  const texts = new Map([['packages/web/lib/ai/chat.ts', caller], [existing.file, ts]]);
  const p = planMoveToRegistry({
    calls: [{ file: 'packages/web/lib/ai/chat.ts', language: 'typescript', sdk: 'anthropic', api: 'messages.create', task: 'summarize_short', targetModel: TIERS.haiku, model: { expression: '"claude-sonnet-4-5"', resolved: 'claude-sonnet-4-5', source: 'literal', span: { start: at, end: at + 19 } } }],
    readText: (f) => texts.get(f) ?? null,
    registryPath: 'src/llm/modelRegistry.ts',
    pythonRegistryPath: 'model_registry.py',
    defaultModel: TIERS.sonnet,
    onConflict: 'report',
    registryFile: existing.file,
  });
  assert.equal(p.status, 'ok', p.status === 'refused' ? p.message : '');
  if (p.status !== 'ok') return;
  assert.deepEqual(p.createdFiles, []);
  assert.equal(p.registryFile, 'packages/web/lib/ai/registry.ts');
  assert.match(applyEdits(caller, p.edits.filter((e) => e.file === 'packages/web/lib/ai/chat.ts')), /import \{ modelFor \} from "\.\/registry";/);
});

test('the registry lens switches only Claude entries, in their own form', () => {
  const text = 'export const MODEL_REGISTRY = {\n  classify_intent: "claude-haiku-5-5",\n  "classify_intent@openai": "gpt-4o-mini",\n  "summarize_short@bedrock": "us.anthropic.claude-sonnet-5-5-v1:0",\n} as const;\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\nexport function modelFor(t: string): string { return (MODEL_REGISTRY as Record<string, string>)[t] ?? DEFAULT_MODEL; }\n';
  const info = readRegistry('src/llm/modelRegistry.ts', text);
  const site = (id: string, task: string): RegistrySiteFacts => ({ id, language: 'typescript', registryTask: task, monthlyCost: { haiku: 10, sonnet: 200, current: 50 } });
  const usage = registryUsage(info, [site('a', 'classify_intent'), site('b', 'classify_intent@openai'), site('c', 'summarize_short@bedrock')], TIERS);
  const by = new Map(usage.entries.map((u) => [u.task, u.options.map((o) => o.model)]));
  assert.deepEqual(by.get('classify_intent'), ['claude-sonnet-5-5']);
  assert.deepEqual(by.get('classify_intent@openai'), [], 'an OpenAI entry has no tier to switch to');
  assert.deepEqual(by.get('summarize_short@bedrock'), ['us.anthropic.claude-haiku-5-5-v1:0']);
});

test('a per-provider key names its task type: `classify_intent@openai` is classify_intent', () => {
  assert.deepEqual(splitRegistryKey('classify_intent@openai'), { task: 'classify_intent', route: 'openai' });
  assert.deepEqual(splitRegistryKey('support.triage'), { task: 'support.triage', route: null });
  const files = {
    'src/llm/modelRegistry.ts': 'export const MODEL_REGISTRY = { "classify_intent@openai": "gpt-4o-mini" } as const;\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\nexport function modelFor(t: string): string { return (MODEL_REGISTRY as Record<string, string>)[t] ?? DEFAULT_MODEL; }\n',
    'src/f.ts': 'import OpenAI from "openai";\nimport { modelFor } from "./llm/modelRegistry";\nconst oai = new OpenAI();\nexport async function f(t: string) {\n  return oai.chat.completions.create({ model: modelFor("classify_intent@openai"), messages: [{ role: "user", content: t }] });\n}\n',
  };
  const [c] = scanTexts(files).calls;
  assert.equal(c.registryTask, 'classify_intent@openai');
  assert.equal(c.model.resolved, 'gpt-4o-mini');
  const inference = inferTaskType(c);
  assert.equal(inference.taskType, 'classify_intent');
  assert.equal(inference.recommendedTier, 'haiku');
});

test("a per-provider key added to an existing registry takes the registry's quotes", () => {
  const registry = "export const MODEL_REGISTRY = {\n  summarize_short: 'claude-haiku-5-5',\n} as const;\nexport const DEFAULT_MODEL = 'claude-sonnet-5-5';\nexport function modelFor(task: string): string {\n  const models: Readonly<Record<string, string>> = MODEL_REGISTRY;\n  return models[task] ?? DEFAULT_MODEL;\n}\n";
  const caller = "import OpenAI from 'openai';\nconst oai = new OpenAI();\nexport const f = (t: string) => oai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: t }] });\n";
  const at = caller.indexOf("'gpt-4o-mini'");
  const texts = new Map([['src/config/models.ts', registry], ['src/f.ts', caller]]);
  const p = planMoveToRegistry({
    calls: [{ file: 'src/f.ts', language: 'typescript', sdk: 'openai', api: 'chat.completions.create', task: 'classify_intent', targetModel: 'gpt-4o-mini', model: { expression: "'gpt-4o-mini'", resolved: 'gpt-4o-mini', source: 'literal', span: { start: at, end: at + 13 } } }],
    readText: (f) => texts.get(f) ?? null,
    registryPath: 'src/llm/modelRegistry.ts',
    pythonRegistryPath: 'model_registry.py',
    defaultModel: TIERS.sonnet,
    onConflict: 'report',
    registryFile: 'src/config/models.ts',
  });
  assert.equal(p.status, 'ok', p.status === 'refused' ? p.message : '');
  if (p.status !== 'ok') return;
  assert.match(applyEdits(registry, p.edits.filter((e) => e.file === 'src/config/models.ts')), /\n {2}summarize_short: 'claude-haiku-5-5',\n {2}'classify_intent@openai': 'gpt-4o-mini',\n\}/);
});
