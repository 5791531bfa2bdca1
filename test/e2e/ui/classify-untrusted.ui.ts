// Claude as the judge in Restricted Mode (issue #14): the cards are code from the workspace, so an untrusted
// workspace sends none of them — the command explains why and offers to manage trust, although a key is set.
import assert from 'node:assert/strict';
import { fakeRequests } from '../lib/compare';
import { waitFor } from '../lib/proc';
import { fileOptions, test } from '../lib/ui';

fileOptions({ needsFakeAnthropic: true, untrusted: true });

test('untrusted workspace: the command explains, offers Manage Workspace Trust, and nothing leaves', async (ctx) => {
  const { wb } = ctx;
  const since = Date.now();
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await wb.runCommand('Tierwise: Classify Call Sites with Claude');
  const text = await waitFor('the Restricted Mode notification', 30_000, async () => (await wb.notifications()).find((n) => /Restricted Mode/.test(n)));
  assert.match(text, /sends code from this workspace to Anthropic, so it is off in Restricted Mode\. Nothing was sent\./);
  assert.match(text, /Manage Workspace Trust/);
  assert.deepEqual((await fakeRequests(ctx, since)).map((r) => r.path), []);
}, { timeoutMs: 90_000 });
