// Output handling the Python scanner must not read as a label test: a key looked up in the parsed JSON
// answer, and a state flag that merely shares a name with something the output was stored in.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { initScanEngine as initPythonScanner, scanAllTexts } from '../../src/core/scan/engine/simple';

function scan(files: Record<string, string>) {
  return scanAllTexts(files);
}

const APP = `import json
from openai import OpenAI

client = OpenAI()
state = {}


def rewrite_lines(lines):
    resp = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": f"Rewrite each line in plain words and return JSON: {json.dumps(lines)}"}],
        response_format={"type": "json_object"},
    )
    data = json.loads(resp.choices[0].message.content)
    if "lines" in data:
        return data["lines"]
    return data


def sketch(query):
    resp = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": query}],
    )
    state.sketch = resp.choices[0].message.content
    if "sketch" not in state:
        return None
    return state.sketch


def triage(text):
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": f"Is this spam? Answer yes or no. {text}"}],
    )
    answer = resp.choices[0].message.content.strip().lower()
    if "yes" in answer:
        return True
    return False
`;

test('a key looked up in the parsed JSON answer is not a label test; a word looked up in the text is', async () => {
  await initPythonScanner();
  const { calls } = scan({ 'app.py': APP });
  const byFn = (name: string) => calls.find((c) => c.enclosingFunction === name)!;
  const kinds = (name: string) => byFn(name).signals.map((s) => s.kind);
  assert.ok(kinds('rewrite_lines').includes('json-parse'));
  assert.ok(!kinds('rewrite_lines').includes('includes-on-output'), JSON.stringify(byFn('rewrite_lines').signals));
  assert.ok(!kinds('sketch').includes('enum-compare') && !kinds('sketch').includes('includes-on-output'), JSON.stringify(byFn('sketch').signals));
  assert.ok(kinds('triage').includes('includes-on-output'));
});
