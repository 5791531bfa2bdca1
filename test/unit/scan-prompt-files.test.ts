// Prompts read from files at run time: the workspace's prompt-like files are listed by path, matched with the names
// a prompt reads (`load_prompt("x")`, `readFileSync(join(__dirname, "prompts/x.md"))`) and their text put on the
// call for its card and the task-type rules. The CLI and the editor's engine attach the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPromptAsset, matchPromptFiles, promptRefsOf, attachPromptFiles, PROMPT_FILE_LIMIT } from '../../src/core/scan/promptFiles';
import { scanWorkspace } from '../../src/core/scan/workspace';
import { FolderEngine } from '../../src/extension/index/engine';
import { walkSourceFiles } from '../../src/extension/index/walk';
import { inferTaskType } from '../../src/core/infer/index';
import type { PromptPart, ScannedCall } from '../../src/core/types';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tierwise-pf-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

const PY = `from anthropic import Anthropic
from .prompting import prompt_engine

client = Anthropic()

def parse_code(page_text: str) -> str:
    prompt = prompt_engine.load_prompt("read-login-code", page=page_text)
    r = client.messages.create(model="claude-sonnet-4-5", max_tokens=200, messages=[{"role": "user", "content": prompt}])
    return r.content[0].text
`;
const TS = `import Anthropic from "@anthropic-ai/sdk";
import { readFileSync } from "node:fs";
import { join } from "node:path";
const SYSTEM = readFileSync(join(__dirname, "prompts/route.md"), "utf8");
const GONE = readFileSync(join(__dirname, "prompts/missing.md"), "utf8");
const client = new Anthropic();
export async function route(ticket: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: SYSTEM, messages: [{ role: "user", content: ticket }] });
}
export async function other(ticket: string) {
  return client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 100, system: GONE, messages: [{ role: "user", content: ticket }] });
}
`;
const FILES = {
  'app/code.py': PY,
  'app/templates/read-login-code.j2': 'Read the login page and return the one-time code it shows.\n{{ page }}\n',
  'docs/read-login-code.md': 'How the login reader works (documentation, not a prompt).\n',
  'src/route.ts': TS,
  'src/prompts/route.md': 'Classify the support ticket as billing, bug, or question. Answer with the label only.\n',
  'README.md': '# app\n',
};

test('which files may hold prompts: templates and prompt files, not docs, readmes or configs', () => {
  for (const yes of ['prompts/a.md', 'app/templates/x.j2', 'src/p/summarize.prompt', 'x.jinja2', 'prompts/a.yaml', 'lib/t.hbs']) assert.ok(isPromptAsset(yes), yes);
  for (const no of ['README.md', 'docs/guide.md', 'CHANGELOG.md', 'package.json', 'src/a.ts', 'node_modules/p/x.md', 'pyproject.toml', '.github/ISSUE.md', 'licenses/mit.txt']) assert.ok(!isPromptAsset(no), no);
});

test('the names a prompt reads: loader calls with a name, paths with a prompt extension; never a template hole', () => {
  const part = (holes: string[], origin = 'dynamic'): PromptPart => ({ role: 'user', text: '', holes, origin, file: 'a.py', line: 1, dynamicSlots: 1 }) as PromptPart;
  assert.deepEqual(promptRefsOf([part(['prompt_engine.load_prompt("read-login-code", page=page_text)'])]), ['read-login-code']);
  assert.deepEqual(promptRefsOf([part(['readFileSync(join(__dirname, "prompts/route.md"), "utf8")'])]), ['prompts/route.md']);
  assert.deepEqual(promptRefsOf([part(['hub.pull("acme/triage")'])]), ['acme/triage']);
  // The template named by a keyword argument named for it (ai-prompter's `Prompter(prompt_template=…)`), not any keyword.
  assert.deepEqual(promptRefsOf([part(['Prompter(prompt_template="ask/entry", parser=parser).render(data=state)'])]), ['ask/entry']);
  assert.deepEqual(promptRefsOf([part(['render_page(title="Weekly report")'])]), []);
  assert.deepEqual(promptRefsOf([part(['question', 'format_docs(docs)'])]), []);
  assert.deepEqual(promptRefsOf([part(['load_prompt(`${name}`)'])]), []);
});

