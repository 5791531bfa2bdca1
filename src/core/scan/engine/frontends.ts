// The language front-ends the engine knows, by file extension. The Python front-end needs its grammar loaded
// (WASM, async) once before it can parse; `loadFrontEnds()` does that and says what failed.
import { mayMatterPattern } from '../catalogue';
import type { ModuleIR } from '../ir';
import { tsFrontEnd } from '../ts/frontend';
import { TS_EXTENSIONS } from '../ts/files';
import type { AnalyzeOptions, FrontEnd } from './project';

const TS_MAY_MATTER = mayMatterPattern('ts');

export const TS_FRONT_END: FrontEnd = {
  lang: 'ts',
  extensions: TS_EXTENSIONS,
  mayMatter: (text) => TS_MAY_MATTER.test(text),
  analyze: (file, text, options) => tsFrontEnd(file, text, options),
};

/** Other front-ends register here (Python, once its module is loaded). */
const extra: FrontEnd[] = [];

export function registerFrontEnd(fe: FrontEnd): void {
  if (!extra.some((x) => x.lang === fe.lang)) extra.push(fe);
}

export function frontEnds(): FrontEnd[] {
  return [TS_FRONT_END, ...extra];
}

let loading: Promise<string | null> | null = null;
const loaders: (() => Promise<string | null>)[] = [];

/** Registers an async loader (the Python grammar). */
export function addFrontEndLoader(load: () => Promise<string | null>): void {
  loaders.push(load);
  loading = null;
}

/** Loads every front-end that needs loading; resolves to a problem to report, or null. Never rejects. */
export function loadFrontEnds(): Promise<string | null> {
  loading ??= (async () => {
    const problems: string[] = [];
    for (const l of loaders) {
      try {
        const p = await l();
        if (p) problems.push(p);
      } catch (e) {
        problems.push(e instanceof Error ? e.message : String(e));
      }
    }
    return problems.length ? problems.join('; ') : null;
  })();
  return loading;
}

/** Parses one file with its front-end; never throws (a failure is the file's reason to be skipped). */
export function parseFile(file: string, text: string, options: AnalyzeOptions = {}): ModuleIR | { skipped: string } {
  const fe = frontEnds().find((f) => f.extensions.some((e) => file.endsWith(e)));
  if (!fe) return { skipped: 'no reader for this file type' };
  try {
    return fe.analyze(file, text, options);
  } catch (e) {
    return { skipped: `could not be read: ${e instanceof RangeError ? 'nested too deeply' : e instanceof Error ? e.message : String(e)}` };
  }
}
