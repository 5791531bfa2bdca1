// Cycles in the code under scan end as "no value", never as a stack overflow that loses the file's calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';

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
