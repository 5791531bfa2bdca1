// A tracing span names the request it is opened around, not every request of its function (and looking it up stays
// linear in a function with thousands of requests and spans: test/bench/scaling.bench.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTexts } from '../../src/core/scan/project';
import { initScanEngine } from '../../src/core/scan/engine/simple';
import { buildCard } from '../../src/core/infer/card';

const LLM = `from contextlib import contextmanager
import litellm

@contextmanager
def generation_span(flow, model):
    yield

class LLM:
    def invoke(self, prompt: str) -> str:
        r = litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
        return r.choices[0].message.content
`;

const FLOWS = `from enum import Enum
from .llm import LLM, generation_span

class Flow(str, Enum):
    EXPAND = "query_expansion"
    TITLE = "chat_naming"
    JUDGE = "relevance"

def expand_and_title(llm: LLM, query: str):
    with generation_span(flow=Flow.EXPAND, model="gpt-4o-mini"):
        variants = llm.invoke("Rewrite this search query three ways, one per line: " + query)
    with generation_span(flow=Flow.TITLE, model="gpt-4o-mini"):
        title = llm.invoke("Give this search a title of at most five words: " + query)
    return variants, title
`;

const TS = `import OpenAI from "openai";
const openai = new OpenAI();
declare function withSpan<T>(name: string, f: () => Promise<T>): Promise<T>;
export async function pipeline(text: string) {
  const tags = await withSpan("tagging", () => openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "List three tags for the text." }, { role: "user", content: text }] }));
  const sum = await withSpan("summary", () => openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Summarize the text in one sentence." }, { role: "user", content: text }] }));
  return { tags, sum };
}
`;

test('each request carries the label of the span opened around it, in Python and TS', async () => {
  await initScanEngine();
  const py = scanTexts({ 'app/__init__.py': '', 'app/llm.py': LLM, 'app/flows.py': FLOWS }).calls.filter((c) => c.file === 'app/flows.py');
  assert.equal(py.length, 2);
  const byPrompt = (calls: typeof py, word: string) => buildCard(calls.find((c) => buildCard(c).prompt.some((p) => p.text.includes(word)))!);
  assert.deepEqual(byPrompt(py, 'three ways').names.labels.filter((l) => l.startsWith('Flow.')), ['Flow.EXPAND']);
  assert.deepEqual(byPrompt(py, 'title').names.labels.filter((l) => l.startsWith('Flow.')), ['Flow.TITLE']);

  const ts = scanTexts({ 'src/pipeline.ts': TS }).calls;
  assert.equal(ts.length, 2);
  assert.ok(byPrompt(ts, 'three tags').names.labels.includes('span: tagging'), JSON.stringify(byPrompt(ts, 'three tags').names));
  assert.ok(!byPrompt(ts, 'three tags').names.labels.includes('span: summary'));
  assert.ok(byPrompt(ts, 'one sentence').names.labels.includes('span: summary'));
});
