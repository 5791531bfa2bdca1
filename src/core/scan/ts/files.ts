// Which TS/JS files are read, and as which language.

export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

const TEST_PATH = /(^|\/)(__mocks__|__tests__|tests?|spec|__fixtures__|e2e|cypress)\/|\.(test|spec|stories)\.[cm]?[jt]sx?$/;

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
  return TEST_PATH.test(file) || /(^|\/)(tests?|testing)\/|(^|\/)test_[^/]*\.pyi?$|_test\.pyi?$|(^|\/)conftest\.py$/.test(file);
}
