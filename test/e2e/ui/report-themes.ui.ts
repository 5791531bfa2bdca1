// The report and the views say what they leave out, and the report is readable in every built-in theme.
// Issue #11 item 7: in Light Modern the report's "+$" increases and "current" bars were 1.5:1 (the chart colour is
// translucent there); "2 files skipped (see the Tierwise output)" while the output listed none; test folders were
// left out without a word. Screenshots: report-themes.ui--report-<theme>.png.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { listWorkspaceFiles } from '../../../src/core/scan/workspace';
import { Project } from '../../../src/core/scan/project';
import { frontEnds } from '../../../src/core/scan/engine/frontends';
import '../../../src/core/scan/engine/frontendsAll';
import { isTestFile } from '../../../src/core/testFiles';
import { BUILT_IN_THEMES, contrastOver, overCss, setWorkspaceTheme } from '../lib/colours';
import { dollars, sameAmount } from '../lib/expect';
import { ROOT } from '../lib/paths';
import { waitFor } from '../lib/proc';
import { test } from '../lib/ui';

const EXAMPLES = path.join(ROOT, 'examples');

const GRADER_PY = `import anthropic

client = anthropic.Anthropic()


def grade_answer(question, answer):
    return client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=5,
        system="Grade the answer from 1 to 5. Reply with the digit only.",
        messages=[{"role": "user", "content": f"Q: {question}\\nA: {answer}"}],
    )
`;
const JUDGE_TS = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function judge(output: string) {
  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 5, system: "Say PASS or FAIL.", messages: [{ role: "user", content: output }] });
}
`;
const BROKEN_TS = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function broken(t: string) {
  return client.messages.create({ model: "claude-sonnet-4-6", max_tokens: 10, messages: [{ role: "user", content: t }] ) ) );
}}}
`;

function writeFixture(workspace: string): void {
  cpSync(EXAMPLES, workspace, { recursive: true });
  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    writeFileSync(path.join(workspace, rel), text);
  };
  put('tests/test_grader.py', GRADER_PY);
  put('src/__tests__/judge.test.ts', JUDGE_TS);
  put('src/broken.ts', BROKEN_TS);
}

interface CliReport { callSites: Array<{ monthlyCost: { sonnet: number; current: number | null } }>; skipped: Array<{ file: string; reason: string }> }

function cliReport(folder: string): CliReport {
  return JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--format', 'json', folder], { cwd: folder, encoding: 'utf8', timeout: 60_000 })) as CliReport;
}

/** The test files among the files a scan lists, by the scanners' rules (what the views must count). */
function testFilesIn(folder: string): string[] {
  const project = new Project(frontEnds());
  return listWorkspaceFiles(folder, [], (f) => project.handles(f))
    .files.map((f) => f.rel)
    .filter((f) => isTestFile(f, (rel) => readFileSync(path.join(folder, rel), 'utf8')));
}

test('the report lists what it leaves out: skipped files (in the output) and test files (with the setting)', async ({ wb, page, workspace, screenshot }) => {
  writeFixture(workspace);
  const cli = cliReport(workspace);
  const tests = testFilesIn(workspace);
  assert.ok(tests.includes('tests/test_grader.py') && tests.includes('src/__tests__/judge.test.ts'), `test files: ${tests.join(', ')}`);
  assert.deepEqual(cli.skipped.map((k) => k.file), ['src/broken.ts'], 'the CLI skips the file that does not parse');
  const total = cli.callSites.reduce((n, s) => n + (s.monthlyCost.current ?? s.monthlyCost.sonnet), 0);
  await waitFor('the status bar to show the workspace total', 90_000, async () => (await wb.statusBarTexts()).some((t) => /\/mo/.test(t) && dollars(t).some((d) => sameAmount(d, total))));

  await wb.runCommand('Tierwise: Show Report');
  const frame = wb.webview();
  await frame.locator('#totals').waitFor({ timeout: 30_000 });
  const notes = async (): Promise<string> => (await frame.locator('p.note').allInnerTexts()).join('\n');
  const testNote = new RegExp(`${tests.length} test files not scanned \\(.*\\): calls in tests are not counted\\. Include them \\(tierwise\\.scanTests\\)`);
  await waitFor('the report to count the test files', 60_000, async () => testNote.test(await notes()));
  assert.match(await notes(), /1 file skipped \(listed in the Tierwise output\)\. Show the list/);
  await screenshot('report-notes');

  // "Show the list" opens the Tierwise output on the list of skipped files, with their reasons.
  await frame.locator('p.note a', { hasText: 'Show the list' }).click();
  const output = page.locator('.part.panel .view-lines');
  await waitFor('the skipped files in the Tierwise output', 30_000, async () => {
    const text = (await output.allInnerTexts().catch(() => [] as string[])).join('\n').replace(/\u00a0/g, ' ');
    return /1 file skipped:/.test(text) && text.includes('src/broken.ts') && /syntax error/.test(text);
  });

  // The LLM Calls view says so too, and its row opens the setting that includes the test files.
  await wb.runCommand('Tierwise: Focus on LLM Calls View').catch(async () => {
    await page.locator('.activitybar .action-item a[aria-label*="Tierwise"]').first().click();
  });
  const rows = page.locator('.pane:has(.pane-header:has-text("LLM Calls")) .monaco-list-row');
  const testRow = rows.filter({ hasText: `${tests.length} test files not scanned` }).first();
  await testRow.waitFor({ timeout: 30_000 });
  assert.equal(await rows.filter({ hasText: '1 file skipped' }).count(), 1, 'the tree has no "1 file skipped" row');
  await testRow.click();
  await page.locator('.settings-editor').first().waitFor({ timeout: 30_000 });
  await waitFor('the tierwise.scanTests setting in the Settings editor', 30_000, async () => /Scan Tests/.test(await page.locator('.settings-editor').first().innerText()));
}, { timeoutMs: 240_000 });

