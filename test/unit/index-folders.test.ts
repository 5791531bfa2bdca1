// Folders created, deleted or renamed with their files at once (a copy, a branch checkout, `rm -r`): VS Code's file
// watcher reports the folder alone, so the index lists a created folder's files and forgets a deleted folder's files by
// its path; a rescan forgets files that went without any event. After each, the index equals a from-scratch
// `tierwise scan` of the same files. Seeded sequences, as the index is fed by the watcher and the worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeCallsDetailed, type InferFn } from '../../src/core/analyze';
import { inferTaskType } from '../../src/core/infer/index';
import { scanWorkspace } from '../../src/core/scan/workspace';
import { FolderEngine } from '../../src/extension/index/engine';
import { indexedKind } from '../../src/extension/index/exclude';
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

async function cliReport(root: string): Promise<unknown> {
  const r = await scanWorkspace(root, []);
  const analysis = analyzeCallsDetailed(r.calls, r.ids, { root, usage: null as never, infer, skipped: r.skipped, settings: { tiers: SETTINGS.tiers, callsPerDay: 1000, dynamicInputTokens: 500, prices: {} } });
  return { sites: analysis.report.callSites, totals: analysis.report.totals, skipped: r.skipped };
}

async function indexReport(engine: FolderEngine): Promise<unknown> {
  const out = await engine.analyze();
  return { sites: out.all.map((a) => a.site), totals: out.totals, skipped: out.skipped };
}

/** Files under a folder of the workspace (relative paths), as `findFiles` gives them to the watcher. */
function filesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...filesUnder(root, rel));
    else out.push(rel);
  }
  return out;
}

const FILES: Record<string, string> = {
  'src/llm/client.ts': `import Anthropic from "@anthropic-ai/sdk";
export const client = new Anthropic();
export async function ask(system: string, input: string) {
  const r = await client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 300, system, messages: [{ role: "user", content: input }] });
  return r.content[0];
}
`,
  'src/config/models.ts': `export const FAST = "claude-haiku-4-5";\n`,
  'src/features/triage.ts': `import { ask } from "../llm/client";
export const triage = (t: string) => ask("Classify the ticket as billing, bug or other. Answer with the label only.", t);
`,
  'src/features/summary.ts': `import { client } from "../llm/client";
import { FAST } from "../config/models";
export async function summarize(t: string) {
  return client.messages.create({ model: FAST, max_tokens: 100, messages: [{ role: "user", content: \`Summarize in two sentences:\\n\${t}\` }] });
}
`,
  'src/features/prompts/review.md': 'Review the following diff for bugs and security issues, step by step.\n',
  'src/features/review.ts': `import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ask } from "../llm/client";
export const review = (d: string) => ask(readFileSync(join(__dirname, "prompts/review.md"), "utf8"), d);
`,
  'lib/util.ts': 'export const twice = (x: number) => 2 * x;\n',
};

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

type Op = 'copy-folder' | 'delete-folder' | 'rename-folder' | 'delete-unseen' | 'rescan';

test('the index equals a from-scratch CLI scan while folders are copied in, deleted and renamed (seeded)', async () => {
  const WORKSPACES = 5;
  const STEPS = 10;
  const seen = new Set<Op>();
  let checks = 0;
  for (let w = 0; w < WORKSPACES; w++) {
    const r = rng(4200 + w);
    const root = mkdtempSync(join(tmpdir(), 'tierwise-dirs-'));
    for (const [f, t] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      writeFileSync(join(root, f), t);
    }
    const engine = new FolderEngine(root, SETTINGS);
    /** As the worker does for a listing: what exists, the prompt files, every file read. */
    const rescan = async () => {
      const listed = await walkSourceFiles(root, { globMaps: [], globs: [] });
      engine.forgetUnlisted(new Set(listed.files));
      engine.setAssets(listed.assets);
      for (const f of listed.files) engine.loadFromDisk(f);
    };
    await rescan();
    /** As the watcher does for a folder created with its files: each file it finds is read. */
    const created = (dir: string) => {
      for (const f of filesUnder(root, dir)) if (indexedKind(f)) engine.loadFromDisk(f);
    };
    const folders = () => ['src/llm', 'src/config', 'src/features', 'lib', ...readdirSync(join(root, 'src')).filter((d) => /^copy\d+$/.test(d)).map((d) => `src/${d}`)].filter((d) => existsSync(join(root, d)));
    try {
      for (let step = 0; step < STEPS; step++) {
        const op: Op = pick(r, ['copy-folder', 'copy-folder', 'delete-folder', 'rename-folder', 'delete-unseen', 'rescan'] as const);
        const dir = pick(r, folders());
        switch (op) {
          case 'copy-folder': {
            // A folder copied in (its files' imports reach src/llm and src/config as they did, or not at all).
            const from = existsSync(join(root, 'src/features')) ? 'src/features' : dir;
            if (!from) break;
            const to = `src/copy${step}`;
            cpSync(join(root, from), join(root, to), { recursive: true });
            created(to);
            break;
          }
          case 'delete-folder': {
            if (!dir) break;
            rmSync(join(root, dir), { recursive: true });
            engine.deleteFile(dir);
            break;
          }
          case 'rename-folder': {
            if (!dir) break;
            const to = `${dir}_r${step}`;
            renameSync(join(root, dir), join(root, to));
            engine.deleteFile(dir);
            created(to);
            break;
          }
          case 'delete-unseen': {
            // Gone while nothing watched (the window was closed): the next listing tells.
            if (!dir) break;
            rmSync(join(root, dir), { recursive: true });
            await rescan();
            break;
          }
          case 'rescan':
            await rescan();
            break;
        }
        seen.add(op);
        const norm = (x: unknown) => JSON.parse(JSON.stringify(x).split(root).join('<root>')) as unknown;
        assert.deepEqual(norm(await indexReport(engine)), norm(await cliReport(root)), `workspace ${w}, step ${step} (${op} ${dir ?? ''})`);
        checks++;
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  assert.equal(checks, WORKSPACES * STEPS);
  assert.equal(seen.size, 5, [...seen].join(', '));
});
