// Issue #15, item 2: the quick fix that adds a prompt-caching breakpoint, as text edits on the Anthropic SDK's calls in
// TypeScript and Python. Each case: the file, the call as the scanner finds it, the text after the edit; the scanner
// then reads cache_control on the call, and the caching opportunity is gone.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { applyBreakpointEdits, planCacheBreakpoint } from '../../src/core/cost/breakpoint';
import { initScanEngine } from '../../src/core/scan/engine/simple';
import { scanTexts } from '../../src/core/scan/project';
import type { ScannedCall } from '../../src/core/types';
import { fixedInfer } from './cost-fixtures';

before(async () => {
  await initScanEngine();
});

function callIn(file: string, text: string, fn: string): ScannedCall {
  const { calls } = scanTexts({ [file]: text });
  const call = calls.find((c) => c.enclosingFunction === fn);
  assert.ok(call, `no call in ${fn}: ${calls.map((c) => c.enclosingFunction).join(', ')}`);
  return call;
}

function fix(file: string, text: string, fn: string, prefer: 'system' | 'tools' = 'system'): string {
  const call = callIn(file, text, fn);
  const plan = planCacheBreakpoint(text, file, call.language, call.span, prefer);
  assert.ok(!('reason' in plan), `no plan: ${'reason' in plan ? plan.reason : ''}`);
  const out = applyBreakpointEdits(text, plan.edits);
  // The scanner now sees the breakpoint on the very call.
  assert.equal(callIn(file, out, fn).cacheControl, true, `cache_control not seen after the edit:\n${out}`);
  return out;
}

function refused(file: string, text: string, fn: string, prefer: 'system' | 'tools' = 'system'): string {
  const call = callIn(file, text, fn);
  const plan = planCacheBreakpoint(text, file, call.language, call.span, prefer);
  assert.ok('reason' in plan, 'a plan where none was expected');
  return plan.reason;
}

const TS_HEAD = 'import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\n';

test('TypeScript: a string system prompt becomes one text block with the breakpoint', () => {
  const src = `${TS_HEAD}export async function ask(q: string) {\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, system: "Be brief.", messages: [{ role: "user", content: q }] });\n}\n`;
  assert.equal(
    fix('src/a.ts', src, 'ask'),
    src.replace('system: "Be brief."', 'system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }]'),
  );
});

test('TypeScript: a constant of the file, single quotes, a shorthand property', () => {
  const src = `${TS_HEAD}const SYSTEM = 'You answer questions about the policy.';\nexport async function ask(q: string) {\n  const system = SYSTEM;\n  return client.messages.create({\n    model: 'claude-sonnet-4-6',\n    max_tokens: 10,\n    system: SYSTEM,\n    messages: [{ role: 'user', content: q }],\n  });\n}\n`;
  assert.equal(fix('src/a.ts', src, 'ask'), src.replace('    system: SYSTEM,', "    system: [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }],"));
  const short = `${TS_HEAD}const system = "Rules.";\nexport async function ask(q: string) {\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, system, messages: [{ role: "user", content: q }] });\n}\n`;
  assert.match(fix('src/a.ts', short, 'ask'), /max_tokens: 10, system: \[\{ type: "text", text: system, cache_control: \{ type: "ephemeral" \} \}\], messages/);
});

test('TypeScript: a list of system blocks gets the field on its last block, on a line of its own', () => {
  const src = `${TS_HEAD}export async function ask(q: string) {\n  return client.messages.create({\n    model: "claude-sonnet-4-6",\n    max_tokens: 10,\n    system: [\n      { type: "text", text: "One." },\n      {\n        type: "text",\n        text: "Two.",\n      },\n    ],\n    messages: [{ role: "user", content: q }],\n  });\n}\n`;
  assert.equal(fix('src/a.ts', src, 'ask'), src.replace('        text: "Two.",\n', '        text: "Two.",\n        cache_control: { type: "ephemeral" },\n'));
});

test('TypeScript: the last tool of a list declared in the file (when the system prompt is not stable)', () => {
  const src = `${TS_HEAD}const tools = [\n  { name: "a", description: "d", input_schema: { type: "object" as const } },\n  { name: "b", description: "e", input_schema: { type: "object" as const } },\n] as const;\nexport async function ask(q: string, who: string) {\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, system: \`Hello \${who}\`, tools, messages: [{ role: "user", content: q }] });\n}\n`;
  assert.equal(fix('src/a.ts', src, 'ask', 'tools'), src.replace('{ name: "b", description: "e", input_schema: { type: "object" as const } }', '{ name: "b", description: "e", input_schema: { type: "object" as const }, cache_control: { type: "ephemeral" } }'));
});

