// Temporary: every file analysed, then linked (the project with its follow-up comes next).
import type { ScannedCall, SkippedFile } from '../../types';
import type { ModuleIR } from '../ir';
import { tsFrontEnd } from '../ts/frontend';
import { TS_EXTENSIONS } from '../ts/files';
import { linkModules } from './link';
import { Resolver } from './resolve';

export function scanAllTexts(files: Readonly<Record<string, string>>): { calls: ScannedCall[]; skipped: SkippedFile[] } {
  const modules = new Map<string, ModuleIR>();
  for (const [file, text] of Object.entries(files)) {
    if (TS_EXTENSIONS.some((e) => file.endsWith(e))) modules.set(file, tsFrontEnd(file, text));
  }
  const resolver = new Resolver(new Set(Object.keys(files)));
  const out = linkModules(modules, resolver);
  return { calls: out.calls, skipped: out.skipped };
}
