// Cycles in the code under scan end as "no value", never as a stack overflow that loses the file's calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { parseFile } from '../../src/core/scan/engine/frontends';
import { Evaluator } from '../../src/core/scan/engine/evaluate';
import { Resolver } from '../../src/core/scan/engine/resolve';

const job = (settingsImport: string) => `${settingsImport}
from openai import OpenAI

client = OpenAI()


class Holder:
    def __init__(self):
        self.value = self.compute()

    def compute(self):
        return self.other().value + "x"

    def other(self):
        return Holder()


def summarize(text):
    h = Holder()
    return client.chat.completions.create(model=SETTINGS, messages=[{"role": "user", "content": "Summarize: " + text + h.value}])
`;

test('a field whose value calls a method that builds the class again: the call is kept', async () => {
  assert.equal(await initScanEngine(), null);
  const r = scanAllTexts({ 'a.py': job('SETTINGS = "gpt-4o-mini"') });
  assert.deepEqual(r.skipped, []);
  assert.equal(r.calls.length, 1);
  assert.equal(r.calls[0].enclosingFunction, 'summarize');
  assert.equal(r.calls[0].model.resolved, 'gpt-4o-mini');
});

test('modules importing a name from each other: the call is kept, the name has no value', async () => {
  assert.equal(await initScanEngine(), null);
  const r = scanAllTexts({
    'a.py': job('from b import SETTINGS'),
    'b.py': 'from a import SETTINGS as S2\nfrom c import SETTINGS\n\ndef helper():\n    return S2\n',
    'c.py': 'from b import SETTINGS\n',
  });
  assert.deepEqual(r.skipped, []);
  assert.equal(r.calls.length, 1);
  assert.equal(r.calls[0].model.resolved, null);
});

test('TS modules re-exporting each other in a ring: the call is kept', async () => {
  const r = scanAllTexts({
    'src/a.ts': "export { MODEL } from './b';\n",
    'src/b.ts': "export { MODEL } from './a';\n",
    'src/job.ts': "import OpenAI from 'openai';\nimport { MODEL } from './a';\nconst openai = new OpenAI();\nexport const tag = (t: string) => openai.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `Tag this: ${t}` }] });\n",
  });
  assert.deepEqual(r.skipped, []);
  assert.equal(r.calls.length, 1);
});

test('a field assigned from itself many times is worked out once, and the call still resolves', async () => {
  assert.equal(await initScanEngine(), null);
  const steps = Array.from({ length: 14 }, (_, i) => `        if kind == "k${i}" and self.base is not None:\n            b = self.base.rstrip("/")\n            self.base = b if b.endswith("/v${i}") else f"{b}/v${i}"\n`).join('');
  const text = `import litellm\n\n\nclass Client:\n    def __init__(self, base=None, kind="x"):\n        self.model = "gpt-4o-mini"\n        self.base = base\n${steps}\n    def tag(self, text):\n        return litellm.completion(model=self.model, api_base=self.base, messages=[{"role": "user", "content": "Tag this: " + text}])\n`;
  const r = scanAllTexts({ 'client.py': text });
  assert.deepEqual(r.skipped, []);
  assert.equal(r.calls.length, 1);
  assert.equal(r.calls[0].model.resolved, 'gpt-4o-mini');
  // The field itself: worked out within a small step budget (reading it back re-entered it without end before).
  const mod = parseFile('client.py', text);
  assert.ok(!('skipped' in mod));
  const ev = new Evaluator(new Map([['client.py', mod]]), new Resolver(new Set(['client.py'])));
  const call = mod.calls.find((c) => mod.text.slice(c.f.p[0], c.f.p[1]) === 'litellm.completion')!;
  const base = call.kw?.api_base;
  assert.ok(base);
  const [v, exhausted] = ev.budgeted(() => [ev.eval(ev.abstractCtx(mod, call.fn), base), ev.exhausted] as const, 5_000);
  assert.equal(exhausted, false);
  assert.equal(v.t, 'alt');
});
