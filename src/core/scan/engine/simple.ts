// Temporary: every file analysed, then linked (the project with its follow-up comes next).
import type { ScannedCall, SkippedFile } from '../../types';
import type { ModuleIR } from '../ir';
import { tsFrontEnd } from '../ts/frontend';
import { TS_EXTENSIONS } from '../ts/files';
import { pyFrontEnd, PY_EXTENSIONS } from '../py/frontend';
import { loadPythonParser, type PythonParserOptions } from '../python/parser';
import { linkModules } from './link';
import { Resolver } from './resolve';

/**
 * Loads what the front-ends need asynchronously (the Python grammar, WASM). Idempotent; never rejects: on failure
 * Python files are reported as not read, and the reason is returned for logging. TS/JS needs nothing.
 */
export async function initScanEngine(options: PythonParserOptions = {}): Promise<string | null> {
  try {
    await loadPythonParser(options);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function scanAllTexts(files: Readonly<Record<string, string>>, options: { includeTests?: boolean } = {}): { calls: ScannedCall[]; skipped: SkippedFile[] } {
  const modules = new Map<string, ModuleIR>();
  for (const [file, text] of Object.entries(files)) {
    if (TS_EXTENSIONS.some((e) => file.endsWith(e))) modules.set(file, tsFrontEnd(file, text, options));
    else if (PY_EXTENSIONS.some((e) => file.endsWith(e))) modules.set(file, pyFrontEnd(file, text, options));
  }
  const resolver = new Resolver(new Set(Object.keys(files)));
  const out = linkModules(modules, resolver);
  return { calls: out.calls, skipped: out.skipped };
}
