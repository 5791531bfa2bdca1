// Which TS/JS files are read, and as which language.

import { TS_TEST_PATH as TEST_PATH, isTestFile } from '../../testFiles';
import { COMPONENT_EXTENSIONS } from './component';

/** TS/JS files, and single-file components whose scripts are TS/JS (read as `component.ts` says). */
export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', ...COMPONENT_EXTENSIONS] as const;

export function languageOfTs(file: string): 'typescript' | 'javascript' {
  return /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript';
}

/** Test and mock files, declaration files: their calls are not the application's (unless tests are included). */
export function tsIgnoredReason(file: string, options: { includeTests?: boolean } = {}): string | null {
  if (/\.d\.[cm]?ts$/.test(file)) return 'declaration file';
  if (!options.includeTests && TEST_PATH.test(file)) return 'test or mock file';
  return null;
}

export function isTestPath(file: string): boolean {
  return isTestFile(file);
}
