// A helper's early return for a missing argument (`if text is None: return None`, `if (!text) return ''`) is the
// value when the caller leaves the argument out: a turn the caller does not send is not in the prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';

const redactPy = `def mask_all(text, secrets):
    parts = []
    for s in secrets:
        parts.append(text.replace(s, "***"))
    return "".join(parts) + "[redacted]"


def _redact(text, secrets):
    if text is None:
        return None
    if not secrets:
        return text
    return mask_all(text, secrets)
`;

const handlerPy = `import litellm
from red import _redact


def make(model):
    async def handler(prompt: str, secrets=None, system_prompt=None):
        prompt = _redact(prompt, secrets) or ""
        system_prompt = _redact(system_prompt, secrets)
        messages = [{"role": "user", "content": [{"type": "text", "text": prompt}]}]
        if system_prompt:
            messages = [{"role": "system", "content": [{"type": "text", "text": system_prompt}]}] + messages
        return await litellm.acompletion(model=model, messages=messages)
    return handler


HANDLER = make("gpt-4o")


async def parse_code(content: str):
    return await HANDLER(prompt="Extract the one-time code from this email; answer as JSON.\\n" + content)
`;

test('Python: `if text is None: return None` — the system turn the caller leaves out is not sent', async () => {
  assert.equal(await initScanEngine(), null);
  const r = scanAllTexts({ 'red.py': redactPy, 'h.py': handlerPy });
  assert.equal(r.calls.length, 1);
  const c = r.calls[0];
  assert.equal(c.enclosingFunction, 'parse_code');
  assert.deepEqual(c.prompt.map((p) => p.role), ['user']);
  assert.match(c.prompt[0].text, /^Extract the one-time code/);
  assert.ok(!c.prompt.some((p) => /\*\*\*|redacted/.test(p.text)));
});

test('TS: `if (!text) return ...` — an optional instruction the caller omits is not in the prompt', () => {
  const r = scanAllTexts({
    'src/llm.ts': `import OpenAI from 'openai';
const openai = new OpenAI();
function withHouseStyle(text?: string): string | undefined {
  if (!text) return undefined;
  return text + '\\nAlways answer in the house style: short sentences, no jargon.';
}
export async function ask(prompt: string, system?: string) {
  const sys = withHouseStyle(system);
  const messages = sys ? [{ role: 'system' as const, content: sys }, { role: 'user' as const, content: prompt }] : [{ role: 'user' as const, content: prompt }];
  return openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
}
`,
    'src/jobs.ts': `import { ask } from './llm';
export const tagline = (product: string) => ask(\`Write a tagline of at most eight words for: \${product}\`);
export const review = (code: string) => ask(code, 'You review pull requests for security problems. List each with its line.');
`,
  });
  const byFn = new Map(r.calls.map((c) => [c.enclosingFunction, c]));
  assert.deepEqual([...byFn.keys()].sort(), ['review', 'tagline']);
  assert.ok(!byFn.get('tagline')!.prompt.some((p) => /house style/.test(p.text)), 'tagline sends no system turn');
  assert.ok(byFn.get('review')!.prompt.some((p) => p.role === 'system' && /house style/.test(p.text) && /review pull requests/.test(p.text)));
});
