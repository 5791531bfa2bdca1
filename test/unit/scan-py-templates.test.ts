// Python prompt templates filled with str.replace: the template text reaches inference, the value is a hole.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { initScanEngine as initPythonScanner, scanAllTexts } from '../../src/core/scan/engine/simple';

const APP = `from openai import OpenAI

client = OpenAI()
NAME_PROMPT = "Generate a short title (at most five words) for this conversation:\\n{conversation}"


def name_thread(conversation):
    prompt = NAME_PROMPT.replace("{conversation}", conversation)
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
`;

test('TEMPLATE.replace("{x}", value) keeps the template text and counts the value as a dynamic slot', async () => {
  await initPythonScanner();
  const [call] = scanAllTexts({ 'app.py': APP }).calls;
  const [p] = call.prompt;
  assert.equal(p.text, 'Generate a short title (at most five words) for this conversation:\n');
  assert.ok(p.dynamicSlots >= 1);
});
