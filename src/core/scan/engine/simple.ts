// The in-memory scan with every front-end loaded (tests and tools that scan texts): `await initScanEngine()` once,
// then `scanAllTexts` is synchronous.
import type { ScannedCall, SkippedFile } from '../../types';
import { loadFrontEnds } from './frontends';
import './frontendsAll';
import { scanTexts } from './scan';

/** Loads the Python grammar (WASM); never rejects: the problem is returned for logging. */
export function initScanEngine(): Promise<string | null> {
  return loadFrontEnds();
}

export function scanAllTexts(files: Readonly<Record<string, string>>, options: { includeTests?: boolean } = {}): { calls: ScannedCall[]; skipped: SkippedFile[] } {
  const r = scanTexts(files, options);
  return { calls: r.calls, skipped: r.skipped };
}
