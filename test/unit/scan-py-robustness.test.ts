// The Python side of the engine never throws, reads what is intact, stays linear on big generated files.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { parseFile } from '../../src/core/scan/engine/frontends';
import { mayMatterPattern } from '../../src/core/scan/catalogue';

const CALL = (i: number) =>
  `def f${i}(q):\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=${i + 1}, messages=[{"role": "user", "content": f"item ${i}: {q}"}])\n\n`;

const scan = (files: Record<string, string>) => scanAllTexts(files);

test('loading the grammar is idempotent, and Python files parse after it', async () => {
  assert.equal(await initScanEngine(), null);
  assert.equal(await initScanEngine(), null);
  const ir = parseFile('a.py', 'import anthropic\nclient = anthropic.Anthropic()\n' + CALL(0));
  assert.ok(!('skipped' in ir));
  assert.deepEqual(ir.problems, []);
  assert.equal(scan({ 'a.py': 'import anthropic\nclient = anthropic.Anthropic()\n' + CALL(0) }).calls.length, 1);
});

test('garbage, binary-ish and empty input never throw', async () => {
  await initScanEngine();
  for (const text of ['', '\u0000\u0001\u0002', ')))(((', 'def (:\n  """', '\t'.repeat(5000), 'x = "' + '\\'.repeat(999), '@' + '('.repeat(3000)]) {
    const r = scan({ 'g.py': text });
    assert.ok(Array.isArray(r.calls));
  }
});

test('Python 2 syntax: calls in intact parts are still found', async () => {
  await initScanEngine();
  const r = scan({ 'old.py': `import openai\nprint "hi"\nexec "x=1"\n\ndef ask(q):\n    return openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": q}])\n` });
  assert.equal(r.calls.length, 1);
  assert.equal(r.calls[0].enclosingFunction, 'ask');
});

test('a large generated file is read completely (every call found)', async () => {
  await initScanEngine();
  const head = 'import anthropic\nclient = anthropic.Anthropic()\n';
  const text = head + Array.from({ length: 2000 }, (_, i) => CALL(i)).join('');
  assert.equal(scan({ 'gen.py': text }).calls.length, 2000);
});

test('deeply nested expressions do not overflow the stack', async () => {
  await initScanEngine();
  const deep = `import anthropic\nc = anthropic.Anthropic()\nP = ${'"a" + '.repeat(3000)}"z"\nc.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": P}])\n`;
  const r = scan({ 'deep.py': deep });
  assert.equal(r.calls.length, 1);
});

test('mayMatter: cheap text test from the catalogue', () => {
  const may = mayMatterPattern('py');
  assert.ok(may.test('from anthropic import Anthropic'));
  assert.ok(may.test('import google.generativeai as genai'));
  assert.ok(may.test('MODEL = "claude-haiku-4-5"'));
  assert.ok(may.test('x = model_for("classify_intent")'));
  assert.ok(!may.test('import os\nprint(os.getcwd())\n'));
});

test('a module imported for its constant is read, and callers of a plumbing function in files naming no SDK', async () => {
  await initScanEngine();
  const r = scan({
    'app/llm.py': 'import anthropic\nfrom .config import MODEL\nclient = anthropic.Anthropic()\n\ndef ask(prompt):\n    return client.messages.create(model=MODEL, max_tokens=10, messages=[{"role": "user", "content": prompt}])\n',
    'app/config.py': 'MODEL = "claude-haiku-5-5"\n',
    'app/jobs.py': 'from .llm import ask\n\ndef titles(text):\n    return ask("Suggest a short title for this article:\\n" + text)\n',
  });
  assert.deepEqual(r.calls.map((c) => [c.file, c.enclosingFunction, c.sdk, c.model.resolved]), [['app/jobs.py', 'titles', 'wrapper', 'claude-haiku-5-5']]);
});

test('a wrapper whose callers are found is not counted again; without callers its own call counts', async () => {
  await initScanEngine();
  const lib = 'from anthropic import Anthropic\nclient = Anthropic()\n\ndef ask(prompt):\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": prompt}])\n';
  assert.equal(scan({ 'lib.py': lib }).calls.length, 1);
  const withCallers = scan({ 'lib.py': lib, 'use.py': 'from lib import ask\n\ndef a():\n    return ask("Hi")\n\ndef b():\n    return ask("Bye")\n' });
  assert.deepEqual(
    withCallers.calls.map((c) => `${c.file}:${c.enclosingFunction}:${c.sdk}:${c.prompt.map((p) => p.text).join('|')}`),
    ['use.py:a:wrapper:Hi', 'use.py:b:wrapper:Bye'],
  );
});

test('.pyi stubs and test files are not call sites', async () => {
  await initScanEngine();
  const call = 'import anthropic\nanthropic.Anthropic().messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": "x"}])\n';
  for (const f of ['types.pyi', 'tests/test_x.py', 'conftest.py']) assert.equal(scan({ [f]: call }).calls.length, 0, f);
  for (const f of ['pkg/test_y.py', 'pkg/x_test.py']) assert.equal(scan({ [f]: `import unittest\n${call}` }).calls.length, 0, f);
  assert.equal(scan({ 'pkg/contest.py': call }).calls.length, 1);
});
