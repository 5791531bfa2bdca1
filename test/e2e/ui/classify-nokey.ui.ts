// Claude as the judge for a user with no Anthropic key (issue #14): the command explains what is missing, offers
// "Set API Key", and sends nothing at all — not even count_tokens.
import assert from 'node:assert/strict';
import { fakeRequests } from '../lib/compare';
import { waitFor } from '../lib/proc';
import { fileOptions, test } from '../lib/ui';

fileOptions({ needsFakeAnthropic: true, apiKeyInEnv: false });

test('no key: the command says so, offers Set API Key, and nothing leaves', async (ctx) => {
  const { wb } = ctx;
  const since = Date.now();
  await wb.openFile('triage.ts');
  await wb.waitForCodeLens(/\/mo/);
  await wb.runCommand('Tierwise: Classify Call Sites with Claude');
  const text = await waitFor('the no-key notification', 30_000, async () => (await wb.notifications()).find((n) => /needs an Anthropic API key/.test(n)));
  assert.match(text, /classifying with Claude needs an Anthropic API key \(SecretStorage or ANTHROPIC_API_KEY\)\. Nothing was sent\./);
  assert.match(text, /Set API Key/);
  assert.equal(await ctx.page.locator('.monaco-dialog-box').count(), 0, 'a consent dialog opened without a key');
  assert.deepEqual((await fakeRequests(ctx, since)).map((r) => r.path), []);
}, { timeoutMs: 90_000 });
