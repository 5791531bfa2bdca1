// The judge's request, the validation of its answer, the verdict as a site's inference, and "Accept" into the usage file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTexts } from '../../src/core/scan/project';
import { buildCard } from '../../src/core/infer/card';
import { buildJudgeRequest, judgeKey, JUDGE_OUTPUT_SCHEMA, JUDGE_SYSTEM_PROMPT, renderCard } from '../../src/core/infer/judge/prompt';
import { parseJudgeAnswer, tierOfAnswers } from '../../src/core/infer/judge/answer';
import { acceptVerdicts } from '../../src/core/infer/judge/accept';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { inferTaskType } from '../../src/core/infer/index';
import { parseUsageFile } from '../../src/core/usage/usageFile';
import { TASK_TYPES } from '../../src/core/types';
import { answerJson, TRIAGE_TS, verdict } from './judge-helpers';

const calls = () => scanTexts({ 'src/support/triage.ts': TRIAGE_TS }).calls;
const triage = () => calls().find((c) => c.enclosingFunction === 'classifyTicket')!;
const infer = (c: Parameters<typeof inferTaskType>[0], o: Parameters<typeof inferTaskType>[1] | null) => inferTaskType(c, o ?? undefined);

test('the request: the fixed system prompt with every task type, the card as the user turn, no sampling parameters, schema-constrained output', () => {
  const r = buildJudgeRequest(buildCard(triage()), 'claude-haiku-5-5');
  assert.equal(r.model, 'claude-haiku-5-5');
  assert.equal(r.system[0].text, JUDGE_SYSTEM_PROMPT);
  for (const t of TASK_TYPES) assert.ok(JUDGE_SYSTEM_PROMPT.includes(t), t);
  for (const phrase of ['search query', 'research run', 'more than 15 labels', '⟪', 'if any of the three questions is not clearly yes, recommend Sonnet', "Through the app's LLM layer"]) {
    assert.ok(JUDGE_SYSTEM_PROMPT.includes(phrase), phrase);
  }
  assert.ok(!('temperature' in r) && !('top_p' in r) && !('top_k' in r));
  assert.equal(r.messages.length, 1);
  assert.equal(r.messages[0].role, 'user');
  const card = r.messages[0].content;
  assert.match(card, /Classify the support ticket into exactly one label: billing, bug, feature_request, account, other\./);
  assert.match(card, /\[2\] user \(parameter ticket, src\/support\/triage\.ts\)\n<<<\n⟪ticket⟫\n>>>/);
  assert.match(card, /max_tokens 10/);
  assert.equal(r.output_config?.format.schema, JUDGE_OUTPUT_SCHEMA);
  assert.equal(buildJudgeRequest(buildCard(triage()), 'm', { structured: false }).output_config, undefined);
});

test('the cache key: the same card gives the same key; lines moved by an edit elsewhere do not change it; an edited prompt or another model does', () => {
  const a = judgeKey(buildCard(triage()), 'claude-haiku-5-5');
  assert.equal(judgeKey(buildCard(triage()), 'claude-haiku-5-5'), a);
  const moved = scanTexts({ 'src/support/triage.ts': `// a comment\n// another\n${TRIAGE_TS}` }).calls.find((c) => c.enclosingFunction === 'classifyTicket')!;
  assert.notEqual(moved.callee.line, triage().callee.line);
  assert.equal(judgeKey(buildCard(moved), 'claude-haiku-5-5'), a);
  const edited = scanTexts({ 'src/support/triage.ts': TRIAGE_TS.replace('feature_request, ', '') }).calls.find((c) => c.enclosingFunction === 'classifyTicket')!;
  assert.notEqual(judgeKey(buildCard(edited), 'claude-haiku-5-5'), a);
  assert.notEqual(judgeKey(buildCard(triage()), 'claude-sonnet-5-5'), a);
});

test('a very long prompt is shortened to the render limit, keeping its head and tail', () => {
  const long = `START ${'lorem ipsum '.repeat(20_000)} END-OF-INSTRUCTIONS`;
  const src = `import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic();\nexport async function big(x: string) { return c.messages.create({ model: 'claude-haiku-5-5', max_tokens: 5, system: ${JSON.stringify(long)}, messages: [{ role: 'user', content: x }] }); }\n`;
  const text = renderCard(buildCard(scanTexts({ 'a.ts': src }).calls[0]));
  assert.ok(text.length <= 40_000, String(text.length));
  assert.match(text, /START/);
  assert.match(text, /END-OF-INSTRUCTIONS/);
  assert.match(text, /⟪… \d+ characters …⟫/);
});

