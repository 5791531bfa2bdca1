// Running Tierwise commands from the palette has the effect a person expects.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from '../lib/ui';
import { waitFor } from '../lib/proc';

test('"Tierwise: Open Usage File" creates .tierwise.json at the workspace root and opens it', async ({ wb, page, workspace }) => {
  const file = path.join(workspace, '.tierwise.json');
  assert.equal(existsSync(file), false, 'the fixture workspace must start without a usage file');
  await wb.openFile('triage.ts'); // activates the extension
  await wb.runCommand('Tierwise: Open Usage File');
  await page.locator('.tab.active', { hasText: '.tierwise.json' }).waitFor({ timeout: 20_000 });
  const text = await waitFor('.tierwise.json on disk', 10_000, () => existsSync(file) && readFileSync(file, 'utf8'));
  // The template is JSON with comments at most: strip // comments and check the documented keys.
  const json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
  assert.ok('defaults' in json, `no "defaults" in the template: ${text.slice(0, 200)}`);
  assert.ok(!(await wb.notifications()).some((n) => /could not|error/i.test(n)), 'an error notification was shown');
});
