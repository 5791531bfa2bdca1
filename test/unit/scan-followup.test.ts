// The follow-up reads only the files that can hold a job: callers of the app's plumbing by name (a generic method
// name only on a receiver named like an LLM client), importers of the layer; never test files when tests are not
// scanned. Each file's called names are read once, from the text given, not from disk again in every round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Project, calledNamesOf, runSync, underFalseFlag, withoutComments } from '../../src/core/scan/engine/project';
import { frontEnds, parseFile } from '../../src/core/scan/engine/frontends';

test('calledNamesOf: plain calls, calls on a receiver (optional chaining, generics), no keywords shorter than 3', () => {
  const names = calledNamesOf('const a = summarize(x);\nthis.llm?.complete(y);\nfoo<Bar>(1);\nself.client.chat (z)\nif (a) {}\nobj.\n  generate(q);\n(1 + 2);\n]).run()');
  assert.deepEqual(names, ['summarize', 'llm.complete', 'foo', 'client.chat', 'obj.generate', '.run']);
  assert.deepEqual(calledNamesOf('no calls here'), []);
});

test('withoutComments: line and block comments go, offsets stay; markers inside strings are kept', () => {
  const ts = "const a = run(x); // later: condense(notes)\n/* merge(notes) */ const u = 'https://x.invalid // not a comment';\nconst r = `a // b`; const g = '/*' + glob('*/');";
  const out = withoutComments(ts, 'ts');
  assert.equal(out.length, ts.length);
  assert.ok(!out.includes('condense') && !out.includes('merge'), out);
  assert.ok(out.includes("'https://x.invalid // not a comment'") && out.includes('`a // b`') && out.includes("glob('*/')"), out);
  const py = 'title = f"Issue #{n}: " + summarize(text)  # summarize(other)\n# rank(items)\nx = 1';
  const pyOut = withoutComments(py, 'py');
  assert.equal(pyOut.length, py.length);
  assert.ok(pyOut.includes('f"Issue #{n}: " + summarize(text)') && !pyOut.includes('summarize(other)') && !pyOut.includes('rank'), pyOut);
});

test('underFalseFlag: a call under a module constant set to false once is switched off; set again or tested otherwise, it is not', () => {
  const ts = "const USE_LOCAL = false;\nexport async function run(p: string) {\n  if (USE_LOCAL) {\n    return local.chat(p); // off\n  }\n  return remote.chat(p);\n}\n";
  assert.equal(underFalseFlag(ts, 'ts', ts.indexOf('local.chat')), true);
  assert.equal(underFalseFlag(ts, 'ts', ts.indexOf('remote.chat')), false);
  const reassigned = ts.replace('export async', 'export function enable() { USE_LOCAL = true; }\nexport async').replace('const USE_LOCAL', 'let USE_LOCAL');
  assert.equal(underFalseFlag(reassigned, 'ts', reassigned.indexOf('local.chat')), false, 'a let set again is not a constant');
  const py = 'USE_CACHE = False\n\n\ndef answer(q):\n    if USE_CACHE:\n        hit = cache.ask(q)\n\n        return hit\n    return client.ask(q)\n';
  assert.equal(underFalseFlag(py, 'py', py.indexOf('cache.ask')), true);
  assert.equal(underFalseFlag(py, 'py', py.indexOf('client.ask')), false);
  const flipped = py.replace('def answer', 'def enable():\n    global USE_CACHE\n    USE_CACHE = True\n\n\ndef answer');
  assert.equal(underFalseFlag(flipped, 'py', flipped.indexOf('cache.ask')), false, 'a flag a function sets is not off');
});

const LAYER = `import Anthropic from "@anthropic-ai/sdk";
const anthropic = new Anthropic();
export class Assistant {
  async complete(system: string, input: string) {
    return anthropic.messages.create({ model: "claude-sonnet-4-5", system, max_tokens: 300, messages: [{ role: "user", content: input }] });
  }
}
`;

function project(texts: Record<string, string>, includeTests = false): { p: Project; ids: string[]; parsed: string[] } {
  const p = new Project(frontEnds(), { includeTests });
  for (const [f, t] of Object.entries(texts)) p.setFile(f, t);
  const parsed: string[] = [];
  const r = runSync(
    p.compute((f) => texts[f] ?? null),
    (req) => {
      parsed.push(req.file);
      return parseFile(req.file, req.text, req.options);
    },
  );
  return { p, ids: r.calls.map((c) => `${c.file}#${c.enclosingFunction}`).sort(), parsed: parsed.sort() };
}

test('a generic method name is followed on a receiver named like an LLM client, not on any receiver', () => {
  const { ids, parsed } = project({
    'src/ai/assistant.ts': LAYER,
    // Untyped, injected: found by the name on an LLM-like receiver.
    'src/jobs/tag.js': `export class Tagger {\n  constructor(llm) { this.llm = llm; }\n  tag(text) { return this.llm.complete("Tag the text with one topic from: sport, politics, tech.", text); }\n}\n`,
    // An ordinary service with a method of the same name: never read.
    'src/orders/controller.ts': `export async function finish(service: any, id: string) {\n  return service.complete(id);\n}\n`,
  });
  assert.ok(parsed.includes('src/jobs/tag.js'), parsed.join(', '));
  assert.ok(!parsed.includes('src/orders/controller.ts'), parsed.join(', '));
  assert.ok(ids.includes('src/jobs/tag.js#Tagger.tag'), ids.join(', '));
});

test('test and mock files are not read by the follow-up when tests are not scanned; they are when they are', () => {
  const texts = {
    'src/ai/assistant.ts': LAYER,
    'src/app.ts': `import { Assistant } from "./ai/assistant";\nexport const answer = (q: string) => new Assistant().complete("Answer the customer's question about shipping times in two sentences.", q);\n`,
    'src/__tests__/app.test.ts': `import { Assistant } from "../ai/assistant";\nnew Assistant().complete("Say hi to the test runner, please, in one short and friendly sentence.", "x");\n`,
  };
  const without = project(texts);
  assert.ok(!without.parsed.includes('src/__tests__/app.test.ts'), without.parsed.join(', '));
  assert.deepEqual(without.ids, ['src/app.ts#answer']);
  const withTests = project(texts, true);
  assert.ok(withTests.parsed.includes('src/__tests__/app.test.ts'), withTests.parsed.join(', '));
});

test('a function with its own instructions that takes only data is a job: its callers are not searched for', () => {
  const texts: Record<string, string> = {
    'src/ai/assistant.ts': LAYER,
    'src/jobs/summary.ts': `import { Assistant } from "../ai/assistant";\nexport function summarizeInvoice(text: string) {\n  return new Assistant().complete("Summarize the invoice in three bullet points: who pays, how much, by when.", text);\n}\n`,
    // Calls the job by name without importing it the usual way: not needed, the job is already found.
    'src/report.js': `const { summarizeInvoice } = globalThis.jobs;\nexport const run = (t) => summarizeInvoice(t);\n`,
  };
  const { ids, parsed } = project(texts);
  assert.deepEqual(ids, ['src/jobs/summary.ts#summarizeInvoice']);
  assert.ok(!parsed.includes('src/report.js'), parsed.join(', '));
});
