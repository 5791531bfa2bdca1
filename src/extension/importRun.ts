// The import's core, as its own bundle (dist/import-run.js, see esbuild.mjs), loaded on the first Import Usage: the
// streaming parsers and the usage file's validator must not cost every start-up. No vscode import.
export { runImport } from '../core/usage/import/run';
export { ImportError } from '../core/usage/import/stream';
export { UsageWriteError } from '../core/usage/import/write';
export { buildPriceBook, mergeTables, PRICE_TABLE } from '../core/cost/prices';
