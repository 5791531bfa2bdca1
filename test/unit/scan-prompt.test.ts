import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTexts } from '../../src/core/scan/project';

test('prompt parts keep the source of their dynamic pieces (holes) and their positions', () => {
  const text = `import Anthropic from "@anthropic-ai/sdk";
const c = new Anthropic();
const RULES = "Be strict.";
export async function review(diff: string, chunks: string[]) {
  return c.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 5,
    system: RULES + " Reply in " + lang(),
    messages: [{ role: "user", content: \`Review:\\n\${diff}\\n\${chunks.map((x) => x).join("\\n")}\` }],
  });
}
function lang() { return "en"; }
`;
  const { calls } = scanTexts({ 'src/a.ts': text });
  const [system, user] = calls[0].prompt;
  // `lang()` is read: the text it returns is part of the prompt.
  assert.deepEqual([system.role, system.text, system.dynamicSlots, system.holes], ['system', 'Be strict. Reply in en', 0, undefined]);
  assert.equal(system.line, 8);
  assert.deepEqual([user.role, user.text, user.dynamicSlots, user.holes], ['user', 'Review:\n\n', 2, ['diff', 'chunks.map((x) => x).join("\\n")']]);
  assert.equal(user.line, 9);
  assert.equal(text.slice(user.span!.start, user.span!.start + 9), '`Review:\\');
  assert.ok(calls[0].signals.some((s) => s.kind === 'documents-joined'));
});
