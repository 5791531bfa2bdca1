// Shared by the engine debugging scripts: every source file under a folder parsed, and an Evaluator over them.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadFrontEnds, parseFile } from '../../src/core/scan/engine/frontends';
import '../../src/core/scan/engine/frontendsAll';
import { Evaluator } from '../../src/core/scan/engine/evaluate';
import { Resolver } from '../../src/core/scan/engine/resolve';
import { projectConfigFromTexts } from '../../src/core/scan/workspace';
import type { ModuleIR } from '../../src/core/scan/ir';

/** Every Python and TS/JS source file under a folder, by path relative to it. */
export function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(py|ts|tsx|js)$/.test(n)) files[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return files;
}

export async function loadEngine(root: string): Promise<{ ev: Evaluator; modules: Map<string, ModuleIR> }> {
  const files = readTree(root);
  await loadFrontEnds();
  const modules = new Map<string, ModuleIR>();
  for (const [f, t] of Object.entries(files)) {
    const ir = parseFile(f, t);
    if (!('skipped' in ir)) modules.set(f, ir);
  }
  return { ev: new Evaluator(modules, new Resolver(new Set(Object.keys(files)), projectConfigFromTexts(files))), modules };
}
