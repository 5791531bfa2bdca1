// Compare never sends source code as the prompt (issue 11, item 3): each prompt expression is evaluated to its text —
// concatenation, `.join`, Python `+`, implicit concatenation, f-strings, `.format`, `%` — with one field per run-time
// piece; constants of the same file are filled in; a run with an empty required field is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanTexts } from '../../src/core/scan/project';
import { initScanEngine as initPythonScanner } from '../../src/core/scan/engine/simple';
import { draftFromCall, draftFromSelection, fieldMarker, fillPrompt } from '../../src/core/compare/prompt';
import { buildPriceBook } from '../../src/core/cost/prices';
import { createCompareClient } from '../../src/core/compare/runner';
import { CompareSession } from '../../src/core/compare/session';
import { missingFields, type HostMessage } from '../../src/shared/compareProtocol';
import type { ScannedCall } from '../../src/core/types';
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from '../fake-anthropic/server';

before(async () => {
  const err = await initPythonScanner();
  assert.equal(err, null);
});

/** Scans the files and drafts the one call in `file` (the n-th when there are several). */
async function draft(files: Record<string, string>, file: string, n = 0) {
  const { calls } = scanTexts(files);
  const call = calls.filter((c) => c.file === file)[n];
  assert.ok(call, `no call found in ${file}`);
  return draftFromCall(call, (f) => files[f] ?? null);
}

const TS_HEAD = "import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();\n";
const tsCall = (body: string, pre = '') =>
  `${TS_HEAD}${pre}\nexport async function triage(ticket: any, thread: string, lines: string[]) {\n  return client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 20, ${body} });\n}\n`;
const PY_HEAD = 'import anthropic\nclient = anthropic.Anthropic()\n';
const pyCall = (body: string, pre = '') => `${PY_HEAD}${pre}\ndef triage(ticket, thread, lines):\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=20, ${body})\n`;

describe('compare prompt from source: TypeScript / JavaScript', () => {
  it('"…" + "…" + `Ticket: ${ticket.subject}\\n${thread}` is text with two fields, not the expression', async () => {
    const src = tsCall('messages: [{ role: "user", content: "Classify this ticket. " + "Answer with one label.\\n" + `Ticket: ${ticket.subject}\\n${thread}` }]');
    const d = await draft({ 'a.ts': src }, 'a.ts');
    assert.equal(d.prompt.messages[0]!.content, 'Classify this ticket. Answer with one label.\nTicket: ${ticket.subject}\n${thread}');
    assert.deepEqual(d.fields, ['ticket.subject', 'thread']);
  });

  it('a constant of the file is filled in: ${CATEGORIES.join(", ")}', async () => {
    const src = tsCall('system: `Classify into ${CATEGORIES.join(", ")}.`, messages: [{ role: "user", content: ticket.body }]', 'const CATEGORIES = ["billing", "bug", "feature"] as const;');
    const d = await draft({ 'a.ts': src }, 'a.ts');
    assert.equal(d.prompt.system, 'Classify into billing, bug, feature.');
    assert.deepEqual(d.fields, ['ticket.body']);
  });

  it('constants are filled in around run-time pieces too', async () => {
    const src = tsCall('system: `${ROLE} Labels: ${CATEGORIES.join(", ")}. Team: ${ticket.team}`, messages: [{ role: "user", content: ticket.body }]', 'const CATEGORIES = ["billing", "bug"];\nconst ROLE = "You triage.";');
    const d = await draft({ 'a.ts': src }, 'a.ts');
    assert.equal(d.prompt.system, 'You triage. Labels: billing, bug. Team: ${ticket.team}');
    assert.deepEqual(d.fields, ['ticket.team', 'ticket.body']);
    assert.match(d.notes.join('\n'), /constants of the file: ROLE, CATEGORIES/);
  });

  it('.join of an array with run-time items, of a run-time array, String(), member of a constant object', async () => {
    const pre = 'const PROMPTS = { triage: "Pick a label." };\nconst SEP = "\\n---\\n";';
    const src = tsCall(
      'system: PROMPTS.triage, messages: [{ role: "user", content: ["Subject:", ticket.subject, String(42)].join(" ") }, { role: "assistant", content: "ok" }, { role: "user", content: lines.join(SEP) }]',
      pre,
    );
    const d = await draft({ 'a.ts': src }, 'a.ts');
    assert.equal(d.prompt.system, 'Pick a label.');
    assert.equal(d.prompt.messages[0]!.content, 'Subject: ${ticket.subject} 42');
    assert.equal(d.prompt.messages[2]!.content, '${lines.join(SEP)}');
    assert.deepEqual(d.fields, ['ticket.subject', 'lines.join(SEP)']);
  });

  it('a prompt constant imported from another file is read in that file', async () => {
    const prompts = 'export const TRIAGE_SYSTEM = "You triage. " + "Labels: " + ["a", "b"].join("|");\n';
    const src = `import { TRIAGE_SYSTEM } from './prompts';\n${tsCall('system: TRIAGE_SYSTEM, messages: [{ role: "user", content: `Ticket: ${ticket}` }]')}`;
    const d = await draft({ 'src/prompts.ts': prompts, 'src/a.ts': src }, 'src/a.ts');
    assert.equal(d.prompt.system, 'You triage. Labels: a|b');
    assert.equal(d.prompt.messages[0]!.content, 'Ticket: ${ticket}');
  });

  it('a let (reassignable) is a field; a name declared twice is a field', async () => {
    const src = tsCall('system: MODE + " mode for " + ticket.team, messages: [{ role: "user", content: `${prefix}: ${ticket}` }]', 'let MODE = "strict";\nconst prefix = "A";\nfunction other(prefix: string) { return prefix; }');
    const d = await draft({ 'a.ts': src }, 'a.ts');
    assert.equal(d.prompt.system, '${MODE} mode for ${ticket.team}');
    assert.equal(d.prompt.messages[0]!.content, '${prefix}: ${ticket}');
  });
});