test('TypeScript: no fix rather than a guess', () => {
  const imported = `${TS_HEAD}import { SYSTEM } from "./prompts";\nexport async function ask(q: string) {\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, system: SYSTEM, messages: [{ role: "user", content: q }] });\n}\n`;
  assert.match(refused('src/a.ts', imported, 'ask'), /not declared in this file/);
  const already = `${TS_HEAD}export async function ask(q: string) {\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, system: [{ type: "text", text: "x", cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: q }] });\n}\n`;
  assert.match(refused('src/a.ts', already, 'ask'), /already has cache_control/);
  const noSystem = `${TS_HEAD}export async function ask(q: string) {\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, messages: [{ role: "user", content: q }] });\n}\n`;
  assert.match(refused('src/a.ts', noSystem, 'ask'), /has no system/);
});

const PY_HEAD = 'import anthropic\n\nclient = anthropic.Anthropic()\n';

test('Python: a string system prompt, a module constant, a list of blocks', () => {
  const lit = `${PY_HEAD}\ndef ask(q):\n    return client.messages.create(model="claude-sonnet-4-6", max_tokens=10, system="Be brief.", messages=[{"role": "user", "content": q}])\n`;
  assert.equal(fix('app/a.py', lit, 'ask'), lit.replace('system="Be brief."', 'system=[{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}]'));
  const named = `${PY_HEAD}SYSTEM = """You answer questions\nabout the policy."""\n\n\ndef ask(q):\n    return client.messages.create(\n        model="claude-sonnet-4-6",\n        max_tokens=10,\n        system=SYSTEM,\n        messages=[{"role": "user", "content": q}],\n    )\n`;
  assert.equal(fix('app/a.py', named, 'ask'), named.replace('system=SYSTEM,', 'system=[{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}],'));
  const blocks = `${PY_HEAD}\ndef ask(q):\n    return client.messages.create(\n        model="claude-sonnet-4-6",\n        max_tokens=10,\n        system=[\n            {"type": "text", "text": "One."},\n            {\n                "type": "text",\n                "text": "Two.",\n            },\n        ],\n        messages=[{"role": "user", "content": q}],\n    )\n`;
  assert.equal(fix('app/a.py', blocks, 'ask'), blocks.replace('                "text": "Two.",\n', '                "text": "Two.",\n                "cache_control": {"type": "ephemeral"},\n'));
});

test('Python: the last tool of a module-level list; no fix for **kwargs or a parameter', () => {
  const tools = `${PY_HEAD}TOOLS = [\n    {"name": "a", "description": "d", "input_schema": {"type": "object"}},\n    {"name": "b", "description": "e", "input_schema": {"type": "object"}}\n]\n\n\ndef ask(q, who):\n    return client.messages.create(model="claude-sonnet-4-6", max_tokens=10, system=f"Hello {who}", tools=TOOLS, messages=[{"role": "user", "content": q}])\n`;
  assert.equal(
    fix('app/a.py', tools, 'ask', 'tools'),
    tools.replace('{"name": "b", "description": "e", "input_schema": {"type": "object"}}', '{"name": "b", "description": "e", "input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral"}}'),
  );
  const kwargs = `${PY_HEAD}\ndef ask(params):\n    return client.messages.create(**params)\n`;
  assert.match(refused('app/a.py', kwargs, 'ask'), /\*\*kwargs/);
  const param = `${PY_HEAD}\ndef ask(q, system):\n    return client.messages.create(model="claude-sonnet-4-6", max_tokens=10, system=system, messages=[{"role": "user", "content": q}])\n`;
  assert.match(refused('app/a.py', param, 'ask'), /not assigned at the top of this file/);
});

test('after the fix the call is priced with caching and no longer flagged', () => {
  const policy = Array.from({ length: 80 }, (_v, i) => `Rule ${i + 1}: refunds within thirty days when the item is unused and in its original packaging.`).join(' ');
  const src = `${TS_HEAD}const POLICY = "${policy}";\nexport async function ask(q: string) {\n  // tierwise: calls=20k/day\n  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 100, system: POLICY, messages: [{ role: "user", content: q }] });\n}\n`;
  const price = (text: string) => analyzeCallsDetailed([callIn('src/a.ts', text, 'ask')], null, { root: '/r', infer: fixedInfer('unknown', 'sonnet') }).report.callSites[0];
  const before = price(src);
  assert.ok(before.cachingOpportunity, 'the long static system prompt is a caching opportunity');
  const after = price(fix('src/a.ts', src, 'ask'));
  assert.equal(after.cachingOpportunity, undefined);
  assert.equal(after.promptCaching?.mode, 'cache_control');
  // The saving the diagnostic promised is what the fix gives.
  assert.equal(Math.round(after.monthlyCost.current! * 100), Math.round(before.cachingOpportunity.monthlyWith * 100));
});