test('answers: a valid one is a verdict; fenced JSON is read; refusal, prose, a cut-off answer, a wrong shape and an unknown task type are clear problems', () => {
  const m = (text: string, stopReason: string | null = 'end_turn') => parseJudgeAnswer({ text, stopReason, model: 'claude-haiku-5-5' }, 'k1', '2026-12-05');
  const ok = m(answerJson());
  assert.ok('verdict' in ok);
  assert.equal(ok.verdict.taskType, 'classify_intent');
  assert.equal(ok.verdict.tier, 'haiku');
  assert.equal(ok.verdict.key, 'k1');
  assert.equal(ok.verdict.date, '2026-12-05');
  assert.ok('verdict' in m('Here it is:\n```json\n' + answerJson() + '\n```'));

  const refused = m('I cannot help with that.', 'refusal');
  assert.ok('problem' in refused && refused.problem.state === 'refused');
  const prose = m('It is a classifier.');
  assert.ok('problem' in prose && prose.problem.state === 'invalid' && /not JSON/.test(prose.problem.message));
  const cut = m('{"job": "Sorts', 'max_tokens');
  assert.ok('problem' in cut && /cut off at max_tokens/.test(cut.problem.message));
  const shape = m(JSON.stringify({ ...JSON.parse(answerJson()), confidence: 7 }));
  assert.ok('problem' in shape && /confidence must be <= 1/.test(shape.problem.message), JSON.stringify(shape));
  const missing = m(JSON.stringify({ taskType: 'classify_intent' }));
  assert.ok('problem' in missing && missing.problem.state === 'invalid');
  const other = m(answerJson({ taskType: 'translation' }));
  assert.ok('problem' in other && /task type "translation", which is not one of Tierwise's task types/.test(other.problem.message));
});

test('the tier of an answer: Haiku only for a Haiku type with three clear yeses, no upgrade signal, enough confidence, and the model saying Haiku too', () => {
  const tier = (o: Parameters<typeof answerJson>[0]) => {
    const r = parseJudgeAnswer({ text: answerJson(o), stopReason: 'end_turn', model: 'm' }, 'k', '2026-12-05');
    assert.ok('verdict' in r);
    return r.verdict.tier;
  };
  assert.equal(tier({}), 'haiku');
  assert.equal(tier({ yes: [true, false, true] }), 'sonnet');
  assert.equal(tier({ upgradeSignals: ['22 labels'] }), 'sonnet');
  assert.equal(tier({ confidence: 0.4 }), 'sonnet');
  assert.equal(tier({ tier: 'sonnet' }), 'sonnet');
  assert.equal(tier({ taskType: 'synthesize_documents' }), 'sonnet', 'a Sonnet type never goes to Haiku, whatever the answers');
  assert.equal(tier({ taskType: 'generate_code' }), 'haiku', 'short boilerplate code may');
  assert.equal(tierOfAnswers('summarize_short', { shortSchemaConstrainedOutput: { answer: true }, cheapToRecover: { answer: true }, noMultiStepReasoning: { answer: true } }, [], 1), 'haiku');
});

test('Accept writes taskType, taskTypeSource and the three answers; keeps every other entry and field; the result validates', () => {
  const before = JSON.stringify({ defaults: { callsPerDay: 500 }, callSites: { 'src/support/triage.ts#classifyTicket': { callsPerDay: 50000, note: 'peak season' }, 'src/x.ts#f': { callsPerDay: 3 } } }, null, 4);
  const r = acceptVerdicts(before, [{ id: 'src/support/triage.ts#classifyTicket', verdict: verdict() }]);
  assert.ok('text' in r, JSON.stringify(r));
  const after = JSON.parse(r.text);
  assert.deepEqual(after.defaults, { callsPerDay: 500 });
  assert.deepEqual(after.callSites['src/x.ts#f'], { callsPerDay: 3 });
  const e = after.callSites['src/support/triage.ts#classifyTicket'];
  assert.equal(e.callsPerDay, 50000);
  assert.equal(e.note, 'peak season');
  assert.equal(e.taskType, 'classify_intent');
  assert.equal(e.taskTypeSource, 'claude-haiku-5-5 2026-12-05');
  assert.deepEqual(e.questions.cheapToRecover, { answer: true, reason: 'an agent re-routes a wrong ticket' });
  assert.ok(parseUsageFile(r.text).valid);
  assert.match(r.text, /\n {4}"defaults"/, 'the file keeps its four-space indentation');
  // No file yet: a new one.
  const fresh = acceptVerdicts(null, [{ id: 'a.ts#f', verdict: verdict({ taskType: 'review_code', tier: 'sonnet' }) }]);
  assert.ok('text' in fresh && JSON.parse(fresh.text).callSites['a.ts#f'].taskType === 'review_code');
  // A broken file is never rewritten.
  const broken = acceptVerdicts('{ "callSites": ', [{ id: 'a.ts#f', verdict: verdict() }]);
  assert.ok('error' in broken && /has problems, so Tierwise did not change it/.test(broken.error));
  const invalid = acceptVerdicts('{ "callSites": { "a.ts#f": { "callsPerDay": -1 } } }', [{ id: 'a.ts#f', verdict: verdict() }]);
  assert.ok('error' in invalid);
});

test('analysis: an accepted answer in the usage file wins, names its source, and its tier follows the answers', () => {
  const call = triage();
  const usage = (yes: boolean) =>
    parseUsageFile(
      JSON.stringify({
        callSites: {
          'src/support/triage.ts#classifyTicket': {
            taskType: 'classify_intent',
            taskTypeSource: 'claude-haiku-5-5 2026-12-05',
            job: 'Sorts a ticket.',
            questions: { shortSchemaConstrainedOutput: { answer: true, reason: 'a label' }, cheapToRecover: { answer: yes, reason: yes ? 'a person checks' : 'refunds are issued on it' }, noMultiStepReasoning: { answer: true, reason: 'one step' } },
            upgradeSignals: [],
          },
        },
      }),
    );
  const a = analyzeCallsDetailed([call], null, { root: '/r', usage: usage(true), infer }).sites[0];
  assert.equal(a.site.taskType, 'classify_intent');
  assert.equal(a.site.recommendedTier, 'haiku');
  assert.equal(a.site.taskTypeSource, 'claude-haiku-5-5 2026-12-05');
  assert.match(a.site.reasons[0], /Claude \(claude-haiku-5-5, 2026-12-05\)'s answer, accepted/);
  assert.equal(a.inference.judged?.accepted, true);
  const b = analyzeCallsDetailed([call], null, { root: '/r', usage: usage(false), infer }).sites[0];
  assert.equal(b.site.recommendedTier, 'sonnet');
  assert.equal(b.inference.questions.cheapToRecover, false);
  assert.equal(b.inference.questionNotes?.cheapToRecover, 'refunds are issued on it');
  // A task type set by hand (no taskTypeSource) has no Claude source.
  const byHand = analyzeCallsDetailed([call], null, { root: '/r', usage: parseUsageFile('{"callSites":{"src/support/triage.ts#classifyTicket":{"taskType":"classify_intent"}}}'), infer }).sites[0];
  assert.equal(byHand.site.taskTypeSource, undefined);
});

test('analysis: a pending verdict applies only to the card it answered; the usage file and annotations still win over it', () => {
  const call = triage();
  const id = 'src/support/triage.ts#classifyTicket';
  const key = judgeKey(buildCard(call), 'claude-haiku-5-5');
  const v = verdict({ taskType: 'extract_entities', key, confidence: 0.8 });
  const a = analyzeCallsDetailed([call], [id], { root: '/r', infer, verdicts: { [id]: v } }).sites[0];
  assert.equal(a.site.taskType, 'extract_entities');
  assert.equal(a.site.confidence, 0.8);
  assert.equal(a.site.taskTypeSource, 'claude-haiku-5-5 2026-12-05 (not accepted)');
  assert.match(a.site.reasons[0], /^Claude \(claude-haiku-5-5, 2026-12-05\), not accepted yet: /);
  // An edited prompt: the verdict is for another card, the rules speak again and say so.
  const stale = analyzeCallsDetailed([call], [id], { root: '/r', infer, verdicts: { [id]: { ...v, key: 'other' } } }).sites[0];
  assert.equal(stale.site.taskType, 'classify_intent');
  assert.ok(stale.site.reasons.some((r) => /earlier version of this call/.test(r)));
  const named = analyzeCallsDetailed([call], [id], { root: '/r', infer, verdicts: { [id]: v }, usage: parseUsageFile(`{"callSites":{"${id}":{"taskType":"summarize_short"}}}`) }).sites[0];
  assert.equal(named.site.taskType, 'summarize_short');
});
