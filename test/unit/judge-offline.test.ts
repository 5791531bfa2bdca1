// Issue #14 §3: without Claude the rules stay, and are honest: a guessed task type never moves a call to Haiku, and an
// unknown says what evidence is missing. And the hover's share of the judge: what Tierwise read, Claude's answer, the
// links that help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTexts } from '../../src/core/scan/project';
import { inferTaskType, HAIKU_MIN_CONFIDENCE } from '../../src/core/infer/index';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { buildCard } from '../../src/core/infer/card';
import { judgeKey } from '../../src/core/infer/judge/prompt';
import { callDetailsMarkdown } from '../../src/core/present/hover';
import { cardMarkdown } from '../../src/core/present/card';
import { isUncertain } from '../../src/core/infer/judge/uncertain';
import { TRIAGE_TS, verdict } from './judge-helpers';

// A title generator whose prompt is half visible: the rules read summarize_short, but only just.
const WEAK = `import { ChatAnthropic } from '@langchain/anthropic';
const NAME_PROMPT = \`You are tasked with generating a short, descriptive title for the conversation below (two to five words).

{conversation}\`;
export async function nameThread(conversation: string) {
  const model = new ChatAnthropic({ model: 'claude-haiku-4-5' });
  const res = await model.invoke([{ role: 'user', content: NAME_PROMPT.replace('{conversation}', conversation) }]);
  return String(res.content).trim();
}
`;

test('a task type below the confidence threshold is never recommended for Haiku, and the reason says so', () => {
  const call = scanTexts({ 'src/graph/nodes.ts': WEAK }).calls[0];
  const inf = inferTaskType(call);
  assert.equal(inf.taskType, 'summarize_short');
  assert.ok(inf.confidence < HAIKU_MIN_CONFIDENCE, `confidence ${inf.confidence}`);
  assert.equal(inf.recommendedTier, 'sonnet');
  assert.match(inf.upgradeReasons[0], /the task type is a guess \(\d+% confidence, below 50%\)/);
  // A confident classification still goes to Haiku.
  const sure = inferTaskType(scanTexts({ 'src/support/triage.ts': TRIAGE_TS }).calls.find((c) => c.enclosingFunction === 'classifyTicket')!);
  assert.ok(sure.confidence >= HAIKU_MIN_CONFIDENCE);
  assert.equal(sure.recommendedTier, 'haiku');
  // A task type named by the user is certain: the threshold does not apply.
  assert.equal(inferTaskType(call, { taskType: 'summarize_short', source: 'annotation' }).recommendedTier, 'haiku');
});

test('an unknown says what evidence is missing', () => {
  const call = scanTexts({ 'src/support/triage.ts': TRIAGE_TS }).calls.find((c) => c.enclosingFunction === 'run')!;
  const inf = inferTaskType(call);
  assert.equal(inf.taskType, 'unknown');
  assert.deepEqual(inf.missingEvidence, [
    'the instruction text: the prompt is only run-time values (⟪stored.system⟫, ⟪input⟫)',
    'a name for the job: no label, registry key or annotation, and `run` is generic',
    'how the answer is used: it is returned or stored as it is',
  ]);
  assert.ok(isUncertain(inf));
});

test('the hover: what Tierwise read, Claude’s pending answer with Accept, and Set task type / Classify on an unknown', () => {
  const calls = scanTexts({ 'src/support/triage.ts': TRIAGE_TS }).calls;
  const triage = calls.find((c) => c.enclosingFunction === 'classifyTicket')!;
  const id = 'src/support/triage.ts#classifyTicket';
  const v = verdict({ key: judgeKey(buildCard(triage), 'claude-haiku-5-5') });
  const sites = analyzeCallsDetailed(calls, null, { root: '/r', infer: (c, o) => inferTaskType(c, o ?? undefined), verdicts: { [id]: v } }).sites;
  const links = { classify: 'command:c', setTaskType: 'command:s', accept: 'command:a' };
  const md = (i: number) => callDetailsMarkdown({ site: sites[i].site, call: sites[i].call, inference: sites[i].inference, prices: [], pricesAsOf: '2026-12-01', tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' }, card: buildCard(sites[i].call), judge: { links } });
  const judged = md(sites.findIndex((s) => s.site.id === id));
  assert.match(judged, /· from Claude \(claude-haiku-5-5, 2026-12-05, not accepted yet\) \|/);
  assert.match(judged, /\*\*Task type from Claude\*\* \(claude-haiku-5-5, 2026-12-05 · not accepted yet\) · \[Accept\]\(command:a\)/);
  assert.match(judged, /\*\*What Tierwise read\*\*/);
  assert.match(judged, /\*\*What Tierwise read\*\* · system: “Classify the support ticket into exactly one label: billing, bug, fea…” · user \(parameter ticket\): “⟪ticket⟫”/);
  assert.match(judged, /\nmax\\_tokens 10 · answer returned to the caller; kept in \\`response\\`\n/);
  assert.doesNotMatch(judged, /\[Classify with Claude\]/, 'a judged site is not offered Claude again');
  const unknown = md(sites.findIndex((s) => s.site.id !== id));
  assert.match(unknown, /\*\*What is missing to name the job\*\*/);
  assert.match(unknown, /\[Set task type…\]\(command:s\) · \[Classify with Claude\]\(command:c\)/);
  // Text from the code is escaped: a prompt cannot inject a link or markup into the hover.
  const evil = cardMarkdown({ ...buildCard(triage), prompt: [{ role: 'system', text: '[click](command:workbench.action.terminal.new) <img src=x>', holes: [], from: 'literal', file: 'a.ts', line: 1 }] }).join('\n');
  assert.doesNotMatch(evil, /\[click\]\(command/);
  assert.doesNotMatch(evil, /(?<!\\)<img/);
});