test('a name matches by path suffix or file name without its extension, the nearest folder first', () => {
  const assets = ['a/prompts/sum.md', 'b/prompts/sum.md', 'b/prompts/other.md', 'c/sum.prompt.md'];
  assert.deepEqual(matchPromptFiles('sum', 'b/x.py', assets)[0], 'b/prompts/sum.md');
  assert.deepEqual(matchPromptFiles('sum', 'a/y.py', assets)[0], 'a/prompts/sum.md');
  assert.deepEqual(matchPromptFiles('prompts/other.md', 'a/y.py', assets), ['b/prompts/other.md']);
  assert.deepEqual(matchPromptFiles('nothing', 'a/y.py', assets), []);
  // A name in the app's own prompt store, with its scheme (`builtin://other.md`): the file of that name.
  assert.deepEqual(matchPromptFiles('builtin://other.md', 'a/y.py', assets), ['b/prompts/other.md']);
});

test('a long prompt file is cut with a note; an unchanged call keeps the same object from one run to the next', () => {
  const call = { file: 'a.py', prompt: [{ role: 'user', text: '', holes: ['load_prompt("big")'], origin: 'dynamic', file: 'a.py', line: 1, dynamicSlots: 1 }] } as unknown as ScannedCall;
  const plain = { file: 'a.py', prompt: [] } as unknown as ScannedCall;
  const cache = new WeakMap();
  const big = 'x'.repeat(PROMPT_FILE_LIMIT + 10);
  const [a, b] = attachPromptFiles([call, plain], ['t/big.j2'], () => big, cache);
  assert.equal(b, plain);
  assert.notEqual(a, call);
  assert.equal(call.promptFiles, undefined, 'the linked call is not changed');
  assert.match(a.promptFiles![0].text!, /⟪… 10 more characters⟫$/);
  const [again] = attachPromptFiles([call], ['t/big.j2'], () => big, cache);
  assert.equal(again, a);
  const [changed] = attachPromptFiles([call], ['t/big.j2'], () => 'short', cache);
  assert.notEqual(changed, a);
  assert.equal(changed.promptFiles![0].text, 'short');
});

