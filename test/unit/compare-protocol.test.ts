// Pure parts of the compare feature: message validation, prompt drafts, parameters per model, statistics.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { embedJson, parseWebviewMessage } from '../../src/shared/compareProtocol';
import { draftFromCall, draftFromSelection, fillTemplate } from '../../src/core/compare/prompt';
import { buildRequest, capabilitiesOf } from '../../src/core/compare/params';
import { outputVariation, percentile, summarizeRuns } from '../../src/core/compare/stats';
import type { RunResult } from '../../src/core/compare/types';
import { parseVerdict } from '../../src/core/compare/grade';
import type { ScannedCall } from '../../src/core/types';
import { scanTexts } from '../../src/core/scan/project';
import type { ComparePrompt } from '../../src/core/compare/types';

const prompt: ComparePrompt = { system: 's', messages: [{ role: 'user', content: 'hi' }], tools: [], maxTokens: 10, temperature: null };
const input = { prompt, fields: { name: 'x' } };

describe('parseWebviewMessage', () => {
  it('accepts each valid message and returns a fresh copy', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'cancel', extra: 1 }), { type: 'cancel' });
    assert.deepEqual(parseWebviewMessage({ type: 'choose', tier: 'haiku' }), { type: 'choose', tier: 'haiku' });
    const run = { type: 'run', input, runs: 3, grade: true, rubric: 'r' };
    const parsed = parseWebviewMessage(run);
    assert.deepEqual(parsed, run);
    assert.notEqual((parsed as typeof run).input, input);
  });
  it('rejects anything malformed', () => {
    const bad: unknown[] = [
      null,
      'run',
      [],
      { type: 'nope' },
      { type: 'choose', tier: 'opus' },
      { type: 'run', input, runs: 0, grade: true, rubric: '' },
      { type: 'run', input, runs: 2.5, grade: true, rubric: '' },
      { type: 'run', input, runs: 1000, grade: true, rubric: '' },
      { type: 'run', input, runs: 1, grade: 'yes', rubric: '' },
      { type: 'run', input, runs: 1, grade: true },
      { type: 'run', input: { ...input, prompt: { ...prompt, maxTokens: -1 } }, runs: 1, grade: false, rubric: '' },
      { type: 'run', input: { ...input, prompt: { ...prompt, temperature: 5 } }, runs: 1, grade: false, rubric: '' },
      { type: 'run', input: { ...input, prompt: { ...prompt, messages: [{ role: 'system', content: 'x' }] } }, runs: 1, grade: false, rubric: '' },
      { type: 'run', input: { ...input, prompt: { ...prompt, messages: [{ role: 'user', content: 42 }] } }, runs: 1, grade: false, rubric: '' },
      { type: 'run', input: { ...input, prompt: { ...prompt, system: 'x'.repeat(500_000) } }, runs: 1, grade: false, rubric: '' },
      { type: 'run', input: { ...input, fields: { a: 1 } }, runs: 1, grade: false, rubric: '' },
      { type: 'run', input: { ...input, prompt: { ...prompt, tools: [{ name: 'bad name!', description: '', input_schema: {} }] } }, runs: 1, grade: false, rubric: '' },
      { type: 'estimate', input, runs: 1 },
    ];
    const proto = parseWebviewMessage({ type: 'run', input: { ...input, fields: JSON.parse('{"__proto__": "x"}') }, runs: 1, grade: false, rubric: '' });
    assert.equal(Object.getPrototypeOf((proto as { input: { fields: object } }).input.fields), Object.prototype);
    for (const b of bad) assert.equal(parseWebviewMessage(b), null, JSON.stringify(b)?.slice(0, 120));
  });
  it('embedJson cannot close a script tag', () => {
    const s = embedJson({ t: '</script><img src=x onerror=alert(1)>&\u2028' });
    assert.ok(!s.includes('<') && !s.includes('>') && !s.includes('&'));
    assert.deepEqual(JSON.parse(s), { t: '</script><img src=x onerror=alert(1)>&\u2028' });
  });
});

