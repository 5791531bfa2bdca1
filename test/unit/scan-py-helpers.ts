// Shared by the scan-py tests: scan a folder of Python files the way the workspace walker does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { callSiteIds } from '../../src/core/scan/ids';
import { providerOf } from '../../src/core/scan/provider';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import type { ScannedCall, SkippedFile } from '../../src/core/types';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'scan-py');

export function listPy(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...listPy(root, rel));
    else if (/\.pyi?$/.test(name)) out.push(rel);
  }
  return out;
}

export async function scanPyDir(root: string): Promise<{ calls: ScannedCall[]; ids: string[]; skipped: SkippedFile[] }> {
  const err = await initScanEngine();
  if (err) throw new Error(err);
  const files: Record<string, string> = {};
  for (const f of listPy(root)) files[f] = readFileSync(path.join(root, f), 'utf8');
  const { calls, skipped } = scanAllTexts(files);
  return { calls, ids: callSiteIds(calls), skipped };
}

/** The fields a fixture's expected.json pins, in a stable, readable shape. */
export function summarize(c: ScannedCall, id: string): Record<string, unknown> {
  return {
    id,
    line: c.callee.line,
    column: c.callee.column,
    sdk: c.sdk,
    provider: providerOf(c),
    api: c.api,
    model: { expression: c.model.expression, resolved: c.model.resolved, source: c.model.source },
    registryTask: c.registryTask,
    streaming: c.streaming,
    batch: c.batch,
    cacheControl: c.cacheControl,
    cacheTtl: c.cacheTtl,
    maxTokens: c.maxTokens,
    temperature: c.temperature,
    prompt: c.prompt.map((p) => `${p.role}:${p.text.length > 60 ? `${p.text.slice(0, 60)}…` : p.text}${p.dynamicSlots ? ` +${p.dynamicSlots}` : ''}`),
    tools: c.tools.map((t) => t.name),
    stopSequences: c.stopSequences,
    signals: c.signals.map((s) => `${s.kind}:${s.detail}`),
    annotation: c.annotation ? { callsPerDay: c.annotation.callsPerDay ?? null, taskType: c.annotation.taskType ?? null } : null,
    ...(c.wrapper ? { wrapper: `${c.wrapper.name}@${c.wrapper.file} → ${c.wrapper.innerSdk} ${c.wrapper.innerApi}` } : {}),
  };
}