describe('compare prompt from source: Python', () => {
  it('"Ticket: " + ticket.subject + "\\n" + thread', async () => {
    const d = await draft({ 'a.py': pyCall('messages=[{"role": "user", "content": "Ticket: " + ticket.subject + "\\n" + thread}]') }, 'a.py');
    assert.equal(d.prompt.messages[0]!.content, 'Ticket: ${ticket.subject}\n${thread}');
    assert.deepEqual(d.fields, ['ticket.subject', 'thread']);
  });

  it('implicit concatenation and ", ".join(CONSTANT)', async () => {
    const d = await draft({ 'a.py': pyCall('system="You triage. " "Pick one of " + ", ".join(LABELS), messages=[{"role": "user", "content": thread}]', 'LABELS = ("billing", "bug")') }, 'a.py');
    assert.equal(d.prompt.system, 'You triage. Pick one of billing, bug');
    assert.deepEqual(d.fields, ['thread']);
  });

  it('f-strings: each hole is a field (conversion and format spec dropped from the name); constants filled in', async () => {
    const d = await draft({ 'a.py': pyCall('messages=[{"role": "user", "content": f"Subject: {ticket.subject!r:>10} in {TEAM}\\n{{literal}}"}]', 'TEAM = "support"') }, 'a.py');
    assert.equal(d.prompt.messages[0]!.content, 'Subject: ${ticket.subject} in support\n{literal}');
    assert.deepEqual(d.fields, ['ticket.subject']);
  });

  it('.format with positional, keyword and auto-numbered fields; % formatting', async () => {
    const d = await draft(
      {
        'a.py': pyCall(
          'system="Team {}, label {}".format(TEAM, "x"), messages=[{"role": "user", "content": "Hi {name}, about {0}".format(thread, name=ticket.name)}, {"role": "assistant", "content": "ok"}, {"role": "user", "content": "%s: %(x)s" % {"x": thread} if False else "Re: %s (%d)" % (ticket.subject, 3)}]',
          'TEAM = "support"',
        ),
      },
      'a.py',
    );
    assert.equal(d.prompt.system, 'Team support, label x');
    assert.equal(d.prompt.messages[0]!.content, 'Hi ${ticket.name}, about ${thread}');
    // A conditional is one run-time piece: one field named by it, whatever its branches hold.
    assert.equal(d.prompt.messages[2]!.content.startsWith('${'), true);
  });

  it('"%s" formatting, and textwrap.dedent around an f-string', async () => {
    const system = 'system=textwrap.dedent(f' + '"'.repeat(3) + '\n        You triage for {ticket.team}.\n          Answer briefly.\n        ' + '"'.repeat(3) + ')';
    const d = await draft({ 'a.py': pyCall(`${system}, messages=[{"role": "user", "content": "Re: %s (%d)" % (ticket.subject, 3)}]`, 'import textwrap') }, 'a.py');
    assert.equal(d.prompt.system, '\nYou triage for ${ticket.team}.\n  Answer briefly.\n');
    assert.equal(d.prompt.messages[0]!.content, 'Re: ${ticket.subject} (3)');
  });
});

describe('compare prompt from a selection', () => {
  const file = `const A = "Reply with escalate or keep";\nconst B = "Subject: " + ticket.subject;\nconst C = client.messages.create({ model: "x" });\n`;
  const at = (text: string) => ({ language: 'typescript' as const, fileText: file, start: file.indexOf(text), end: file.indexOf(text) + text.length, file: 'a.ts' });

  it('prose inside a string is taken as written', async () => {
    const d = await draftFromSelection('escalate or keep', at('escalate or keep'));
    assert.equal(d.prompt.messages[0]!.content, 'escalate or keep');
  });
  it('a prompt expression is evaluated', async () => {
    const d = await draftFromSelection('"Subject: " + ticket.subject', at('"Subject: " + ticket.subject'));
    assert.equal(d.prompt.messages[0]!.content, 'Subject: ${ticket.subject}');
    assert.deepEqual(d.fields, ['ticket.subject']);
  });
  it('code that is not a prompt is not sent: the message stays empty and a note says why', async () => {
    const sel = 'client.messages.create({ model: "x" })';
    const d = await draftFromSelection(sel, at(sel));
    assert.equal(d.prompt.messages[0]!.content, '');
    assert.match(d.notes.join(' '), /code, not prompt text/);
  });
});