/** What is measured on the report: text needs 4.5:1, graphics (bars, direction marks) 3:1 (WCAG 2.2 AA). */
const MEASURED: Array<[name: string, selector: string, property: 'color' | 'backgroundColor', min: number, ownBackground: boolean]> = [
  ['heading', 'h1', 'color', 4.5, false],
  ['meta line', '.meta', 'color', 4.5, false],
  ['note', 'p.note', 'color', 4.5, false],
  ['note link', 'p.note a', 'color', 4.5, false],
  ['card label', '.card .label', 'color', 4.5, false],
  ['card figure', '.card .value', 'color', 4.5, false],
  ['table header', '#by-task thead th', 'color', 4.5, false],
  ['row detail', '#by-task .sub', 'color', 4.5, false],
  // (td.save / td.more: the report's markup before issue #11, so that this test measures it too.)
  ['saving', '#by-task .delta.save, #by-task td.save', 'color', 4.5, false],
  ['extra cost (+$)', '#by-task .delta.more, #by-task td.more', 'color', 4.5, false],
  ['current bar', '#bar-c-0', 'backgroundColor', 3, false],
  ['recommended bar', '#bar-r-0', 'backgroundColor', 3, false],
  ['saving mark ▼', '.delta.save .mark', 'color', 3, false],
  ['extra-cost mark ▲', '.delta.more .mark', 'color', 3, false],
  // The theme's primary button colours are 2.7:1 in Solarized Light: the report's buttons use the secondary ones.
  ['button', '.actions a', 'color', 4.5, true],
];

test('WCAG AA contrast in every built-in theme (text 4.5:1, bars and marks 3:1)', async ({ wb, workspace, screenshot, log }) => {
  // Run alone (--grep), the workspace still needs the examples: an upgrade row ("+$") and bars of every kind.
  if (!existsSync(path.join(workspace, 'tests', 'test_grader.py'))) writeFixture(workspace);
  await waitFor('the examples in the index', 90_000, async () => (await wb.statusBarTexts()).some((t) => /\/mo/.test(t) && /save/.test(t) && dollars(t)[0]! > 1000));
  await wb.runCommand('Tierwise: Show Report');
  const frame = wb.webview();
  await frame.locator('#totals').waitFor({ timeout: 30_000 });
  await frame.locator('#by-task tbody tr').first().waitFor({ timeout: 30_000 });
  const failures: string[] = [];
  for (const theme of BUILT_IN_THEMES) {
    const before = await frame.locator('body').evaluate((b) => getComputedStyle(b).getPropertyValue('--vscode-editor-background'));
    setWorkspaceTheme(workspace, theme);
    // The webview's theme attributes follow the workbench's; wait until they name this theme.
    const seen = await waitFor(`the report in the ${theme} theme`, 30_000, async () => {
      const now = await frame.locator('body').evaluate((b) => ({
        id: b.getAttribute('data-vscode-theme-id') ?? '',
        name: b.getAttribute('data-vscode-theme-name') ?? '',
        background: getComputedStyle(b).getPropertyValue('--vscode-editor-background'),
      }));
      return now.id === theme || now.name === theme || (theme !== BUILT_IN_THEMES[0] && now.id === '' && now.background !== before) ? now : undefined;
    });
    const look = await frame.locator('body').evaluate(
      (body, items) => ({
        // The page's background: the body's, else the document's, else the theme's editor background.
        background: [getComputedStyle(body).backgroundColor, getComputedStyle(document.documentElement).backgroundColor].find((c) => !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(c)) ?? getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim(),
        values: items.map(([, selector, property, , own]) => {
          const el = document.querySelector(selector);
          if (!el) return null;
          const style = getComputedStyle(el);
          return { value: style[property], own: own ? style.backgroundColor : null };
        }),
      }),
      MEASURED,
    );
    const row: string[] = [];
    MEASURED.forEach(([name, selector, , min], i) => {
      const v = look.values[i];
      if (!v) {
        failures.push(`${theme}: ${name} (${selector}) is not on the page`);
        return;
      }
      // A button's text is measured on the button's own background, laid over the page's.
      const bg = v.own ? overCss(v.own, look.background) : look.background;
      const ratio = contrastOver(v.value, bg);
      row.push(`${name} ${ratio.toFixed(1)}`);
      if (ratio < min) failures.push(`${theme}: ${name} ${v.value} on ${bg} is ${ratio.toFixed(2)}:1 < ${min}:1`);
    });
    log(`${theme} (${seen.id || seen.name}): ${row.join(', ')}`);
    if (['Light Modern', 'Dark Modern', 'Default High Contrast', 'Default High Contrast Light'].includes(theme)) await screenshot(`report-${theme.toLowerCase().replace(/[^a-z]+/g, '-')}`);
  }
  setWorkspaceTheme(workspace, 'Dark Modern');
  assert.deepEqual(failures, [], `contrast below WCAG AA:\n${failures.join('\n')}`);
}, { timeoutMs: 300_000 });
