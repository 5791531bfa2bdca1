// Builds what the runs load: the production extension bundle packaged as a .vsix (the exact
// artifact users install), and the API suites bundled into one module for the extension host.
import { existsSync, mkdirSync, readdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BUILD, E2E, ROOT, VSIX } from './paths';
import { run } from './proc';

export async function installTools(): Promise<void> {
  await run('bash', [path.join(ROOT, 'scripts', 'e2e', 'install.sh')], { cwd: ROOT });
}

/** `node esbuild.mjs --production` + `vsce package`; returns the .vsix path (a copy private to the harness). */
export async function buildVsix(log: (s: string) => void): Promise<string> {
  const t0 = Date.now();
  await run(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, quiet: true });
  await run(path.join(ROOT, 'node_modules', '.bin', 'vsce'), [
    'package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
    // Relative links in README.md need a base URL when the repository is not on GitHub/GitLab.
    '--baseContentUrl', 'https://example.invalid/tierwise/blob/main', '--baseImagesUrl', 'https://example.invalid/tierwise/raw/main',
    '-o', VSIX,
  ], { cwd: ROOT, quiet: true });
  mkdirSync(BUILD, { recursive: true });
  // A private copy: another `npm run package` in the checkout must not change the file mid-run.
  const copy = path.join(BUILD, `tierwise-${process.pid}.vsix`);
  copyFileSync(VSIX, copy);
  log(`built and packaged tierwise.vsix in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return copy;
}

export function apiTestFiles(grepFile?: RegExp): string[] {
  const dir = path.join(E2E, 'api');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && (!grepFile || grepFile.test(f)))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Bundles runner + all API test files into one CommonJS module exporting run(); returns its path. */
export async function buildApiSuite(files: string[]): Promise<string> {
  const out = path.join(BUILD, `api-${process.pid}`, 'index.js');
  const contents = [
    `import { runAll } from './runner';`,
    ...files.map((f) => `import ${JSON.stringify('./' + path.basename(f, '.ts'))};`),
    `export function run(): Promise<void> { return runAll(); }`,
  ].join('\n');
  await esbuild.build({
    stdin: { contents, resolveDir: path.join(E2E, 'api'), sourcefile: 'e2e-api-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    outfile: out,
    logLevel: 'warning',
  });
  if (!existsSync(out)) throw new Error(`esbuild wrote no ${out}`);
  return out;
}