test('the CLI scan puts the prompt files on the calls that read them, and the task-type rules read them', async () => {
  const root = tree(FILES);
  try {
    const r = await scanWorkspace(root, []);
    const py = r.calls.find((c) => c.file === 'app/code.py')!;
    assert.deepEqual(py.promptFiles, [{ path: 'app/templates/read-login-code.j2', text: FILES['app/templates/read-login-code.j2'] }]);
    const route = r.calls.find((c) => c.enclosingFunction === 'route')!;
    assert.deepEqual(route.promptFiles?.map((f) => f.path), ['src/prompts/route.md']);
    const other = r.calls.find((c) => c.enclosingFunction === 'other')!;
    assert.deepEqual(other.promptFiles, [{ path: 'prompts/missing.md', text: null }]);
    const inf = inferTaskType(route);
    assert.equal(inf.taskType, 'classify_intent');
    assert.ok(inf.reasons.some((x) => x.startsWith('prompt file src/prompts/route.md line 1')), inf.reasons.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the editor's engine, given the walker's list, attaches the same files as the CLI", async () => {
  const root = tree(FILES);
  try {
    const cli = await scanWorkspace(root, []);
    const walked = await walkSourceFiles(root, { globMaps: [], globs: [] } as never, () => false);
    assert.deepEqual(walked.assets, ['app/templates/read-login-code.j2', 'src/prompts/route.md']);
    const e = new FolderEngine(root, { tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' }, defaultCallsPerDay: 1000, dynamicInputTokens: 500, registryPath: 'src/llm/modelRegistry.ts', pythonRegistryPath: 'model_registry.py', prices: {} });
    e.setAssets(walked.assets);
    for (const f of walked.files) e.loadFromDisk(f);
    const out = await e.analyze();
    const files = (cs: readonly ScannedCall[]) => cs.map((c) => `${c.file}:${c.callee.line} ${JSON.stringify(c.promptFiles ?? null)}`).sort();
    assert.deepEqual(files(out.all.map((s) => s.call)), files(cli.calls));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a prompt joined from several prompt files named by constants (`prompt_constructor(*args)`) carries each file', async () => {
  const root = tree({
    'app/prompts/HIERARCHY': 'You are a senior engineer migrating a codebase.\n',
    'app/prompts/p1/guidelines': 'Follow the style of the target language.\n',
    'app/prompts/p3_setup/create_docker': 'Write a Dockerfile for a {targetlang} project. Output only the file.\n',
    'app/config.py': 'HIERARCHY = "HIERARCHY"\nGUIDELINES = "p1/guidelines"\nCREATE_DOCKER = "p3_setup/create_docker"\n',
    'app/utils.py': [
      'import os',
      'from litellm import completion',
      '',
      'def prompt_constructor(*args):',
      '    prompt = ""',
      '    for arg in args:',
      '        with open(os.path.abspath(f"prompts/{arg}"), "r") as file:',
      '            prompt += file.read().strip()',
      '    return prompt',
      '',
      'def llm_run(prompt):',
      '    return completion(model="gpt-4o", messages=[{"role": "user", "content": str(prompt)}]).choices[0].message.content',
      '',
    ].join('\n'),
    'app/setup.py': [
      'from utils import prompt_constructor, llm_run',
      'from config import HIERARCHY, GUIDELINES, CREATE_DOCKER',
      '',
      'def create_environment(targetlang):',
      '    template = prompt_constructor(HIERARCHY, GUIDELINES, CREATE_DOCKER)',
      '    return llm_run(template.format(targetlang=targetlang))',
      '',
    ].join('\n'),
  });
  try {
    const r = await scanWorkspace(root, []);
    const site = r.calls.find((c) => c.enclosingFunction === 'create_environment');
    assert.ok(site, r.calls.map((c) => `${c.file}#${c.enclosingFunction}`).join(', '));
    assert.deepEqual(site.promptFiles?.map((f) => f.path).sort(), ['app/prompts/p1/guidelines', 'app/prompts/p3_setup/create_docker']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('prompts kept in a settings TOML and read by section and key (`get_settings().triage_prompt.user`) are on the card, with their section', async () => {
  const root = tree({
    'bot/settings/triage_prompts.toml': [
      '[triage_prompt]',
      'system="""You sort an incoming issue into exactly one of: bug, feature, question.',
      'Answer with the label only."""',
      'user="""Issue title: {{ title }}',
      'Issue body: {{ body }}"""',
      'temperature = 0.2',
      '',
      '[other_prompt]',
      'system="Not this one: another job\'s instructions, long enough to count."',
      '',
    ].join('\n'),
    'bot/settings/broken.toml': '[triage_prompt\nsystem = "unterminated',
    'bot/config.py': 'from dynaconf import Dynaconf\n\ndef get_settings():\n    return Dynaconf(settings_files=["settings/triage_prompts.toml"])\n',
    'bot/handler.py': [
      'from jinja2 import Environment',
      'from openai import OpenAI',
      'from bot.config import get_settings',
      '',
      'client = OpenAI()',
      '',
      'def chat(system, user):',
      '    return client.chat.completions.create(model="gpt-4.1-mini", messages=[{"role": "user", "content": f"{system}\\n\\n{user}"}])',
      '',
      'def triage(issue):',
      '    env = Environment()',
      '    user = env.from_string(get_settings().triage_prompt.user).render(title=issue.title, body=issue.body)',
      '    return chat(system="", user=user)',
      '',
    ].join('\n'),
  });
  try {
    const r = await scanWorkspace(root, []);
    const [site] = attachPromptFiles(
      r.calls.filter((c) => c.enclosingFunction === 'triage'),
      ['bot/settings/broken.toml', 'bot/settings/triage_prompts.toml'],
      (rel) => {
        try {
          return readFileSync(join(root, rel), 'utf8');
        } catch {
          return null;
        }
      },
    );
    assert.ok(site, r.calls.map((c) => `${c.file}#${c.enclosingFunction}`).join(', '));
    // The entry read, then its section's system text (read on no branch shown here); not the other section, not the
    // number; the file that does not parse gives nothing.
    assert.deepEqual(site.promptFiles?.map((f) => `${f.path} ${f.key}`), ['bot/settings/triage_prompts.toml triage_prompt.user', 'bot/settings/triage_prompts.toml triage_prompt.system']);
    assert.match(site.promptFiles?.[1].text ?? '', /exactly one of: bug, feature, question/);
    assert.equal(inferTaskType(site).taskType, 'classify_intent');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
