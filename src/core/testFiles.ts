// Which workspace files are tests: the scanners leave their calls out by default (a test's LLM call is not
// production traffic), and the report, the tree and the CLI say how many were left out. Pure; no editor import.
//
// The one truth of it: the front-ends (src/core/scan/ts/files.ts, src/core/scan/py/frontend.ts) read these rules, so
// the count and the scan agree.

/** Test, spec, mock and fixture paths of TypeScript and JavaScript files. */
export const TS_TEST_PATH = /(^|\/)(__mocks__|__tests__|tests?|spec|__fixtures__|e2e|cypress)\/|\.(test|spec|stories)\.[cm]?[jt]sx?$/;
/** pytest and unittest layouts of Python files. */
export const PY_TEST_PATH = /(^|\/)(tests?|testing)\/|(^|\/)test_[^/]*\.pyi?$|_test\.pyi?$|(^|\/)conftest\.py$/;

/** True for a source file (path relative to the workspace folder, forward slashes) the scanners treat as a test. */
export function isTestFile(relPath: string): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (/\.pyi?$/.test(p)) return PY_TEST_PATH.test(p);
  if (/\.d\.[cm]?ts$/.test(p)) return false;
  if (/\.[cm]?[jt]sx?$/.test(p)) return TS_TEST_PATH.test(p);
  return false;
}

/** What the views say about test files: how many there are and whether they are scanned. */
export interface TestFileSummary {
  /** Test files found among the workspace's source files (after the excludes). */
  count: number;
  /** `tierwise.scanTests` / `--include-tests`. */
  included: boolean;
  /** A few of them, for a tooltip. */
  examples: string[];
}

export function summarizeTestFiles(files: Iterable<string>, included: boolean, maxExamples = 5): TestFileSummary {
  let count = 0;
  const examples: string[] = [];
  for (const f of files) {
    if (!isTestFile(f)) continue;
    count++;
    if (examples.length < maxExamples) examples.push(f);
  }
  return { count, included, examples };
}

/** "9 test files not scanned", or null when there is nothing to say. */
export function testFilesNote(summary: TestFileSummary | null): string | null {
  if (!summary || summary.count === 0) return null;
  const n = `${summary.count} test file${summary.count === 1 ? '' : 's'}`;
  return summary.included ? `${n} scanned (tierwise.scanTests)` : `${n} not scanned`;
}
