// Prompt files read at run time (`readFileSync(join(__dirname, "prompts/route.md"))`, `load_prompt("summary")`) are
// part of what the CLI computes over: when one is edited in an editor, saved, changed on disk, created, deleted or
// renamed, the editor's index follows it as the file watcher and the editor feed it, and still equals a from-scratch
// `tierwise scan` of the same texts (the disk, with open buffers in place of their files). Seeded edit sequences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { analyzeCallsDetailed, type InferFn } from '../../src/core/analyze';
import { inferTaskType } from '../../src/core/infer/index';
import { loadFrontEnds } from '../../src/core/scan/engine/frontends';
import { PROMPT_EXTENSIONS, isPromptAsset } from '../../src/core/scan/promptFiles';
import { scanWorkspace } from '../../src/core/scan/workspace';
import { FolderEngine } from '../../src/extension/index/engine';
import { PROMPT_ASSET_GLOB, indexedKind } from '../../src/extension/index/exclude';
import { walkSourceFiles } from '../../src/extension/index/walk';
import type { AnalysisSettings } from '../../src/extension/index/protocol';

const SETTINGS: AnalysisSettings = {
  tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' },
  defaultCallsPerDay: 1000,
  dynamicInputTokens: 500,
  registryPath: 'src/llm/modelRegistry.ts',
  pythonRegistryPath: 'model_registry.py',
  prices: {},
};
const infer: InferFn = (call, override) => inferTaskType(call, override ?? undefined);

test('the watcher follows every prompt-file extension the walkers list, in either case', () => {
  const watched = picomatch(PROMPT_ASSET_GLOB, { dot: true });
  for (const ext of PROMPT_EXTENSIONS) {
    for (const name of [`prompts/triage.${ext}`, `app/templates/x.${ext.toUpperCase()}`]) {
      assert.ok(isPromptAsset(name), name);
      assert.ok(watched(name), `${PROMPT_ASSET_GLOB} misses ${name}`);
      assert.equal(indexedKind(name), 'asset', name);
    }
  }
  assert.equal(indexedKind('src/route.ts'), 'source');
  assert.equal(indexedKind('app/code.py'), 'source');
  assert.equal(indexedKind('src/types.d.ts'), null);
  assert.equal(indexedKind('README.md'), null);
  assert.equal(indexedKind('docs/guide.md'), null);
  assert.equal(indexedKind('package.json'), null);
});

/** The CLI's report of a folder as data: the sites, the totals, and the prompt files on each call (by id). */
async function cliReport(root: string, includeTests: boolean): Promise<unknown> {
  const r = await scanWorkspace(root, [], { includeTests });
  const analysis = analyzeCallsDetailed(r.calls, r.ids, {
    root,
    usage: null as never,
    infer,
    skipped: r.skipped,
    settings: { tiers: SETTINGS.tiers, callsPerDay: SETTINGS.defaultCallsPerDay, dynamicInputTokens: SETTINGS.dynamicInputTokens, prices: {} },
  });
  return {
    sites: analysis.report.callSites,
    totals: analysis.report.totals,
    promptFiles: Object.fromEntries(analysis.sites.map((s) => [s.site.id, s.call.promptFiles ?? []])),
  };
}

async function indexReport(engine: FolderEngine): Promise<unknown> {
  const out = await engine.analyze();
  return { sites: out.all.map((a) => a.site), totals: out.totals, promptFiles: Object.fromEntries(out.all.map((a) => [a.site.id, a.call.promptFiles ?? []])) };
}

const PROMPTS = [
  'Classify the support ticket as billing, bug, or question. Answer with the label only.',
  'Review the following pull request diff step by step for security bugs, race conditions and missing tests; explain each finding.',
  'Summarize the conversation in two short sentences for the next agent.',
  'Extract the invoice number, the total and the due date as JSON with keys number, total, due.',
  'Write a detailed, friendly reply to the customer that explains the refund policy step by step.',
];

const route = (promptPath: string) => `import Anthropic from "@anthropic-ai/sdk";
import { readFileSync } from "node:fs";
import { join } from "node:path";
const SYSTEM = readFileSync(join(__dirname, "${promptPath}"), "utf8");
const client = new Anthropic();
export async function route(ticket: string) {
  return client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 100, system: SYSTEM, messages: [{ role: "user", content: ticket }] });
}
`;
const SUMMARY_PY = `from anthropic import Anthropic
from .prompting import prompt_engine

client = Anthropic()

def summarize(thread: str) -> str:
    prompt = prompt_engine.load_prompt("summary", thread=thread)
    r = client.messages.create(model="claude-sonnet-5-5", max_tokens=200, messages=[{"role": "user", "content": prompt}])
    return r.content[0].text
`;
const TEST_TS = `import Anthropic from "@anthropic-ai/sdk";
import { readFileSync } from "node:fs";
const client = new Anthropic();
export async function grade(answer: string) {
  return client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 5, system: readFileSync("tests/prompts/grade.md", "utf8"), messages: [{ role: "user", content: answer }] });
}
`;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

type Op = 'edit-on-disk' | 'type' | 'save' | 'close' | 'create' | 'delete' | 'rename' | 'retarget' | 'tests-setting';

