// Shared by the fixture test and the script that writes a new fixture's expected.json for review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanTexts } from '../../src/core/scan/project';
import { callSiteIds } from '../../src/core/scan/ids';
import { providerOf } from '../../src/core/scan/provider';
import type { ScannedCall, SkippedFile } from '../../src/core/types';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'scan-ts');

export interface ExpectedCall {
  id: string;
  sdk: string;
  /** The provider the request goes to (`providerOf`); fixtures written before the provider catalogue leave it out. */
  provider?: string;
  api: string;
  line: number;
  column: number;
  model: { expression: string; resolved: string | null; source: string; note?: string };
  registryTask: string | null;
  streaming: boolean;
  batch: boolean;
  cacheControl: boolean;
  cacheTtl?: string | null;
  maxTokens: number | null;
  /** Excerpts that must each appear in one prompt part (role: text). */
  prompt: string[];
  dynamicSlots: number;
  tools: string[];
  /** Signal kinds that must be present. */
  signals: string[];
  wrapper?: string;
  annotation?: { callsPerDay?: number; taskType?: string; line: number };
}

export interface Expected {
  calls: ExpectedCall[];
  /** Substrings of skipped reasons, by file. */
  skipped?: Record<string, string>;
}

function readTree(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readTree(p, root, out);
    else if (name !== 'expected.json') out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
  return out;
}

export function scanFixture(name: string): { calls: ScannedCall[]; ids: string[]; skipped: SkippedFile[] } {
  const { calls, skipped } = scanTexts(readTree(join(FIXTURES, name)));
  return { calls, ids: callSiteIds(calls), skipped };
}

export function summarize(call: ScannedCall, id: string): ExpectedCall {
  const out: ExpectedCall = {
    id,
    sdk: call.sdk,
    provider: providerOf(call),
    api: call.api,
    line: call.callee.line,
    column: call.callee.column,
    model: { expression: call.model.expression, resolved: call.model.resolved, source: call.model.source, ...(call.model.note ? { note: call.model.note } : {}) },
    registryTask: call.registryTask,
    streaming: call.streaming,
    batch: call.batch,
    cacheControl: call.cacheControl,
    cacheTtl: call.cacheTtl,
    maxTokens: call.maxTokens,
    prompt: call.prompt.filter((p) => p.text.trim()).map((p) => `${p.role}: ${p.text.trim().slice(0, 48)}`),
    dynamicSlots: call.prompt.reduce((n, p) => n + p.dynamicSlots, 0),
    tools: call.tools.map((t) => t.name),
    signals: [...new Set(call.signals.map((s) => s.kind))].sort(),
  };
  if (call.annotation) out.annotation = JSON.parse(JSON.stringify({ callsPerDay: call.annotation.callsPerDay, taskType: call.annotation.taskType, line: call.annotation.line }));
  if (call.wrapper) out.wrapper = `${call.wrapper.name} in ${call.wrapper.file} (${call.wrapper.innerSdk} ${call.wrapper.innerApi})`;
  return out;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((n) => statSync(join(FIXTURES, n)).isDirectory()).sort();
}
