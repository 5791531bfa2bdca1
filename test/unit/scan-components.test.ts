// Single-file components (.vue, .svelte, .astro): their scripts are read in place (markup blanked, lines and columns
// kept), the cache-breakpoint fix edits the script, and the registry fix says it does not edit components yet.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { componentScript } from '../../src/core/scan/ts/component';
import { applyBreakpointEdits, planCacheBreakpoint } from '../../src/core/cost/breakpoint';
import { planMoveToRegistry } from '../../src/core/registry';
import { initScanEngine } from '../../src/core/scan/engine/simple';
import { scanTexts } from '../../src/core/scan/project';

before(async () => {
  await initScanEngine();
});

const VUE = [
  '<template>',
  '  <button @click="go">Go</button>',
  '</template>',
  '<script lang="ts">',
  'import Anthropic from "@anthropic-ai/sdk";',
  'const client = new Anthropic();',
  '</script>',
  '<script setup lang="ts">',
  'async function go(q: string) {',
  '  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, system: "Answer yes or no.", messages: [{ role: "user", content: q }] });',
  '}',
  '</script>',
  '<script type="application/ld+json">{ "go": 1 }</script>',
  '<script src="./other.js"></script>',
  '<style>.a { color: red }</style>',
  '',
].join('\r\n');

test('a component keeps only its code, at the same offsets and line breaks', () => {
  const { text, lang } = componentScript('src/Ask.vue', VUE);
  assert.equal(lang, 'typescript');
  assert.equal(text.length, VUE.length);
  assert.equal(text.split('\r\n').length, VUE.split('\r\n').length);
  const lines = text.split('\r\n');
  assert.equal(lines[0].trim(), '');
  assert.equal(lines[4], 'import Anthropic from "@anthropic-ai/sdk";');
  assert.equal(lines[9], VUE.split('\r\n')[9]);
  for (const i of [3, 6, 7, 11, 12, 13, 14]) assert.equal(lines[i].trim(), '', `line ${i + 1} should be blank: ${lines[i]}`);
  assert.equal(componentScript('src/A.svelte', '<script>\nlet a = 1;\n</script>\n<p>{a}</p>\n').lang, 'javascript');
  const astro = componentScript('src/pages/a.astro', '---\nconst x: number = 1;\n---\n<p>{x}</p>\n');
  assert.equal(astro.lang, 'typescript');
  assert.deepEqual(astro.text.split('\n').map((l) => l.trim()), ['', 'const x: number = 1;', '', '', '']);
});

test('a call in a component is found at its line and column, and the cache breakpoint edits its script', () => {
  const { calls } = scanTexts({ 'src/Ask.vue': VUE });
  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call.enclosingFunction, 'go');
  assert.equal(call.callee.line, 10);
  assert.equal(VUE.slice(call.span.start, call.span.start + 'client.messages.create'.length), 'client.messages.create');
  const plan = planCacheBreakpoint(VUE, call.file, call.language, call.span, 'system');
  assert.ok(!('reason' in plan), 'reason' in plan ? plan.reason : '');
  const out = applyBreakpointEdits(VUE, plan.edits);
  assert.equal(out, VUE.replace('system: "Answer yes or no."', 'system: [{ type: "text", text: "Answer yes or no.", cache_control: { type: "ephemeral" } }]'));
  assert.equal(scanTexts({ 'src/Ask.vue': out }).calls[0].cacheControl, true);
});

test('the registry fix refuses a component instead of editing outside its script', () => {
  const [call] = scanTexts({ 'src/Ask.vue': VUE }).calls;
  const plan = planMoveToRegistry({
    calls: [{ file: call.file, language: call.language, model: call.model, task: 'classify_intent', targetModel: 'claude-haiku-4-5', sdk: call.sdk, api: call.api, provider: 'anthropic', callText: VUE.slice(call.span.start, call.span.end) }],
    readText: (f: string) => (f === call.file ? VUE : null),
    root: '/ws',
    registryPath: 'src/llm/modelRegistry.ts',
    pythonRegistryPath: 'model_registry.py',
  } as never);
  assert.equal(plan.status, 'refused');
  assert.match((plan as { message: string }).message, /single-file component/);
});
