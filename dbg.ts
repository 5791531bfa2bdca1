import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tsFrontEnd } from './src/core/scan/ts/frontend';
import { Evaluator } from './src/core/scan/engine/evaluate';
import { Resolver } from './src/core/scan/engine/resolve';
function readTree(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) { const p = join(dir, name); if (statSync(p).isDirectory()) readTree(p, root, out); else if (name !== 'expected.json') out[relative(root, p)] = readFileSync(p, 'utf8'); }
  return out;
}
const files = readTree(process.argv[2]);
const mods = new Map<string, any>();
for (const [f, t] of Object.entries(files)) if (f.endsWith('.ts')) mods.set(f, tsFrontEnd(f, t));
const ev = new Evaluator(mods, new Resolver(new Set(Object.keys(files))));
const want = process.argv[3];
for (const m of mods.values()) for (const c of m.calls) {
  const txt = m.text.slice(c.f.p[0], c.f.p[1]);
  if (want && !txt.includes(want)) continue;
  const v = ev.eval(ev.abstractCtx(m, c.fn), c.f);
  console.log(m.file, c.fn, txt, '→', JSON.stringify(v, (k, x) => (k === 'src' || k === 'env' || k === 'via' || k === 'use' || k==='self' ? undefined : x instanceof Map ? Object.fromEntries(x) : x)).slice(0, 250));
}
