// The CLI as users run it (a process of its own, the parse worker in a thread): a scan whose worker is still reading
// files the next round might have needed when the scan ends prints its whole report. Stopping a worker in the middle of
// a file does not hold the process; before the pool waited with a timer of its own, such a scan ended silently with
// exit code 0 and no output.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const REPO = path.join(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'tierwise-cli-exit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI process', () => {
  it('prints the report when the scan ends with a worker in the middle of a guessed file', () => {
    mkdirSync(path.join(dir, 'src', 'screens'), { recursive: true });
    writeFileSync(
      path.join(dir, 'src', 'llm.ts'),
      `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(system: string, text: string) {\n  return client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: system }, { role: 'user', content: text }] });\n}\n`,
    );
    writeFileSync(path.join(dir, 'src', 'jobs.ts'), `import { ask } from './llm';\nexport const tagTicket = (t: string) => ask('Give the ticket one tag: bug, billing or other.', t);\n`);
    // Files that import the job (the next round's likely reads), long enough that one is still being read at the end.
    const body = Array.from({ length: 4000 }, (_, i) => `export const v${i} = (x: number): number => x * ${i} + tagTicket.length;`).join('\n');
    for (let i = 0; i < 24; i++) writeFileSync(path.join(dir, 'src', 'screens', `s${i}.ts`), `import { tagTicket } from '../jobs';\n${body}\n`);
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'cli', 'main.ts'), 'scan', '--format', 'json', dir], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'ignore'] });
    assert.ok(out.length > 0, 'the report is printed');
    const report = JSON.parse(out) as { callSites: { file: string }[] };
    assert.deepEqual(report.callSites.map((s) => s.file), ['src/jobs.ts']);
  });
});
