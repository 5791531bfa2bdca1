// Runs the real scanner over test/eval/cases, infers every call site, and compares with the human
// labels in labels.json. Used by `npm run eval` (run.ts) and by the unit test that guards accuracy.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scanTexts } from '../../src/core/scan/project';
import { frontEnds, loadFrontEnds } from '../../src/core/scan/engine/frontends';
import '../../src/core/scan/engine/frontendsAll';
import { inferTaskType } from '../../src/core/infer/index';
import type { Inference, ScannedCall, Tier } from '../../src/core/types';
import { TASK_TYPES } from '../../src/core/types';

export const CASES_DIR = join(__dirname, 'cases');
const LABELS = join(__dirname, 'labels.json');

interface Label {
  line: number;
  task: string;
  tier?: Tier;
}
interface LabelFile {
  files: Record<string, { split: 'tune' | 'holdout'; calls: Label[] }>;
}

export interface Row {
  file: string;
  line: number;
  split: 'tune' | 'holdout';
  language: 'ts' | 'py';
  expected: string;
  expectedTier: Tier | null;
  /** null when the scanner did not report a call at that line. */
  call: ScannedCall | null;
  inference: Inference | null;
}

export interface EvalResult {
  rows: Row[];
  /** Scanned calls with no label (should be wrapper-inner calls or scanner false positives). */
  unlabeled: ScannedCall[];
  pythonScanned: boolean;
  scanner: string;
  elapsedMs: { scan: number; infer: number };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

type ScanFn = (files: Record<string, string>) => Promise<{ calls: ScannedCall[]; name: string; python: boolean }>;

/** The real scanner: `scanWorkspace` when it exists, else the in-memory `scanTexts` over the same files. */
async function loadScanner(): Promise<ScanFn> {
  await loadFrontEnds();
  const python = frontEnds().some((s) => s.lang === 'py');
  const workspacePath = join(__dirname, '../../src/core/scan/workspace.ts');
  if (existsSync(workspacePath)) {
    // Imported by URL: the module is written in parallel and may not exist in every checkout.
    const ws = (await import(pathToFileURL(workspacePath).href)) as {
      scanWorkspace?: (root: string, paths?: string[], options?: object) => Promise<{ calls: ScannedCall[] }> | { calls: ScannedCall[] };
    };
    if (typeof ws.scanWorkspace === 'function') {
      const scanWorkspace = ws.scanWorkspace;
      return async () => ({ calls: (await scanWorkspace(CASES_DIR, undefined, {})).calls, name: 'scanWorkspace', python });
    }
  }
  return async (files) => ({ calls: scanTexts(files).calls, name: 'scanTexts', python });
}

export async function runEval(): Promise<EvalResult> {
  const labels = JSON.parse(readFileSync(LABELS, 'utf8')) as LabelFile;
  const files: Record<string, string> = {};
  for (const p of walk(CASES_DIR)) files[relative(CASES_DIR, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  const scan = await loadScanner();
  const t0 = performance.now();
  const scanned = await scan(files);
  const t1 = performance.now();

  const byFileLine = new Map<string, ScannedCall>();
  for (const c of scanned.calls) byFileLine.set(`${c.file}:${c.callee.line}`, c);
  const used = new Set<ScannedCall>();
  const rows: Row[] = [];
  const innerKeys = new Set<string>();
  let inferMs = 0;
  for (const [file, entry] of Object.entries(labels.files)) {
    const language = file.endsWith('.py') ? 'py' : 'ts';
    if (language === 'py' && !scanned.python) continue;
    for (const label of entry.calls) {
      if (label.task === 'wrapper-inner') {
        innerKeys.add(`${file}:${label.line}`);
        continue;
      }
      let call = byFileLine.get(`${file}:${label.line}`) ?? null;
      // A multi-line callee (`await anthropic\n  .messages.create`) starts a line or two away.
      for (let d = 1; !call && d <= 2; d++) call = byFileLine.get(`${file}:${label.line + d}`) ?? byFileLine.get(`${file}:${label.line - d}`) ?? null;
      if (call) used.add(call);
      const s = performance.now();
      const inference = call ? inferTaskType(call) : null;
      inferMs += performance.now() - s;
      rows.push({ file, line: label.line, split: entry.split, language, expected: label.task, expectedTier: label.tier ?? null, call, inference });
    }
  }
  const unlabeled = scanned.calls.filter((c) => !used.has(c) && !innerKeys.has(`${c.file}:${c.callee.line}`) && (c.file.endsWith('.py') ? scanned.python : true));
  return { rows, unlabeled, pythonScanned: scanned.python, scanner: scanned.name, elapsedMs: { scan: t1 - t0, infer: inferMs } };
}

export interface Metrics {
  total: number;
  found: number;
  correct: number;
  /** Correct over all labeled calls (a call the scanner missed counts as wrong). */
  accuracy: number;
  /** Correct over the calls the scanner found (the inference's own figure). */
  inferenceAccuracy: number;
  tierAgree: number;
  tierTotal: number;
  perType: Record<string, { tp: number; fp: number; fn: number; precision: number; recall: number }>;
  confusion: Record<string, Record<string, number>>;
}

export function metrics(rows: readonly Row[]): Metrics {
  const types = [...TASK_TYPES] as string[];
  for (const r of rows) if (!types.includes(r.expected)) types.push(r.expected);
  const perType: Metrics['perType'] = {};
  const confusion: Metrics['confusion'] = {};
  for (const t of types) {
    perType[t] = { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 };
    confusion[t] = {};
  }
  let correct = 0;
  let found = 0;
  let tierAgree = 0;
  let tierTotal = 0;
  for (const r of rows) {
    const got = r.inference ? r.inference.taskType : '(not scanned)';
    if (r.inference) found++;
    confusion[r.expected][got] = (confusion[r.expected][got] ?? 0) + 1;
    if (got === r.expected) {
      correct++;
      perType[r.expected].tp++;
    } else {
      perType[r.expected].fn++;
      if (perType[got]) perType[got].fp++;
    }
    if (r.inference && r.expectedTier) {
      tierTotal++;
      if (r.inference.recommendedTier === r.expectedTier) tierAgree++;
    }
  }
  for (const t of types) {
    const p = perType[t];
    p.precision = p.tp + p.fp ? p.tp / (p.tp + p.fp) : NaN;
    p.recall = p.tp + p.fn ? p.tp / (p.tp + p.fn) : NaN;
  }
  return {
    total: rows.length,
    found,
    correct,
    accuracy: rows.length ? correct / rows.length : 0,
    inferenceAccuracy: found ? correct / found : 0,
    tierAgree,
    tierTotal,
    perType,
    confusion,
  };
}

/** The routing guide's two figures: Haiku-labelled jobs still recommended Haiku, and Sonnet-labelled jobs recommended Haiku. */
export function haikuFigures(rows: readonly Row[]): { haikuLabelled: number; haikuKept: number; sonnetLabelled: number; sonnetToHaiku: Row[] } {
  const haiku = rows.filter((r) => r.expectedTier === 'haiku');
  const sonnet = rows.filter((r) => r.expectedTier === 'sonnet');
  return {
    haikuLabelled: haiku.length,
    haikuKept: haiku.filter((r) => r.inference?.recommendedTier === 'haiku').length,
    sonnetLabelled: sonnet.length,
    sonnetToHaiku: sonnet.filter((r) => r.inference?.recommendedTier === 'haiku'),
  };
}
