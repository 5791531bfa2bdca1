// Drives the scanner over the inputs of scanFuzz.ts: robustness inputs (does anything throw, how long does one
// input take, what is skipped and why) and recall trials (calls kept when an unrelated statement is broken). Used by
// the bounded fuzz test in the suite (test/unit/scan-fuzz.test.ts) and by the long run (test/fuzz/run.ts).
//
// Parsing goes through a function given by the caller: in place (the suite: small inputs), or the parse pool with
// its per-file time budget (the long run: what the CLI and the editor do). Files that were not mutated are parsed
// once per run (their IR is cached by text), so an input costs the parse of its mutated file and the link.
import { createHash } from 'node:crypto';
import { frontEnds, parseFile } from '../../src/core/scan/engine/frontends';
import '../../src/core/scan/engine/frontendsAll';
import { Project, type ParseAnswer, type ParseRequest } from '../../src/core/scan/engine/project';
import { projectConfigFromTexts } from '../../src/core/scan/workspace';
import { keptCalls, outcomeOf, type ScanOutcome } from './scanFuzz';

export type Parse = (batch: ParseRequest[]) => Promise<ParseAnswer[]> | ParseAnswer[];

export const parseInPlace: Parse = (batch) => batch.map((r) => parseFile(r.file, r.text, r.options));

export interface Timed {
  outcome: ScanOutcome;
  /** Wall time of the whole scan of the input (parse and link), ms. */
  ms: number;
  /** The longest parse of one file in it, ms (null when every file came from the cache). */
  parseMs: number | null;
}

/** A scanner over texts held in memory, with an IR cache shared by every input of a run. */
export class FuzzScanner {
  private readonly cache = new Map<string, ParseAnswer>();
  private readonly order: string[] = [];

  constructor(
    private readonly parse: Parse,
    private readonly cacheSize = 4000,
  ) {}

  async scan(files: Readonly<Record<string, string>>): Promise<Timed> {
    const t0 = performance.now();
    const project = new Project(frontEnds(), {});
    project.setConfig(projectConfigFromTexts(files));
    for (const [file, text] of Object.entries(files)) project.setFile(file, text);
    const gen = project.compute((f) => files[f] ?? null);
    let parseMs: number | null = null;
    let step = gen.next();
    while (!step.done) {
      const batch = step.value;
      const answers: (ParseAnswer | undefined)[] = batch.map((r) => this.cache.get(keyOf(r)));
      const todo = batch.filter((_r, i) => !answers[i]);
      for (const r of todo) {
        // One at a time, so that the time of each file is known.
        const t = performance.now();
        const [a] = await this.parse([r]);
        const ms = performance.now() - t;
        parseMs = Math.max(parseMs ?? 0, ms);
        answers[batch.indexOf(r)] = a;
        this.remember(keyOf(r), a);
      }
      step = gen.next(answers as ParseAnswer[]);
    }
    return { outcome: outcomeOf(step.value), ms: performance.now() - t0, parseMs };
  }

  private remember(key: string, a: ParseAnswer): void {
    if (this.cache.has(key)) return;
    this.cache.set(key, a);
    this.order.push(key);
    if (this.order.length > this.cacheSize) this.cache.delete(this.order.shift()!);
  }
}

function keyOf(r: ParseRequest): string {
  return `${r.file}\0${createHash('sha1').update(r.text).digest('base64')}\0${r.options.includeTests ? 1 : 0}`;
}

export { keptCalls };
