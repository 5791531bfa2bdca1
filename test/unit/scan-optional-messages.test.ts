// A caller that leaves a plumbing's optional `messages` out sends no conversation: no message-history signal (which
// reads the job as a chat turn and keeps it on Sonnet). A caller that passes its history still has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanTexts } from '../../src/core/scan/project';

const dir = join(__dirname, '..', 'fixtures', 'scan-ts', 'signals-optional-messages');

test('optional messages left out by the caller are not a history; passed ones are', () => {
  const { calls } = scanTexts({ 'src/gen.ts': readFileSync(join(dir, 'src', 'gen.ts'), 'utf8') });
  const kinds = (fn: string) => calls.find((c) => c.enclosingFunction === fn)!.signals.map((s) => s.kind);
  assert.ok(!kinds('isQuestionAnswerable').includes('message-history'), JSON.stringify(kinds('isQuestionAnswerable')));
  assert.ok(kinds('isQuestionAnswerable').includes('structured-output'));
  assert.ok(kinds('nextAction').includes('message-history'));
});
