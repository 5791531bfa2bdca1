// What the call card carries beyond the prompt: the expected output (structured-output schemas of every shape, across
// files), how the answer is used, the job's own labels and the plumbing it goes through, prompt templates read by
// name. One fixture per shape in test/fixtures/cards/<name>/ (invented code), scanned as the CLI scans a folder, with
// the expected card parts beside it (expected.json: by enclosing function).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { scanWorkspace } from '../../src/core/scan/workspace';
import { buildCard, type CallCard } from '../../src/core/infer/card';
import { cardMarkdown } from '../../src/core/present/card';
import { renderCard } from '../../src/core/infer/judge/prompt';

const FIXTURES = join(__dirname, '..', 'fixtures', 'cards');

interface ExpectedCard {
  schema?: CallCard['output']['schema'];
  labels?: string[];
  through?: string[];
  /** Each must be one of the card's `output.use` entries. */
  use?: string[];
  /** None of these may be among the card's `output.use` entries. */
  notUse?: string[];
  maxTokens?: number | null;
  stopSequences?: string[];
  structured?: boolean;
  promptFiles?: string[];
  /** Excerpts that must each appear in one prompt piece's text, its origin, or `role: text`. */
  prompt?: string[];
}

const names = readdirSync(FIXTURES).sort();

test('there is a card fixture per output, use and naming shape', () => {
  assert.ok(names.length >= 15, `only ${names.length} card fixtures`);
});

for (const name of names) {
  test(`card fixture ${name}`, async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as { cards: Record<string, ExpectedCard> };
    const { calls } = await scanWorkspace(join(FIXTURES, name), []);
    const cards = calls.map((c) => buildCard(c));
    for (const [fn, exp] of Object.entries(expected.cards)) {
      const matching = cards.filter((c) => c.where.function === fn);
      assert.equal(matching.length, 1, `one call site in ${fn} (found ${cards.map((c) => c.where.function).join(', ')})`);
      const card = matching[0];
      if ('schema' in exp) assert.deepEqual(card.output.schema, exp.schema ?? null, `${fn}: schema`);
      if (exp.labels) assert.deepEqual(card.names.labels, exp.labels, `${fn}: labels`);
      if (exp.through) assert.deepEqual(card.names.through, exp.through, `${fn}: through`);
      for (const u of exp.use ?? []) assert.ok(card.output.use.includes(u), `${fn}: use "${u}" (got ${JSON.stringify(card.output.use)})`);
      for (const u of exp.notUse ?? []) assert.ok(!card.output.use.some((x) => x.startsWith(u)), `${fn}: no use "${u}" (got ${JSON.stringify(card.output.use)})`);
      if ('maxTokens' in exp) assert.equal(card.output.maxTokens, exp.maxTokens, `${fn}: maxTokens`);
      if (exp.stopSequences) assert.deepEqual(card.output.stopSequences, exp.stopSequences, `${fn}: stop sequences`);
      if ('structured' in exp) assert.equal(card.output.structured, exp.structured, `${fn}: structured`);
      if (exp.promptFiles) assert.deepEqual(card.promptFiles.map((f) => f.path), exp.promptFiles, `${fn}: prompt files`);
      for (const x of exp.prompt ?? []) assert.ok(card.prompt.some((p) => p.text.includes(x) || p.from.includes(x) || `${p.role}: ${p.text}`.includes(x)), `${fn}: prompt has "${x}" (got ${JSON.stringify(card.prompt.map((p) => [p.from, p.text.slice(0, 80)]))})`);
    }
  });
}

test('the hover shows the expected output, what the code does with the answer, the layer and the labels', async () => {
  const plumbing = (await scanWorkspace(join(FIXTURES, 'schema-through-plumbing'), [])).calls.find((c) => c.enclosingFunction === 'tagWithFactory')!;
  const md = cardMarkdown(buildCard(plumbing)).join('\n');
  assert.match(md, /response-format schema tagSchema: tags/);
  assert.match(md, /through createTagger\\\(\\\) in src\/llm\/base\.ts → Llm\.generateObject in src\/llm\/base\.ts → Llm\.traced in src\/llm\/base\.ts/);
  assert.match(md, /labels label: Bookmark tagger, useCase: tags/);
  const triage = (await scanWorkspace(join(FIXTURES, 'zod-generate-object'), [])).calls[0];
  assert.match(cardMarkdown(buildCard(triage)).join('\n'), /zod schema TriageSchema: queue \(billing\\\|outage\\\|account\\\|other\), urgent, summary, products, products\\\[\\\]\.name, …/);
  const stored = (await scanWorkspace(join(FIXTURES, 'output-use'), [])).calls.find((c) => c.enclosingFunction === 'summarizeNote')!;
  assert.match(cardMarkdown(buildCard(stored)).join('\n'), /answer stored \\\(prisma\.note\.update\\\(…\\\)\\\); kept in \\`res\\`/);
});

test('the judge reads the schema with its description, field descriptions and enums, the labels and the layer', async () => {
  const triage = (await scanWorkspace(join(FIXTURES, 'zod-generate-object'), [])).calls[0];
  const text = renderCard(buildCard(triage));
  assert.match(text, /Expected output: max_tokens 300 · structured output \(zod TriageSchema: "How a support ticket is routed"\), fields: queue: enum \(one of: billing, outage, account, other\) "the team that handles the ticket"; urgent: boolean/);
  assert.match(text, /Labels the app gives this job: functionId: support-triage · team: support/);
  assert.match(text, /How the code uses the answer: kept in `object`; structured output \(generateObject\); returned to the caller/);
  const plumbing = (await scanWorkspace(join(FIXTURES, 'schema-through-plumbing'), [])).calls.find((c) => c.enclosingFunction === 'suggestTags')!;
  assert.match(renderCard(buildCard(plumbing)), /Through the app's LLM layer: Llm\.generateObject in src\/llm\/base\.ts → Llm\.traced in src\/llm\/base\.ts/);
});
