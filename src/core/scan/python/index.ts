// The Python LanguageScanner: tree-sitter (WASM) parsing, per-file analysis, cross-file link.
import type { LanguageScanner } from './legacyLanguage';
import { analyzePython, emptyPythonAnalysis, type PythonAnalysis } from './analyze';
import { followUpPython, linkPython } from './link';
import { isPythonParserReady, loadPythonParser, type PythonParserOptions } from './parser';

export type { PythonAnalysis } from './analyze';
export { analyzePython } from './analyze';
export { linkPython } from './link';
export { loadPythonParser, parsePython, isPythonParserReady, findWasmDir } from './parser';

/** Cheap text test: could this Python file make an LLM call, hold a registry, or a model id / prompt constant? */
const MAY_MATTER =
  /\b(anthropic|openai|litellm|langchain\w*|instructor)\b|messages\.(create|stream|batches)|completions\.create|responses\.create|MODEL_REGISTRY|model_for|claude-|gpt-|\bo[134]-|tierwise:|DEFAULT_MODEL|\/v1\/messages|\/chat\/completions|\/v1\/responses/;

/**
 * Loads the tree-sitter runtime and the Python grammar (async, WASM). Idempotent; await it once before
 * scanning Python files (the scanner's `analyze` is synchronous). Never rejects: a failure leaves the scanner
 * answering `error: "python parser not initialised"` per file, and is returned for logging.
 */
export async function initPythonScanner(options: PythonParserOptions = {}): Promise<string | null> {
  try {
    await loadPythonParser(options);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export const pythonScanner: LanguageScanner<PythonAnalysis> = {
  language: 'python',
  extensions: ['.py', '.pyi'],
  mayMatter(text: string): boolean {
    return MAY_MATTER.test(text);
  },
  analyze(file: string, text: string): PythonAnalysis {
    if (!isPythonParserReady()) return emptyPythonAnalysis(file, 'python parser not initialised');
    return analyzePython(file, text);
  },
  followUp(analyses) {
    try {
      return followUpPython(analyses);
    } catch {
      return { names: [], files: [] };
    }
  },
  link(analyses) {
    try {
      return linkPython(analyses);
    } catch (e) {
      return { calls: [], skipped: [{ file: '(python)', reason: `python link failed: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  },
};

export function createPythonScanner(): LanguageScanner<PythonAnalysis> {
  return pythonScanner;
}
