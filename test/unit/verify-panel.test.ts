// The Verification panel's pieces that run without the editor: message validation, the HTML's CSP and embedded
// state, and what the registry lens says about an entry's verification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSchemaText, parseVerifyMessage, type VerifyPanelState } from '../../src/shared/verifyProtocol';
import { verifyHtml } from '../../src/extension/verify/html';
import { entryLenses } from '../../src/core/verify/watch';
import type { VerificationRecord } from '../../src/core/verify/types';

const settings = { mode: 'label', rubric: 'r', schemaText: '', threshold: 0.05, useBatches: true };

test('messages from the webview: a fresh validated copy, or null', () => {
  assert.deepEqual(parseVerifyMessage({ type: 'run', settings, extra: 1 }), { type: 'run', settings });
  const copy = parseVerifyMessage({ type: 'settings', settings: { ...settings, sneaky: true } });
  assert.deepEqual(copy, { type: 'settings', settings });
  assert.deepEqual(parseVerifyMessage({ type: 'move', file: '/etc/passwd' }), { type: 'move' });
  assert.deepEqual(parseVerifyMessage({ type: 'pickDataset', file: 'verify/a.jsonl' }), { type: 'pickDataset', file: 'verify/a.jsonl' });
  assert.deepEqual(parseVerifyMessage({ type: 'openDatasetLine', line: 3 }), { type: 'openDatasetLine', line: 3 });
  for (const bad of [
    null,
    'run',
    { type: 'explode' },
    { type: 'run' },
    { type: 'run', settings: { ...settings, mode: 'vibes' } },
    { type: 'run', settings: { ...settings, threshold: 0 } },
    { type: 'run', settings: { ...settings, threshold: 1 } },
    { type: 'run', settings: { ...settings, threshold: Number.NaN } },
    { type: 'run', settings: { ...settings, threshold: '0.05' } },
    { type: 'run', settings: { ...settings, useBatches: 'yes' } },
    { type: 'run', settings: { ...settings, rubric: 'x'.repeat(4001) } },
    { type: 'run', settings: { ...settings, schemaText: 'x'.repeat(100_001) } },
    { type: 'pickDataset', file: '' },
    { type: 'pickDataset', file: 'x'.repeat(1001) },
    { type: 'pickDataset', file: 3 },
    { type: 'openDatasetLine', line: 0 },
    { type: 'openDatasetLine', line: 1.5 },
  ]) {
    assert.equal(parseVerifyMessage(bad), null, JSON.stringify(bad)?.slice(0, 80));
  }
});

test('a schema typed in the panel: empty is none, an object is one, anything else says why', () => {
  assert.deepEqual(parseSchemaText('  '), { schema: null });
  assert.deepEqual(parseSchemaText('{"type":"object"}'), { schema: { type: 'object' } });
  assert.match((parseSchemaText('[1]') as { error: string }).error, /must be a JSON object/);
  assert.match((parseSchemaText('{') as { error: string }).error, /not valid JSON/);
});

test('the HTML: strict CSP with the nonce on the one script, state embedded as inert JSON', () => {
  const state = { site: { label: '</script><script>alert(1)</script>' } } as unknown as VerifyPanelState;
  const html = verifyHtml({ cspSource: 'vscode-resource:', nonce: 'abc123', scriptUri: 'x/verifyWebview.js', styleUri: 'x/verify.css', codiconUri: 'x/codicon.css' }, state);
  const csp = /content="([^"]+)"/.exec(html)![1]!;
  assert.equal(csp, "default-src 'none'; style-src vscode-resource:; font-src vscode-resource:; img-src vscode-resource:; script-src 'nonce-abc123'");
  assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  assert.equal((html.match(/<script /g) ?? []).length, 2, 'the JSON block and the module');
  assert.match(html, /<script type="module" nonce="abc123" src="x\/verifyWebview\.js"><\/script>/);
  assert.doesNotMatch(html, /<\/script><script>alert/);
  assert.match(html, /\\u003c\/script\\u003e/);
});

test('the registry lens on an entry: its verification and age, due again when old, revert; unverified Haiku; reverted', () => {
  const rec: VerificationRecord = { date: '2026-12-05', n: 150, errors: 5, errorRate: 0.0333, interval: [0.0143, 0.0757], threshold: 0.05, datasetHash: 'sha256:x', models: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' }, grading: 'label', callSites: [] };
  const now = new Date('2026-12-17T09:00:00Z');
  assert.deepEqual(
    entryLenses('claude-haiku-5-5', rec, now, 90).map((l) => [l.title, l.action]),
    [
      ['verified Dec 5 · n=150 · 3.3% (1.4–7.6%) · 12 days ago', 'show'],
      ['Revert to Sonnet', 'revert'],
    ],
  );
  assert.equal(entryLenses('claude-haiku-5-5', rec, now, 10)[0]!.title, 'verified Dec 5 · n=150 · 3.3% (1.4–7.6%) · 12 days ago · due again (over 10 days)');
  assert.equal(entryLenses('claude-haiku-4-5', rec, now, 90)[0]!.title, 'verified Dec 5 · n=150 · 3.3% (1.4–7.6%) · 12 days ago · made on claude-haiku-5-5');
  assert.equal(entryLenses('us.anthropic.claude-haiku-5-5-v1:0', rec, now, 90).length, 2, 'a Bedrock id of the same model');
  assert.equal(entryLenses('us.anthropic.claude-haiku-5-5-v1:0', rec, now, 90)[0]!.title.includes('made on'), false);
  assert.deepEqual(entryLenses('claude-haiku-5-5', undefined, now, 90).map((l) => [l.title, l.action]), [['not verified · Verify…', 'verify']]);
  const reverted = { ...rec, revertedAt: '2026-12-09' };
  assert.deepEqual(entryLenses('claude-sonnet-5-5', reverted, now, 90).map((l) => l.title), ['reverted to Sonnet Dec 9 (was verified Dec 5 · n=150 · 3.3% (1.4–7.6%))']);
  assert.deepEqual(entryLenses('claude-haiku-5-5', reverted, now, 90).map((l) => l.title), ['not verified (reverted Dec 9) · Verify…']);
  assert.deepEqual(entryLenses('claude-sonnet-5-5', undefined, now, 90), []);
  assert.deepEqual(entryLenses('gpt-4o-mini', undefined, now, 90), []);
});