describe('prompt drafts', () => {
  it('a selected literal becomes the user message with its holes as fields', async () => {
    const file = 'const m = `Classify ${ticket.subject}: ${ticket.body}`;';
    const sel = '`Classify ${ticket.subject}: ${ticket.body}`';
    const d = await draftFromSelection(sel, { language: 'typescript', fileText: file, start: 10, end: 10 + sel.length, file: 'a.ts' });
    assert.equal(d.prompt.messages[0]!.content, 'Classify ${ticket.subject}: ${ticket.body}');
    assert.deepEqual(d.fields, ['ticket.subject', 'ticket.body']);
    assert.equal(fillTemplate(d.prompt.messages[0]!.content, { 'ticket.subject': 'Refund', 'ticket.body': '' }), 'Classify Refund: ', 'an empty field is empty text, never its marker');
  });
  it('a call site gives system, messages, tools, max_tokens and temperature', async () => {
    const file = 'const s = `Label: ${labels}`;';
    const call = {
      file: 'a.ts',
      language: 'typescript',
      prompt: [
        { role: 'system', text: 'Label: ', dynamicSlots: 1, file: 'a.ts', line: 1, span: { start: 10, end: 28 }, origin: 'literal' },
        { role: 'user', text: 'Hello', dynamicSlots: 0, file: 'b.ts', line: 3, span: null, origin: 'imported X' },
      ],
      tools: [
        { name: 'lookup', description: 'd', schemaText: '{ type: "object", properties: { id: { type: "string" } } }' },
        { name: 'weird', description: 'd', schemaText: 'makeSchema()' },
      ],
      maxTokens: 50,
      temperature: 0,
    } as unknown as ScannedCall;
    const d = await draftFromCall(call, (f) => (f === 'a.ts' ? file : null));
    assert.equal(d.prompt.system, 'Label: ${labels}');
    assert.deepEqual(d.prompt.messages, [{ role: 'user', content: 'Hello' }]);
    assert.deepEqual(d.prompt.tools[0]!.input_schema, { type: 'object', properties: { id: { type: 'string' } } });
    assert.equal(d.prompt.tools.length, 1);
    assert.match(d.notes.join('\n'), /Tool “weird” left out/);
    assert.equal(d.prompt.maxTokens, 50);
    assert.equal(d.prompt.temperature, 0);
    assert.deepEqual(d.fields, ['labels']);
  });
});

describe('parameters per model', () => {
  it('strict models drop sampling params and prefill; older ones keep them', () => {
    for (const m of ['claude-haiku-5-5', 'claude-sonnet-5', 'claude-sonnet-5-5', 'claude-opus-5-5']) assert.equal(capabilitiesOf(m).samplingParams, false, m);
    for (const m of ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-3-5-haiku']) assert.equal(capabilitiesOf(m).samplingParams, true, m);
    const p = { ...prompt, temperature: 1 };
    assert.deepEqual(buildRequest('claude-haiku-5-5', p).omitted, [], 'the default temperature is simply not sent');
    assert.equal(buildRequest('claude-haiku-5-5', p).request.temperature, undefined);
  });
});

describe('statistics', () => {
  it('percentiles, variation and summary', () => {
    assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 95), 19);
    assert.equal(percentile([], 50), null);
    assert.equal(outputVariation(['a b', 'a b']), 0);
    assert.equal(outputVariation(['a b', 'c d']), 1);
    assert.ok(Math.abs(outputVariation(['a b c', 'a b d'])! - 0.5) < 1e-12);
    const run = (costUsd: number, latencyMs: number) => ({ costUsd, latencyMs, error: null }) as unknown as RunResult;
    const s = summarizeRuns([{ haiku: run(0.001, 100), sonnet: run(0.02, 300) }], 1000);
    assert.ok(Math.abs(s.costRatio! - 20) < 1e-9);
    assert.equal(s.latencyRatio, 3);
    assert.ok(Math.abs(s.monthly.saving! - (0.02 - 0.001) * 30_000) < 1e-9);
    assert.equal(s.completedPairs, 1);
  });
  it('grader verdicts', () => {
    assert.deepEqual(parseVerdict('{"verdict":"keep-sonnet","reason":"Misses two entities.\\nmore"}'), { verdict: 'keep-sonnet', reason: 'Misses two entities.' });
    assert.equal(parseVerdict('I think Haiku is fine').verdict, 'unclear');
    assert.equal(parseVerdict('{"verdict":"maybe"}').verdict, 'unclear');
  });
});

describe('prompt drafts from a scanned file', () => {
  it('a parameter used as the message becomes a field', async () => {
    const text = [
      "import Anthropic from '@anthropic-ai/sdk';",
      'const client = new Anthropic();',
      'export async function label(ticket: string) {',
      "  return client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 10, system: 'Label it.', messages: [{ role: 'user', content: ticket }] });",
      '}',
    ].join('\n');
    const { calls } = scanTexts({ 'a.ts': text });
    const d = await draftFromCall(calls[0]!, () => text);
    assert.equal(d.prompt.system, 'Label it.');
    assert.deepEqual(d.prompt.messages, [{ role: 'user', content: '${ticket}' }]);
    assert.deepEqual(d.fields, ['ticket']);
    assert.equal(d.prompt.maxTokens, 10);
  });
});
