// The Python scanner never throws, reads what is intact, stays linear on big generated files.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyzePython, initPythonScanner, linkPython, pythonScanner, type PythonAnalysis } from '../../src/core/scan/python';
import { emptyPythonAnalysis } from '../../src/core/scan/python/analyze';

const CALL = (i: number) =>
  `def f${i}(q):\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=${i + 1}, messages=[{"role": "user", "content": f"item ${i}: {q}"}])\n\n`;

function scan(files: Record<string, string>) {
  const analyses = new Map<string, PythonAnalysis>();
  for (const [f, t] of Object.entries(files)) analyses.set(f, pythonScanner.analyze(f, t));
  return { analyses, ...linkPython(analyses) };
}

test('before init, analyze answers with an error instead of throwing', () => {
  // A fresh analysis object carries the error the scanner reports when the parser is not loaded.
  const a = emptyPythonAnalysis('x.py', 'python parser not initialised');
  assert.equal(a.error, 'python parser not initialised');
  assert.deepEqual(a.calls, []);
});

test('initPythonScanner is idempotent and parses after it', async () => {
  assert.equal(await initPythonScanner(), null);
  assert.equal(await initPythonScanner(), null);
  const a = analyzePython('a.py', 'import anthropic\nclient = anthropic.Anthropic()\n' + CALL(0));
  assert.equal(a.error, undefined);
  assert.equal(a.calls.length, 1);
});

test('garbage, binary-ish and empty input never throw', async () => {
  await initPythonScanner();
  for (const text of ['', '\u0000\u0001\u0002', ')))(((', 'def (:\n  """', '\t'.repeat(5000), 'x = "' + '\\'.repeat(999), '@' + '('.repeat(3000)]) {
    const r = scan({ 'g.py': text });
    assert.ok(Array.isArray(r.calls));
  }
});

test('Python 2 syntax: calls in intact parts are still found', async () => {
  await initPythonScanner();
  const r = scan({ 'old.py': `import openai\nprint "hi"\nexec "x=1"\n\ndef ask(q):\n    return openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": q}])\n` });
  assert.equal(r.calls.length, 1);
  assert.equal(r.calls[0].enclosingFunction, 'ask');
});

test('a large generated file is scanned in roughly linear time', async () => {
  await initPythonScanner();
  const head = 'import anthropic\nclient = anthropic.Anthropic()\n';
  const body = (n: number) => head + Array.from({ length: n }, (_, i) => CALL(i)).join('');
  const time = (n: number) => {
    const text = body(n);
    const t0 = performance.now();
    const r = scan({ 'gen.py': text });
    const ms = performance.now() - t0;
    assert.equal(r.calls.length, n);
    return { ms, bytes: text.length };
  };
  time(200); // warm-up
  const small = time(1000);
  const big = time(4000);
  // 4x the input may cost at most ~8x the time (linear with noise); quadratic would be 16x.
  assert.ok(big.ms < small.ms * 8 + 200, `1000 calls: ${small.ms.toFixed(0)} ms, 4000 calls: ${big.ms.toFixed(0)} ms`);
});

test('deeply nested expressions do not overflow the stack', async () => {
  await initPythonScanner();
  const deep = `import anthropic\nc = anthropic.Anthropic()\nP = ${'"a" + '.repeat(3000)}"z"\nc.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": P}])\n`;
  const r = scan({ 'deep.py': deep });
  assert.equal(r.calls.length, 1);
});

test('mayMatter: cheap text test', () => {
  assert.ok(pythonScanner.mayMatter('from anthropic import Anthropic'));
  assert.ok(pythonScanner.mayMatter('MODEL = "claude-haiku-4-5"'));
  assert.ok(pythonScanner.mayMatter('x = model_for("classify_intent")'));
  assert.ok(!pythonScanner.mayMatter('import os\nprint(os.getcwd())\n'));
});

test('followUp names wrappers and the modules imported for constants', async () => {
  await initPythonScanner();
  const analyses = new Map<string, PythonAnalysis>();
  analyses.set(
    'app/llm.py',
    pythonScanner.analyze(
      'app/llm.py',
      'import anthropic\nfrom .config import MODEL\nclient = anthropic.Anthropic()\n\ndef ask(prompt):\n    return client.messages.create(model=MODEL, max_tokens=10, messages=[{"role": "user", "content": prompt}])\n',
    ),
  );
  const fu = pythonScanner.followUp(analyses);
  assert.deepEqual(fu.names, ['ask']);
  assert.ok(fu.files.includes('app/config.py'), fu.files.join(','));
});

test('a wrapper whose callers are found is not counted again; without callers its own call counts', async () => {
  await initPythonScanner();
  const lib = 'from anthropic import Anthropic\nclient = Anthropic()\n\ndef ask(prompt):\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": prompt}])\n';
  assert.equal(scan({ 'lib.py': lib }).calls.length, 1);
  const withCallers = scan({ 'lib.py': lib, 'use.py': 'from lib import ask\n\ndef a():\n    return ask("Hi")\n\ndef b():\n    return ask("Bye")\n' });
  assert.deepEqual(
    withCallers.calls.map((c) => `${c.file}:${c.enclosingFunction}:${c.sdk}:${c.prompt.map((p) => p.text).join('|')}`),
    ['use.py:a:wrapper:Hi', 'use.py:b:wrapper:Bye'],
  );
});

test('.pyi stubs and test files are not call sites', async () => {
  await initPythonScanner();
  const call = 'import anthropic\nanthropic.Anthropic().messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])\n';
  for (const f of ['types.pyi', 'tests/test_x.py', 'pkg/test_y.py', 'conftest.py', 'pkg/x_test.py']) assert.equal(scan({ [f]: call }).calls.length, 0, f);
  assert.equal(scan({ 'pkg/contest.py': call }).calls.length, 1);
});
