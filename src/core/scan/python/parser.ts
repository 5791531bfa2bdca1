// Loads the Python grammar for tree-sitter once (async: WASM), then parses synchronously.
//
// We use the runtime that ships with @vscode/tree-sitter-wasm (wasm/tree-sitter.js + tree-sitter.wasm),
// not web-tree-sitter's own: the grammar in that package is built with the same tree-sitter CLI as that
// runtime (ABI 15), so the pair always matches. VS Code itself uses the same package.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as TreeSitter from '@vscode/tree-sitter-wasm';

export type PyTree = TreeSitter.Tree;
export type PyNode = TreeSitter.Node;

const RUNTIME = 'tree-sitter.wasm';
const GRAMMAR = 'tree-sitter-python.wasm';

export interface PythonParserOptions {
  /** Folder holding tree-sitter.wasm and tree-sitter-python.wasm (default: searched, see `findWasmDir`). */
  wasmDir?: string;
}

let parser: TreeSitter.Parser | null = null;
let loading: Promise<TreeSitter.Parser> | null = null;
let loadError: string | null = null;

/**
 * Where the .wasm files are: next to the bundle (dist/extension.js, dist/cli.js: esbuild copies them there),
 * else in node_modules/@vscode/tree-sitter-wasm/wasm above this file or the working directory (running from source).
 */
export function findWasmDir(extra: readonly string[] = []): string | null {
  const candidates: string[] = [...extra];
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  candidates.push(here);
  for (const start of [here, process.cwd()]) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      candidates.push(path.join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm'));
      candidates.push(path.join(dir, 'dist'));
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  for (const c of candidates) {
    if (existsSync(path.join(c, GRAMMAR)) && existsSync(path.join(c, RUNTIME))) return c;
  }
  return null;
}

/** Idempotent: the first call starts loading, later calls share the same promise. Rejects with a readable message. */
export function loadPythonParser(options: PythonParserOptions = {}): Promise<TreeSitter.Parser> {
  if (parser) return Promise.resolve(parser);
  if (!loading) {
    loading = (async () => {
      const dir = options.wasmDir ?? findWasmDir();
      if (!dir) throw new Error(`python parser: ${GRAMMAR} not found (expected next to the bundle or in node_modules/@vscode/tree-sitter-wasm/wasm)`);
      const runtimeBinary = readFileSync(path.join(dir, RUNTIME));
      // wasmBinary: no fetch / file-URL guessing inside the emscripten loader (works the same in the CLI and the extension host).
      const init = TreeSitter.Parser.init as (o: object) => Promise<void>;
      await init({ locateFile: (file: string) => path.join(dir, file), wasmBinary: runtimeBinary });
      const language = await TreeSitter.Language.load(readFileSync(path.join(dir, GRAMMAR)));
      const p = new TreeSitter.Parser();
      p.setLanguage(language);
      parser = p;
      return p;
    })();
    loading.catch((e: unknown) => {
      loadError = e instanceof Error ? e.message : String(e);
      loading = null; // a later call may retry (for example with an explicit wasmDir)
    });
  }
  return loading;
}

export function isPythonParserReady(): boolean {
  return parser !== null;
}

/** Why the last load failed, if it did. */
export function pythonParserLoadError(): string | null {
  return loadError;
}

/** Synchronous parse after `loadPythonParser()` resolved; null before that (or if tree-sitter gave up). Call `tree.delete()` when done. */
export function parsePython(text: string): PyTree | null {
  if (!parser) return null;
  parser.reset();
  return parser.parse(text);
}
