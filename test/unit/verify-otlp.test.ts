// Real inputs from an OpenTelemetry export: the prompts spans carry, matched to the call's template to recover the
// values of its run-time fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldsFromPrompt, inputsFromOtlp, promptOfSpan, readOtlpPrompts } from '../../src/core/verify/otlp';
import type { ComparePrompt } from '../../src/core/compare/types';

const TEMPLATE: ComparePrompt = {
  system: 'Classify the ticket. Labels: billing, bug.',
  messages: [{ role: 'user', content: 'Subject: ${ticket.subject}\n\n${ticket.body}\n(ref ${ticket.subject})' }],
  tools: [],
  maxTokens: 10,
  temperature: null,
};
const FIELDS = ['ticket.subject', 'ticket.body'];

const s = (key: string, value: string) => ({ key, value: { stringValue: value } });

function span(id: string, attributes: unknown[], events: unknown[] = []) {
  return { traceId: 't', spanId: id, name: 'chat claude-sonnet-5-5', attributes: [s('gen_ai.request.model', 'claude-sonnet-5-5'), ...attributes], events };
}

function exportOf(spans: unknown[]) {
  return { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'x' }, spans }] }] };
}

test('prompts from each attribute convention and from span events', () => {
  const semconv = promptOfSpan(
    span('a1', [
      s('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: 'SYS' }])),
      s('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hello' }, { type: 'image', uri: 'x' }] }])),
    ]),
  );
  assert.deepEqual(semconv, { spanId: 'a1', model: 'claude-sonnet-5-5', parts: [{ role: 'system', text: 'SYS' }, { role: 'user', text: 'hello' }] });
  const legacy = promptOfSpan(span('a2', [s('gen_ai.prompt', JSON.stringify([{ role: 'system', content: 'S' }, { role: 'user', content: [{ type: 'text', text: 'U' }] }]))]));
  assert.deepEqual(legacy!.parts, [{ role: 'system', text: 'S' }, { role: 'user', text: 'U' }]);
  assert.deepEqual(promptOfSpan(span('a3', [s('gen_ai.prompt', 'just text')]))!.parts, [{ role: 'user', text: 'just text' }]);
  const openllmetry = promptOfSpan(span('a4', [s('gen_ai.prompt.0.role', 'system'), s('gen_ai.prompt.0.content', 'S'), s('gen_ai.prompt.1.role', 'user'), s('gen_ai.prompt.1.content', 'U')]));
  assert.deepEqual(openllmetry!.parts, [{ role: 'system', text: 'S' }, { role: 'user', text: 'U' }]);
  const openinference = promptOfSpan(span('a5', [s('llm.input_messages.0.message.role', 'user'), s('llm.input_messages.0.message.content', 'U')]));
  assert.deepEqual(openinference!.parts, [{ role: 'user', text: 'U' }]);
  const events = promptOfSpan(span('a6', [], [{ name: 'gen_ai.system.message', attributes: [s('content', 'S')] }, { name: 'gen_ai.user.message', attributes: [s('content', 'U')] }]));
  assert.deepEqual(events!.parts, [{ role: 'system', text: 'S' }, { role: 'user', text: 'U' }]);
  assert.equal(promptOfSpan(span('a7', [s('http.method', 'GET')])), null);
});

test('field values from a filled prompt; a repeated field must agree; another prompt is not a match', () => {
  const prompt = (user: string, system = TEMPLATE.system) => ({ spanId: 'x', model: null, parts: [{ role: 'system' as const, text: system }, { role: 'user' as const, text: user }] });
  assert.deepEqual(fieldsFromPrompt(TEMPLATE, FIELDS, prompt('Subject: Refund\n\nI was charged twice.\nThanks\n(ref Refund)')), { 'ticket.subject': 'Refund', 'ticket.body': 'I was charged twice.\nThanks' });
  assert.equal(fieldsFromPrompt(TEMPLATE, FIELDS, prompt('Subject: Refund\n\nbody\n(ref Other)')), null, 'the two places of ticket.subject differ');
  assert.equal(fieldsFromPrompt(TEMPLATE, FIELDS, prompt('Subject: Refund\n\nbody\n(ref Refund)', 'Summarise the thread.')), null);
  assert.equal(fieldsFromPrompt(TEMPLATE, FIELDS, { spanId: 'x', model: null, parts: [{ role: 'user', text: 'Subject: a\n\nb\n(ref a)' }] }), null, 'no system part');
  // Re-indented by an exporter: whitespace is matched loosely on a second try.
  assert.deepEqual(fieldsFromPrompt(TEMPLATE, FIELDS, prompt('  Subject:  Refund\n\n  body text\n (ref  Refund) ', TEMPLATE.system)), { 'ticket.subject': 'Refund', 'ticket.body': 'body text' });
  // Regular-expression characters in the template are text.
  const t: ComparePrompt = { ...TEMPLATE, system: '', messages: [{ role: 'user', content: 'Price (USD): $${amount}? [y/n]' }] };
  assert.deepEqual(fieldsFromPrompt(t, ['amount'], { spanId: '', model: null, parts: [{ role: 'user', text: 'Price (USD): $12.50? [y/n]' }] }), { amount: '12.50' });
});

test('an export (JSON or JSONL) gives the inputs of this call only, without the other jobs\' spans', () => {
  const mine = (subject: string, body: string, id: string) =>
    span(id, [s('gen_ai.input.messages', JSON.stringify([{ role: 'system', content: TEMPLATE.system }, { role: 'user', content: `Subject: ${subject}\n\n${body}\n(ref ${subject})` }]))]);
  const other = span('zz', [s('gen_ai.prompt', JSON.stringify([{ role: 'user', content: 'Write a poem' }]))]);
  const plainSpan = span('yy', [s('http.route', '/x')]);
  const doc = exportOf([mine('Refund', 'charged twice', 'aaaaaaaaaaaaaaaaaaaa'), other, plainSpan, mine('Crash', 'export fails', 'b1')]);
  const r = inputsFromOtlp(JSON.stringify(doc), TEMPLATE, FIELDS);
  assert.equal(r.spans, 4);
  assert.equal(r.withPrompt, 3);
  assert.equal(r.otherPrompts, 1);
  assert.deepEqual(r.inputs, [
    { values: { 'ticket.subject': 'Refund', 'ticket.body': 'charged twice' }, id: 'span aaaaaaaaaaaaaaaa' },
    { values: { 'ticket.subject': 'Crash', 'ticket.body': 'export fails' }, id: 'span b1' },
  ]);
  const jsonl = `${JSON.stringify(exportOf([mine('A', 'a', '1')]))}\nnot json\n${JSON.stringify({ hello: 1 })}\n${JSON.stringify(exportOf([mine('B', 'b', '2')]))}\n`;
  const l = inputsFromOtlp(jsonl, TEMPLATE, FIELDS);
  assert.equal(l.inputs.length, 2);
  assert.deepEqual(l.problems, ['line 2: not JSON', 'line 3: no "resourceSpans" (not an OTLP trace export)']);
  assert.deepEqual(readOtlpPrompts('').prompts, []);
});
