// One-off authoring helper: turns `// EVAL: <task> <tier>` marker lines in the case files into
// entries of labels.json (file + line of the call that follows), then removes the markers so the
// cases carry no label text a scanner could read. Files without markers keep their existing labels.
// The held-out split is fixed here, by a hash of the file path, before any tuning.
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const CASES = join(__dirname, 'cases');
const LABELS = join(__dirname, 'labels.json');
const MARKER = /^\s*(?:\/\/|#)\s*EVAL:\s*(\S+)(?:\s+(haiku|sonnet))?\s*$/;

interface Label {
  line: number;
  task: string;
  tier?: 'haiku' | 'sonnet';
}
interface LabelFile {
  description: string;
  files: Record<string, { split: 'tune' | 'holdout'; calls: Label[] }>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const existing: LabelFile = (() => {
  try {
    return JSON.parse(readFileSync(LABELS, 'utf8')) as LabelFile;
  } catch {
    return { description: '', files: {} };
  }
})();

for (const path of walk(CASES).sort()) {
  const rel = relative(CASES, path).split('\\').join('/');
  const lines = readFileSync(path, 'utf8').split('\n');
  if (!lines.some((l) => MARKER.test(l))) continue;
  const kept: string[] = [];
  const calls: Label[] = [];
  for (const line of lines) {
    const m = MARKER.exec(line);
    if (m) {
      calls.push({ line: kept.length + 1, task: m[1], ...(m[2] ? { tier: m[2] as 'haiku' | 'sonnet' } : {}) });
    } else {
      kept.push(line);
    }
  }
  writeFileSync(path, kept.join('\n'));
  existing.files[rel] = { split: fnv1a(rel) % 100 < 30 ? 'holdout' : 'tune', calls };
}

existing.description =
  'Human labels of the evaluation call sites: file (relative to test/eval/cases) → calls by the 1-based line where the callee starts. ' +
  'task "wrapper-inner" marks the SDK call inside a wrapper whose callers are the labeled call sites. ' +
  'split "holdout" files are never looked at while tuning.';
const sorted = Object.fromEntries(Object.entries(existing.files).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(LABELS, JSON.stringify({ description: existing.description, files: sorted }, null, 2) + '\n');
