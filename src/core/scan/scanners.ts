import type { BaseAnalysis, LanguageScanner } from './language';
import { TypeScriptScanner } from './typescript/index';
import { pythonScanner } from './python/index';

export interface ScannerOptions {
  /**
   * Keep each file's last analysis to reuse when an edit leaves the code that matters unchanged (the editor's
   * worker: one file re-analysed per keystroke). Off for one-shot scans: it only costs memory there.
   */
  reuse?: boolean;
}

/** Every language scanner, dispatched by file extension. Other languages add theirs here. */
export function defaultScanners(options: ScannerOptions = {}): LanguageScanner<BaseAnalysis>[] {
  return [new TypeScriptScanner({ reuse: options.reuse }) as unknown as LanguageScanner<BaseAnalysis>, pythonScanner as unknown as LanguageScanner<BaseAnalysis>];
}

/** The scanner for a file name, by its longest matching extension. */
export function scannerFor(file: string, scanners: readonly LanguageScanner<BaseAnalysis>[]): LanguageScanner<BaseAnalysis> | null {
  let best: LanguageScanner<BaseAnalysis> | null = null;
  let bestLen = 0;
  for (const s of scanners) {
    for (const ext of s.extensions) {
      if (ext.length > bestLen && file.endsWith(ext)) {
        best = s;
        bestLen = ext.length;
      }
    }
  }
  return best;
}
