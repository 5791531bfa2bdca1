// Builds the extension (node/cjs, `vscode` external), the CLI and the webview (browser/esm).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync, readFileSync, rmSync } from 'node:fs';

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const cliOnly = args.has('--cli-only');
const watch = args.has('--watch');

const common = {
  bundle: true,
  // jsonc-parser's default (UMD) build loads its parts with a require() esbuild cannot follow: bundle its ES modules.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow: bundle its ES module build.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

// The TypeScript compiler (~3.5 MB minified), the typescript-estree parser on top of it and the Anthropic SDK are bundles of
// their own that the extension, the index worker and the CLI share and load on first parse, never at
// start-up, instead of each bundle carrying its own copy.
const SHARED = {
  typescript: './typescript.js',
  'typescript/lib/tsserverlibrary': './typescript.js', // the same compiler, re-exported (typescript-estree's project service)
  '@typescript-eslint/typescript-estree': './ts-parser.js',
  // Its converter of TypeScript's tree (broken code is read from it): the same bundle (src/core/scan/ts/estreeShared.ts).
  '@typescript-eslint/typescript-estree/use-at-your-own-risk': './ts-parser.js',
  // The Anthropic SDK is only needed once a comparison runs (the panel module is imported lazily).
  '@anthropic-ai/sdk': './anthropic-sdk.js',
  // The price database for models of other providers (~0.5 MB of data): loaded on the first model our table does not know.
  '@pydantic/genai-prices': './genai-prices.js',
  // The Python parser's runtime (emscripten): the one module that calls `import()`. The CLI's main bundle, compiled
  // from V8's cached data (src/cli/boot.ts), must have none: on Node < 22 such a script cannot import.
  '@vscode/tree-sitter-wasm': './tree-sitter.js',
};
/** @type {esbuild.Plugin} */
const sharedParser = {
  name: 'shared-parser',
  setup(build) {
    build.onResolve({ filter: /^(typescript|typescript\/lib\/tsserverlibrary|@typescript-eslint\/typescript-estree(\/use-at-your-own-risk)?|@anthropic-ai\/sdk|@pydantic\/genai-prices|@vscode\/tree-sitter-wasm)$/ }, (a) =>
      a.kind === 'entry-point' || (a.path.startsWith('@typescript-eslint/') && a.importer.endsWith('estreeShared.ts')) ? undefined : { path: SHARED[a.path], external: true },
    );
  },
};

// Extension modules loaded on first use from a file of their own (dist/<name>.js), so that start-up does not pay for
// them: the hover's per-model cost detail brings the usage file's schema validator (ajv, ~130 KB).
// Loaded on first use: the hover's cost detail, the Claude judge's session (commands, consent, Accept), the usage import.
const LAZY = { './tierDetail.js': './tier-detail.js', './judgeSession.js': './judge.js', './importRun.js': './import-run.js' };
/** @type {esbuild.Plugin} */
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\/(tierDetail|judgeSession|importRun)\.js$/ }, (a) => (a.kind === 'entry-point' ? undefined : { path: LAZY[a.path], external: true }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { typescript: 'typescript', 'ts-parser': 'src/core/scan/ts/estreeShared.ts', 'anthropic-sdk': '@anthropic-ai/sdk', 'genai-prices': '@pydantic/genai-prices', 'tree-sitter': '@vscode/tree-sitter-wasm' },
    plugins: [sharedParser],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: false,
  },
  {
    ...common,
    plugins: [sharedParser],
    // The parse worker (worker_threads): the CLI and the editor's index read files there, with a time budget per file.
    // dist/cli.js is a small entry that starts a scan's parse worker, then loads the CLI (dist/cli-main.js).
    entryPoints: { cli: 'src/cli/boot.ts', 'cli-main': 'src/cli/main.ts', parseWorker: 'src/core/scan/engine/parseWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    define: { TIERWISE_VERSION: JSON.stringify(version) },
  },
];
if (!cliOnly) {
  builds.push(
    {
      ...common,
      // The index worker (worker_threads) is its own file: parsing runs there, off the extension host's main thread.
      entryPoints: { extension: 'src/extension/extension.ts', indexWorker: 'src/extension/index/worker.ts', 'tier-detail': 'src/extension/tierDetail.ts', judge: 'src/extension/judge/judgeSession.ts', 'import-run': 'src/extension/importRun.ts' },
      outdir: 'dist',
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      external: ['vscode'],
      plugins: [sharedParser, lazyModules],
    },
  );
  if (existsSync('src/webview/main.ts')) {
    builds.push({
      ...common,
      // The compare panel's and the Verification panel's browser code, each its own file.
      entryPoints: { webview: 'src/webview/main.ts', ...(existsSync('src/webview/verify.ts') ? { verifyWebview: 'src/webview/verify.ts' } : {}) },
      outdir: 'dist',
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
    });
  }
}

function copyAssets() {
  // Runtime assets the bundles load from disk (tree-sitter WASM for Python, codicons for the webview).
  mkdirSync('dist', { recursive: true });
  const wasm = 'node_modules/@vscode/tree-sitter-wasm/wasm';
  if (existsSync(wasm)) {
    for (const f of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) cpSync(`${wasm}/${f}`, `dist/${f}`);
  }
  const codicons = 'node_modules/@vscode/codicons/dist';
  if (!cliOnly && existsSync(codicons)) {
    for (const f of ['codicon.css', 'codicon.ttf']) cpSync(`${codicons}/${f}`, `dist/${f}`);
  }
}

// A production build starts from an empty dist/: stale source maps must not end up in the .vsix.
if (production) rmSync('dist', { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  // The CLI's bundle is compiled from V8's cached data (src/cli/boot.ts); on Node < 22 such a script cannot `import()`.
  const cliMain = readFileSync('dist/cli-main.js', 'utf8');
  const at = cliMain.search(/\bimport\s*\(\s*["'`]/);
  if (at >= 0) {
    console.error(`dist/cli-main.js calls import() (${cliMain.slice(at, at + 60)}…): load that module with require() or from a shared bundle (SHARED)`);
    process.exit(1);
  }
}
