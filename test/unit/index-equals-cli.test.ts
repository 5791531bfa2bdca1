// The editor's index is the CLI's computation over the same texts, plus caches: after any sequence of edits (open,
// type, save, create, delete, rename, undo, usage-file edits) the index's call sites and totals equal a from-scratch
// `tierwise scan` of the same texts. Checked on every fixture workspace, the example workspace, the eval cases, and
// generated workspaces put through seeded random edit sequences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { analyzeCallsDetailed, type InferFn } from '../../src/core/analyze';
import { inferTaskType } from '../../src/core/infer/index';
import { readProjectConfig, scanWorkspace } from '../../src/core/scan/workspace';
import { parseUsageFile, EMPTY_USAGE } from '../../src/core/usage/usageFile';
import { FolderEngine } from '../../src/extension/index/engine';
import { isPromptAsset } from '../../src/core/scan/promptFiles';
import { isSourceFile } from '../../src/extension/index/exclude';
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

/** What `tierwise scan` prints for a folder, as data (the CLI's steps, with the editor's settings). */
async function cliReport(root: string, usageText: string | null): Promise<{ sites: unknown[]; totals: unknown }> {
  const r = await scanWorkspace(root, []);
  const analysis = analyzeCallsDetailed(r.calls, r.ids, {
    root,
    usage: usageText === null ? EMPTY_USAGE : parseUsageFile(usageText),
    infer,
    skipped: r.skipped,
    settings: { tiers: SETTINGS.tiers, callsPerDay: SETTINGS.defaultCallsPerDay, dynamicInputTokens: SETTINGS.dynamicInputTokens, prices: {} },
  });
  return { sites: analysis.report.callSites, totals: analysis.report.totals };
}

function listFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (name === 'node_modules' || name === '.git') continue;
    if (statSync(join(root, rel)).isDirectory()) out.push(...listFiles(root, rel));
    else out.push(rel);
  }
  return out.sort();
}


/** The editor's engine fed from disk, as the index does after listing the folder. */
async function indexReport(engine: FolderEngine): Promise<{ sites: unknown[]; totals: unknown }> {
  const out = await engine.analyze();
  return { sites: out.all.map((s) => s.site), totals: out.totals };
}

/** As the index worker does after listing the folder: configs (import paths, packages), then every source file. */
function freshEngine(root: string): FolderEngine {
  const e = new FolderEngine(root, SETTINGS);
  const files = listFiles(root);
  e.setConfig(readProjectConfig(files.filter((f) => /(^|\/)(package|tsconfig|jsconfig)\.json$/.test(f)).map((rel) => ({ rel, abs: join(root, rel) }))));
  e.setAssets(files.filter(isPromptAsset));
  for (const f of files) if (isSourceFile(f)) e.loadFromDisk(f);
  return e;
}

function copyToTemp(src: string): string {
  const root = mkdtempSync(join(tmpdir(), 'tierwise-eq-'));
  cpSync(src, root, { recursive: true, filter: (p) => !p.endsWith('expected.json') });
  return root;
}

const FIXTURE_ROOTS = (() => {
  const base = join(__dirname, '..', 'fixtures', 'scan-ts');
  const roots = readdirSync(base).map((n) => join(base, n)).filter((p) => statSync(p).isDirectory());
  roots.push(join(__dirname, '..', '..', 'examples'));
  roots.push(join(__dirname, '..', 'eval', 'cases'));
  // The support desk of issue #11 (helpers across files, imported prompts, registries in TS and Python).
  roots.push(join(__dirname, '..', 'e2e', 'workspace-desk'));
  return roots;
})();