// ---------------------------------------------------------------------------------------------
// Over real code: the eval corpus (TS, JS and Python written like applications write them).

const CASES = join(__dirname, '..', 'eval', 'cases');
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

/**
 * Source text of a string being built: a quote next to `+`, `.format(`, an f-string prefix, `%` after a quote. (A
 * `", ".join(items)` of a run-time list is one run-time piece: its field is named by it.)
 */
const BUILDING = /["'`]\s*\+|\+\s*["'`]|["']\s*\.\s*format\s*\(|(^|[\s(])[rRbBuU]?[fF]["']|["']\s*%\s*[(\w]/;

describe('compare prompt: never source text, over the eval corpus', () => {
  it('every call of every case: fields name run-time pieces, texts hold no string-building code, empty fields send nothing of their own', async () => {
    const files: Record<string, string> = {};
    for (const p of walk(CASES)) if (/\.(ts|js|py)$/.test(p)) files[relative(CASES, p).replace(/\\/g, '/')] = readFileSync(p, 'utf8');
    const { calls } = scanTexts(files);
    let checked = 0;
    let withFields = 0;
    const bad: string[] = [];
    for (const call of calls as ScannedCall[]) {
      const d = await draftFromCall(call, (f) => files[f] ?? null);
      checked++;
      if (d.fields.length) withFields++;
      const where = `${call.file}:${call.callee.line}`;
      for (const f of d.fields) if (BUILDING.test(f)) bad.push(`${where}: field "${f}"`);
      const texts = [d.prompt.system, ...d.prompt.messages.map((m) => m.content)];
      for (const t of texts) if (BUILDING.test(t.replace(/\$\{[^}]*\}/g, ''))) bad.push(`${where}: text ${JSON.stringify(t.slice(0, 120))}`);
      const empty = fillPrompt(d.prompt, Object.fromEntries(d.fields.map((f) => [f, ''])));
      for (const t of [empty.system, ...empty.messages.map((m) => m.content)]) {
        for (const f of d.fields) if (t.includes(fieldMarker(f))) bad.push(`${where}: ${fieldMarker(f)} left in the text sent`);
      }
    }
    assert.deepEqual(bad, []);
    assert.ok(checked > 150, `only ${checked} calls`);
    assert.ok(withFields > 50, `only ${withFields} calls with run-time fields`);
  });
});

// ---------------------------------------------------------------------------------------------
// The session: Run refused while a required field is empty; "send empty" sends empty text.

describe('compare session: required run-time values', () => {
  let fake: FakeAnthropic;
  before(async () => {
    fake = await startFakeAnthropic({ chunkDelayMs: 1, maxLifetimeMs: 60_000 });
  });
  after(() => fake.close());

  const session = (posted: HostMessage[]) =>
    new CompareSession({
      models: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' },
      graderModel: 'claude-sonnet-5-5',
      priceBook: buildPriceBook(),
      timeoutMs: 5000,
      maxRetries: 0,
      callsPerDay: 1000,
      confirmAboveUsd: 1,
      client: async () => createCompareClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, timeoutMs: 5000, maxRetries: 0 }),
      post: (m) => posted.push(m),
    });
  const prompt = { system: 'Label it.', messages: [{ role: 'user' as const, content: 'Ticket: ${ticket.subject}\n${thread}' }], tools: [], maxTokens: 50, temperature: null };

  it('an empty field keeps the run from starting: nothing is sent', async () => {
    fake.reset();
    const posted: HostMessage[] = [];
    const input = { prompt, fields: { 'ticket.subject': 'Refund', thread: '' } };
    assert.deepEqual(missingFields(input, ['ticket.subject', 'thread']), ['thread']);
    await session(posted).run(input, 1, false, '', ['ticket.subject', 'thread']);
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(posted.map((m) => m.type), ['notice']);
    assert.match((posted[0] as { message: string }).message, /Fill in \$\{thread\} first, or tick “Send empty”/);
  });

  it('"send empty" sends empty text in its place, values in theirs — never a marker', async () => {
    fake.reset();
    const posted: HostMessage[] = [];
    await session(posted).run({ prompt, fields: { 'ticket.subject': 'Refund', thread: '' }, sendEmpty: ['thread'] }, 1, false, '', ['ticket.subject', 'thread']);
    const sent = fake.requests.filter((r) => r.path === '/v1/messages').map((r) => (r.body as { messages: Array<{ content: string }> }).messages[0]!.content);
    assert.deepEqual(sent, ['Ticket: Refund\n', 'Ticket: Refund\n']);
  });
});
