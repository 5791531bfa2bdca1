import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanTexts } from '../../src/core/scan/project';
import { FIXTURES } from './scan-fixture-util';

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('truncated and garbled sources never throw; what parses is still found', () => {
  const sources = ['realistic-express-service/src/services/llm.service.ts', 'wrapper-registry-routing/src/llm/callAI.ts', 'prompt-tools/src/agent.ts', 'realistic-langchain-rag/src/rag/chain.ts'].map((f) =>
    readFileSync(join(FIXTURES, f), 'utf8'),
  );
  const r = rng(7);
  for (const text of sources) {
    for (let k = 0; k < 25; k++) {
      const cut = Math.floor(r() * text.length);
      const garbled = text.slice(0, cut) + '{{ ` ( "' + text.slice(cut + Math.floor(r() * 20));
      for (const variant of [text.slice(0, cut), garbled]) {
        const out = scanTexts({ 'src/x.ts': variant });
        assert.ok(Array.isArray(out.calls));
      }
    }
  }
  const junk = scanTexts({ 'a.ts': '\u0000\uffff anthropic '.repeat(50), 'b.js': 'import Anthropic from "@anthropic-ai/sdk"; new Anthropic().messages.create(', 'c.tsx': '<div>{anthropic</div' });
  assert.ok(junk.skipped.some((s) => s.file === 'b.js' && /syntax error/.test(s.reason)));
});