test('the index equals a from-scratch CLI scan while prompt files are edited, saved, created, deleted and renamed (seeded)', async () => {
  await loadFrontEnds();
  const WORKSPACES = 6;
  const STEPS = 20;
  const seen = new Set<Op>();
  let checks = 0;
  /** Checks where some call read a prompt file's text (else the property would hold trivially). */
  let withText = 0;
  for (let w = 0; w < WORKSPACES; w++) {
    const r = rng(7000 + w);
    const disk: Record<string, string> = {
      'src/route.ts': route('prompts/route.md'),
      'src/prompts/route.md': `${pick(r, PROMPTS)}\n`,
      'app/code.py': SUMMARY_PY,
      'app/prompting.py': 'class Engine:\n    def load_prompt(self, name, **kw):\n        return name\n\nprompt_engine = Engine()\n',
      'app/templates/summary.j2': `${pick(r, PROMPTS)}\n{{ thread }}\n`,
      'tests/grade.test.ts': TEST_TS,
      'tests/prompts/grade.md': `${pick(r, PROMPTS)}\n`,
      'docs/route.md': 'How routing works (documentation, never a prompt).\n',
    };
    const root = mkdtempSync(join(tmpdir(), 'tierwise-pfi-'));
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    for (const [f, t] of Object.entries(disk)) write(f, t);
    let includeTests = false;
    // As the index worker does after listing the folder.
    const engine = new FolderEngine(root, SETTINGS);
    const walked = await walkSourceFiles(root, { globMaps: [], globs: [] }, () => false);
    engine.setAssets(walked.assets);
    for (const f of walked.files) engine.loadFromDisk(f);
    /** Open prompt-file editors: their buffer is the text. */
    const buffers = new Map<string, { text: string; version: number }>();
    try {
      for (let step = 0; step < STEPS; step++) {
        const assets = Object.keys(disk).filter((f) => indexedKind(f) === 'asset').sort();
        const op: Op = pick(r, ['edit-on-disk', 'type', 'type', 'save', 'close', 'create', 'delete', 'rename', 'retarget', 'tests-setting'] as const);
        const file = pick(r, assets);
        switch (op) {
          case 'edit-on-disk': {
            // Another program (git, a generator) writes the file; the watcher reports it unless an editor has it open.
            if (!file || buffers.has(file)) break;
            disk[file] = `${pick(r, PROMPTS)}\n`;
            write(file, disk[file]);
            engine.loadFromDisk(file);
            break;
          }
          case 'type': {
            if (!file) break;
            const b = buffers.get(file) ?? { text: disk[file], version: 0 };
            b.text = `${pick(r, PROMPTS)}\n${r() < 0.5 ? b.text : ''}`;
            b.version++;
            buffers.set(file, b);
            engine.setFile(file, b.text, b.version);
            break;
          }
          case 'save': {
            // Saved from the editor: the disk takes the buffer's text; the watcher ignores an open file.
            const open = [...buffers.keys()];
            if (!open.length) break;
            const f = pick(r, open);
            disk[f] = buffers.get(f)!.text;
            write(f, disk[f]);
            break;
          }
          case 'close': {
            // Closed (maybe without saving): the disk is the truth again.
            const open = [...buffers.keys()];
            if (!open.length) break;
            const f = pick(r, open);
            buffers.delete(f);
            engine.loadFromDisk(f);
            break;
          }
          case 'create': {
            const rel = pick(r, ['src/prompts/route.md', 'src/prompts/missing.md', 'app/templates/summary.j2', 'src/prompts/extra.txt']);
            if (disk[rel] !== undefined) break;
            disk[rel] = `${pick(r, PROMPTS)}\n`;
            write(rel, disk[rel]);
            engine.loadFromDisk(rel);
            break;
          }
          case 'delete': {
            if (!file) break;
            delete disk[file];
            buffers.delete(file);
            rmSync(join(root, file));
            engine.deleteFile(file);
            break;
          }
          case 'rename': {
            if (!file || buffers.has(file)) break;
            const to = file.replace(/\.(\w+)$/, `_${step}.$1`);
            disk[to] = disk[file];
            delete disk[file];
            rmSync(join(root, file));
            write(to, disk[to]);
            engine.deleteFile(file);
            engine.loadFromDisk(to);
            break;
          }
          case 'retarget': {
            // The code reads another prompt file (maybe one that does not exist yet).
            disk['src/route.ts'] = route(pick(r, ['prompts/route.md', 'prompts/missing.md', 'prompts/extra.txt']));
            write('src/route.ts', disk['src/route.ts']);
            engine.loadFromDisk('src/route.ts');
            break;
          }
          case 'tests-setting': {
            // tierwise.scanTests: a test file's call (and the prompt file it reads) counts, or not.
            includeTests = !includeTests;
            engine.setSettings({ ...SETTINGS, includeTests });
            break;
          }
        }
        seen.add(op);
        const snapshot = mkdtempSync(join(tmpdir(), 'tierwise-pfs-'));
        try {
          for (const [f, t] of Object.entries(disk)) {
            mkdirSync(dirname(join(snapshot, f)), { recursive: true });
            writeFileSync(join(snapshot, f), buffers.get(f)?.text ?? t);
          }
          const norm = (x: unknown) => JSON.parse(JSON.stringify(x).split(snapshot).join('<root>').split(root).join('<root>')) as unknown;
          const cli = norm(await cliReport(snapshot, includeTests));
          const idx = norm(await indexReport(engine));
          assert.deepEqual(idx, cli, `workspace ${w}, step ${step} (${op} ${file ?? ''}); open: ${[...buffers.keys()].join(', ')}`);
          checks++;
          if (PROMPTS.some((p) => JSON.stringify(cli).includes(p.slice(0, 40)))) withText++;
        } finally {
          rmSync(snapshot, { recursive: true, force: true });
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  assert.equal(checks, WORKSPACES * STEPS);
  assert.ok(withText > checks / 2, `only ${withText} of ${checks} checks had a prompt file's text on a call`);
  assert.equal(seen.size, 9, `operations run: ${[...seen].join(', ')}`);
});
