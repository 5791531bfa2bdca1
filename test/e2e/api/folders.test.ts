// A folder copied in with its files (a branch checkout, an unzip, `cp -r`) and then deleted (`rm -r`): VS Code's
// watcher reports the folder alone, not the files in it. The index must still read every file of the new folder, and
// forget them all when the folder goes, as `tierwise scan` of the same files would.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite, test } from './runner';
import { activeExtension, openDoc, waitFor, workspaceRoot } from './helpers';
import { scanTexts } from '../../../src/core/scan/project';
import type { CallSite } from '../../../src/core/types';

interface Api {
  indexed: Promise<void>;
  services: { allCallSites(): ReadonlyArray<{ site: CallSite }> };
}

const CLIENT = `import Anthropic from "@anthropic-ai/sdk";
export const client = new Anthropic();
export async function ask(system: string, input: string) {
  const r = await client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 300, system, messages: [{ role: "user", content: input }] });
  return r.content[0];
}
`;
const job = (i: number) => `import { ask } from "../llm/client";
export const job${i} = (t: string) => ask("Classify the ticket as billing, bug or other (${i}). Answer with the label only.", t);
`;

function filesUnder(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) Object.assign(out, filesUnder(dir, r));
    else out[r] = readFileSync(path.join(dir, r), 'utf8');
  }
  return out;
}

suite('folders', () => {
  test('a folder copied in with its files is read; deleted, its call sites go', async () => {
    await openDoc('src/support/triage.ts');
    const api = (await activeExtension()).exports as Api;
    await api.indexed;
    const root = workspaceRoot().fsPath;
    // Made outside the workspace, then copied in at once: nested folders, files in each.
    const staging = path.join(root, '..', `staging-${Date.now()}`);
    mkdirSync(path.join(staging, 'llm'), { recursive: true });
    mkdirSync(path.join(staging, 'jobs', 'deep'), { recursive: true });
    writeFileSync(path.join(staging, 'llm', 'client.ts'), CLIENT);
    for (let i = 0; i < 3; i++) writeFileSync(path.join(staging, 'jobs', `j${i}.ts`), job(i));
    writeFileSync(path.join(staging, 'jobs', 'deep', 'j9.ts'), job(9).replace('../llm/client', '../../llm/client'));
    const texts = filesUnder(staging);
    const expected = scanTexts(texts).calls.length;
    assert.equal(expected, 4, 'the copied folder holds four jobs through its helper');
    const target = path.join(root, 'copied');
    const under = () => api.services.allCallSites().filter((a) => a.site.file.startsWith('copied/'));
    try {
      cpSync(staging, target, { recursive: true });
      await waitFor('the copied folder\'s call sites', () => under().length === expected, 30_000).catch((e) => {
        throw new Error(`${String(e)}; the index has ${JSON.stringify(under().map((a) => a.site.id))}`);
      });
      rmSync(target, { recursive: true });
      await waitFor('the deleted folder\'s call sites to go', () => under().length === 0, 30_000).catch((e) => {
        throw new Error(`${String(e)}; the index still has ${JSON.stringify(under().map((a) => a.site.id))}`);
      });
    } finally {
      rmSync(staging, { recursive: true, force: true });
      rmSync(target, { recursive: true, force: true });
    }
  }, { timeoutMs: 90_000 });
});