test(`the index equals a from-scratch CLI scan on every fixture workspace, the examples and the eval cases (${FIXTURE_ROOTS.length} workspaces)`, async () => {
  for (const src of FIXTURE_ROOTS) {
    const root = copyToTemp(src);
    try {
      const cli = await cliReport(root, null);
      const idx = await indexReport(freshEngine(root));
      assert.deepEqual(idx, cli, relative(join(__dirname, '..', '..'), src));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

// --- generated workspaces and random edit sequences -------------------------------------------------------------

/** A small seeded PRNG (mulberry32): the same seed, the same sequence. */
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

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

const MODELS = ['claude-haiku-5-5', 'claude-sonnet-5-5', 'gpt-4o-mini', 'claude-haiku-4-5'];
const TASKS = [
  'Classify the ticket as billing, bug or other. Answer with the label only.',
  'Summarize the thread in two sentences.',
  'Extract the invoice number, total and due date as JSON.',
  'Review this diff for bugs and security issues.',
  'Write a friendly reply to the customer.',
];

function generate(r: () => number): Record<string, string> {
  const files: Record<string, string> = {};
  files['src/llm/client.ts'] = `import Anthropic from "@anthropic-ai/sdk";
export const client = new Anthropic();
export const DEFAULT_MODEL = "${pick(r, MODELS)}";
export async function ask(system: string, prompt: string, model = DEFAULT_MODEL) {
  const r = await client.messages.create({ model, max_tokens: 300, system, messages: [{ role: "user", content: prompt }] });
  return r.content[0];
}
`;
  files['src/llm/service.ts'] = `import { client } from "./client";
export class LlmService {
  constructor(private readonly model: string) {}
  async complete(system: string, user: string) {
    return client.messages.create({ model: this.model, max_tokens: 500, system, messages: [{ role: "user", content: user }] });
  }
}
export const llm = new LlmService("${pick(r, MODELS)}");
`;
  files['src/llm/index.ts'] = `export * from "./client";\nexport * from "./service";\n`;
  files['src/models.ts'] = `export const SUMMARY_MODEL = "${pick(r, MODELS)}";\n`;
  const n = 3 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) files[`src/features/f${i}.ts`] = featureFile(r, i);
  for (let i = 0; i < 4; i++) files[`src/util/u${i}.ts`] = `export function helper${i}(x: number) {\n  return x * ${i + 1};\n}\n`;
  return files;
}

function featureFile(r: () => number, i: number): string {
  const kind = Math.floor(r() * 4);
  const task = pick(r, TASKS);
  if (kind === 0) return `import { ask } from "../llm";\nexport async function job${i}(text: string) {\n  return ask("${task}", text);\n}\n`;
  if (kind === 1) return `import { llm } from "../llm/service";\nexport async function job${i}(text: string) {\n  const out = await llm.complete("${task}", text);\n  return out;\n}\n`;
  if (kind === 2)
    return `import { client } from "../llm/client";\nimport { SUMMARY_MODEL } from "../models";\nexport async function job${i}(text: string) {\n  return client.messages.create({ model: SUMMARY_MODEL, max_tokens: 100, messages: [{ role: "user", content: \`${task}\\n\${text}\` }] });\n}\n`;
  return `import { helper0 } from "../util/u0";\nexport const value${i} = helper0(${i});\n`;
}

type Op = 'open' | 'type' | 'save' | 'create' | 'delete' | 'rename' | 'undo' | 'usage' | 'close';

test('the index equals a from-scratch CLI scan after random edit sequences on generated workspaces (seeded)', async () => {
  const WORKSPACES = 6;
  const STEPS = 14;
  let checks = 0;
  for (let w = 0; w < WORKSPACES; w++) {
    const r = rng(1000 + w);
    const disk = generate(r);
    const root = mkdtempSync(join(tmpdir(), 'tierwise-gen-'));
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    for (const [f, t] of Object.entries(disk)) write(f, t);
    const engine = freshEngine(root);
    const buffers = new Map<string, { text: string; version: number; history: string[] }>();
    let usage: string | null = null;
    try {
      for (let step = 0; step < STEPS; step++) {
        const op: Op = pick(r, ['open', 'type', 'type', 'save', 'create', 'delete', 'rename', 'undo', 'usage', 'close'] as const);
        const names = Object.keys(disk).sort();
        const file = pick(r, names);
        switch (op) {
          case 'open':
            if (!buffers.has(file)) buffers.set(file, { text: disk[file], version: 1, history: [] });
            engine.setFile(file, buffers.get(file)!.text, buffers.get(file)!.version);
            break;
          case 'type': {
            const b = buffers.get(file) ?? { text: disk[file], version: 1, history: [] };
            buffers.set(file, b);
            b.history.push(b.text);
            b.text = mutate(r, b.text);
            b.version++;
            engine.setFile(file, b.text, b.version);
            break;
          }
          case 'undo': {
            const b = buffers.get(file);
            if (!b || !b.history.length) break;
            b.text = b.history.pop()!;
            b.version++;
            engine.setFile(file, b.text, b.version);
            break;
          }
          case 'save': {
            const b = buffers.get(file);
            if (!b) break;
            disk[file] = b.text;
            write(file, b.text);
            break;
          }
          case 'close': {
            if (!buffers.has(file)) break;
            buffers.delete(file);
            engine.loadFromDisk(file);
            break;
          }
          case 'create': {
            const rel = `src/features/new${step}.ts`;
            disk[rel] = featureFile(r, 100 + step);
            write(rel, disk[rel]);
            engine.loadFromDisk(rel);
            break;
          }
          case 'delete': {
            if (file.startsWith('src/llm/')) break;
            delete disk[file];
            buffers.delete(file);
            rmSync(join(root, file));
            engine.deleteFile(file);
            break;
          }
          case 'rename': {
            if (file.startsWith('src/llm/')) break;
            const to = file.replace(/\.ts$/, `_r${step}.ts`);
            disk[to] = disk[file];
            delete disk[file];
            buffers.delete(file);
            rmSync(join(root, file));
            write(to, disk[to]);
            engine.deleteFile(file);
            engine.loadFromDisk(to);
            break;
          }
          case 'usage': {
            usage = JSON.stringify({ defaults: { callsPerDay: 100 + Math.floor(r() * 5000) }, taskTypes: { summarize_short: { outputTokens: 50 } } });
            engine.setUsage(usage);
            break;
          }
        }
        // The CLI sees the same texts: the disk, with open buffers in place of their files.
        const snapshot = mkdtempSync(join(tmpdir(), 'tierwise-snap-'));
        try {
          for (const [f, t] of Object.entries(disk)) {
            mkdirSync(dirname(join(snapshot, f)), { recursive: true });
            writeFileSync(join(snapshot, f), buffers.get(f)?.text ?? t);
          }
          const cli = await cliReport(snapshot, usage);
          const idx = await indexReport(engine);
          const norm = (x: { sites: unknown[]; totals: unknown }) => JSON.parse(JSON.stringify(x).split(snapshot).join('<root>').split(root).join('<root>')) as unknown;
          assert.deepEqual(norm(idx), norm(cli), `workspace ${w}, step ${step} (${op} ${file})`);
          checks++;
        } finally {
          rmSync(snapshot, { recursive: true, force: true });
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  assert.equal(checks, WORKSPACES * STEPS);
});

/** A small random edit: a comment, a changed model or prompt word, an annotation, a broken line, a new call. */
function mutate(r: () => number, text: string): string {
  const lines = text.split('\n');
  const at = Math.floor(r() * lines.length);
  switch (Math.floor(r() * 9)) {
    case 6:
      // A file starts making a job through the app's helper (found by its import).
      return `import { ask } from "../llm";\n${text}\nexport const added${Math.floor(r() * 1000)} = (t: string) => ask("${pick(r, TASKS)}", t);\n`;
    case 7:
      // A call of the helper by name in a file that does not import it (found by the name search).
      return `${text}\nexport const byName${Math.floor(r() * 1000)} = (t: string) => (globalThis as any).ask("${pick(r, TASKS)}", t);\n`;
    case 8:
      // Imports removed: the file no longer reaches the LLM layer.
      return lines.filter((l) => !l.startsWith('import')).join('\n');
    case 0:
      lines.splice(at, 0, '// a comment typed here');
      break;
    case 1:
      return text.replace(/"(claude-[\w-]+|gpt-[\w.-]+)"/, `"${pick(r, MODELS)}"`);
    case 2:
      lines.splice(at, 0, `// tierwise: calls=${1 + Math.floor(r() * 50)}k/day`);
      break;
    case 3:
      lines[at] = `${lines[at]} (`;
      break;
    case 4:
      return text.replace(/Classify|Summarize|Extract|Review|Write/, pick(r, ['Translate', 'Rewrite', 'Classify', 'Plan']));
    default:
      lines.push(`export async function extra${Math.floor(r() * 1000)}(t: string) {\n  return t.trim();\n}`);
  }
  return lines.join('\n');
}

void readFileSync;
