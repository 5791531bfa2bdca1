// Measures (and with --fit, re-fits) the token estimate against @anthropic-ai/tokenizer on the token corpus.
//   node --import tsx test/bench/tokens.bench.ts [--fit] [--verbose] [--unseen]
// --unseen also measures it on source files it was never fitted on (every 13th small file under node_modules).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getTokenizer } from '@anthropic-ai/tokenizer';
import { estimateLegacyTokens, LEGACY_WEIGHTS, type TokenWeights } from '../../src/core/cost/tokens';

const dir = join(__dirname, '..', 'fixtures', 'usage', 'token-corpus');

// countTokens() rebuilds the BPE tables on every call; one tokenizer for the whole run is much faster.
const tokenizer = getTokenizer();
const countTokens = (text: string): number => tokenizer.encode(text.normalize('NFKC'), 'all').length;

export interface Sample {
  name: string;
  text: string;
  reference: number;
}

export function loadCorpus(): Sample[] {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, reference: countTokens(text) };
    });
}

export function errors(samples: Sample[], w: TokenWeights = LEGACY_WEIGHTS): { mean: number; max: number; bias: number; worst: string } {
  let sum = 0;
  let max = 0;
  let bias = 0;
  let worst = '';
  for (const s of samples) {
    const rel = (Math.round(estimateLegacyTokens(s.text, w)) - s.reference) / s.reference;
    sum += Math.abs(rel);
    bias += rel;
    if (Math.abs(rel) > max) {
      max = Math.abs(rel);
      worst = s.name;
    }
  }
  return { mean: sum / samples.length, max, bias: bias / samples.length, worst };
}

/** Every 13th file of 2-40 KB, up to three levels under node_modules, as the earlier `find | sort | awk` picked them. */
function unseenFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const full = `${dir}/${name}`;
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (depth < 3) walk(full, depth + 1);
      } else if (depth <= 3 && /(README\.md|\.d\.ts|\.json|\.js|\.py|\.yml)$/.test(name) && st.size > 2048 && st.size < 40960) found.push(full);
    }
  };
  walk(root, 1);
  return found
    .sort()
    .filter((_f, i) => (i + 1) % 13 === 0)
    .slice(0, 200);
}

function fit(samples: Sample[], start: TokenWeights): TokenWeights {
  const loss = (w: TokenWeights): number => {
    const e = errors(samples, w);
    return e.mean + 0.25 * e.max;
  };
  let best = { ...start };
  let bestLoss = loss(best);
  const keys = (Object.keys(best) as (keyof TokenWeights)[]).filter((k) => k !== 'digitsPerToken');
  for (let round = 0; round < 6; round++) {
    for (const key of keys) {
      for (const step of [0.5, 0.2, 0.1, 0.05, -0.05, -0.1, -0.2, -0.5, 1, -1]) {
        const trial = { ...best, [key]: Math.max(0, Math.round((best[key] + step) * 100) / 100) };
        const l = loss(trial);
        if (l < bestLoss - 1e-9) {
          best = trial;
          bestLoss = l;
        }
      }
    }
  }
  return best;
}

if (require.main === module) {
  const samples = loadCorpus();
  const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;
  const now = errors(samples);
  console.log(`corpus: ${samples.length} samples, ${samples.reduce((a, s) => a + s.reference, 0)} reference tokens`);
  console.log(`current weights: mean |error| ${pct(now.mean)}, max ${pct(now.max)} (${now.worst}), bias ${pct(now.bias)}`);
  const chars = samples.map((s) => ({ ...s }));
  const c4 = chars.reduce((a, s) => a + Math.abs(Math.round(s.text.length / 4) - s.reference) / s.reference, 0) / samples.length;
  console.log(`baseline chars/4: mean |error| ${pct(c4)}`);
  if (process.argv.includes('--fit')) {
    const even = samples.filter((_s, i) => i % 2 === 0);
    const odd = samples.filter((_s, i) => i % 2 === 1);
    const wEven = fit(even, LEGACY_WEIGHTS);
    const wOdd = fit(odd, LEGACY_WEIGHTS);
    const cvEven = errors(odd, wEven);
    const cvOdd = errors(even, wOdd);
    console.log(`2-fold held-out (fit on half, measure on the other half): mean ${pct((cvEven.mean + cvOdd.mean) / 2)}, max ${pct(Math.max(cvEven.max, cvOdd.max))} (${cvEven.max > cvOdd.max ? cvEven.worst : cvOdd.worst})`);
    const all = fit(samples, LEGACY_WEIGHTS);
    const e = errors(samples, all);
    console.log(`fitted on all: mean ${pct(e.mean)}, max ${pct(e.max)} (${e.worst}), bias ${pct(e.bias)}`);
    console.log(JSON.stringify(all, null, 2));
  }
  if (process.argv.includes('--unseen')) {
    const unseen = unseenFiles('node_modules')
      .map((f) => ({ name: f, text: readFileSync(f, 'utf8').slice(0, 8000) }))
      .map((s) => ({ ...s, reference: countTokens(s.text) }))
      .filter((s) => s.reference >= 50);
    const e = errors(unseen);
    console.log(`unseen: ${unseen.length} files under node_modules: mean |error| ${pct(e.mean)}, max ${pct(e.max)} (${e.worst}), bias ${pct(e.bias)}`);
  }
  if (process.argv.includes('--verbose')) {
    for (const s of samples) {
      const est = Math.round(estimateLegacyTokens(s.text));
      console.log(s.name.padEnd(34), s.reference, est, pct((est - s.reference) / s.reference));
    }
  }
  const byKind = new Map<string, Sample[]>();
  for (const s of samples) byKind.set(s.name.split('-')[0], [...(byKind.get(s.name.split('-')[0]) ?? []), s]);
  for (const [kind, group] of byKind) {
    const e = errors(group);
    console.log(`  ${kind.padEnd(7)} ${String(group.length).padStart(2)} samples: mean ${pct(e.mean)}, max ${pct(e.max)}, bias ${pct(e.bias)}`);
  }
}
