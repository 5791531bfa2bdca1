// Which workspace files are tests: the scanners leave their calls out by default (a test's LLM call is not
// production traffic), and the report, the tree and the CLI say how many were left out. Pure; no editor import.
//
// The one truth of it: the front-ends (src/core/scan/ts/files.ts, src/core/scan/py/frontend.ts) read these rules, so
// the count and the scan agree.

/** Test, spec, mock and fixture paths of TypeScript and JavaScript files. */
export const TS_TEST_PATH = /(^|\/)(__mocks__|__tests__|tests?|spec|__fixtures__|e2e|cypress)\/|\.(test|spec|stories)\.[cm]?[jt]sx?$/;
/** pytest and unittest layouts of Python files. */
export const PY_TEST_PATH = /(^|\/)(tests?|testing)\/|(^|\/)test_[^/]*\.pyi?$|_test\.pyi?$|(^|\/)conftest\.py$/;

/** Python files pytest collects by their name only (`test_*.py`, `*_test.py`), outside a tests folder. */
const PY_TEST_NAME_ONLY = /(^|\/)test_[^/]*\.py$|_test\.py$/;
const PY_TEST_DIR = /(^|\/)(tests?|testing)\/|(^|\/)conftest\.py$/;
/**
 * What a Python test module holds: a test function (`test_…`, `…_test`) or class, pytest / unittest, or a `__main__`
 * block (a script named as a test, run by hand).
 */
const PY_TEST_CODE = /^[ \t]*(?:(?:async[ \t]+)?def[ \t]+(?:test|\w+_test[ \t]*\()|class[ \t]+Test|import[ \t]+(?:pytest|unittest)\b|from[ \t]+(?:pytest|unittest)\b|if[ \t]+__name__[ \t]*==)/m;

/**
 * True for a source file (path relative to the workspace folder, forward slashes) the scanners treat as a test. A
 * Python module named like a test outside a tests folder (`generator/unit_test.py`, a test generator of the app) is one
 * only when it holds a test: with `read`, its text says (null: not readable, taken for a test by its name).
 */
export function isTestFile(relPath: string, read?: (relPath: string) => string | null): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (/\.pyi?$/.test(p)) {
    if (!PY_TEST_PATH.test(p)) return false;
    if (!read || PY_TEST_DIR.test(p) || !PY_TEST_NAME_ONLY.test(p)) return true;
    const text = read(relPath);
    return text === null || PY_TEST_CODE.test(text);
  }
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

export function summarizeTestFiles(files: Iterable<string>, included: boolean, maxExamples = 5, read?: (relPath: string) => string | null): TestFileSummary {
  let count = 0;
  const examples: string[] = [];
  for (const f of files) {
    if (!isTestFile(f, read)) continue;
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
