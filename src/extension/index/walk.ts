// Lists a workspace folder's source files in the worker: one directory walk with Node's fs (no search
// process, nothing on the extension host's main thread), pruning excluded folders as it goes and reading
// every .gitignore it meets. No vscode import.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ExcludeTest, isSourceFile, type ExcludeRules } from './exclude';
import { MAX_PROMPT_ASSETS, isPromptAsset } from '../../core/scan/promptFiles';

/** Never worth walking, whatever the settings say (the CLI leaves them out too). */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export interface WalkResult {
  files: string[];
  /** package.json, tsconfig.json and jsconfig.json files (import paths, monorepo packages). */
  configs: string[];
  /** Prompt-like files (`.md`, `.j2` …): read only when a prompt names them (as the CLI lists them). */
  assets: string[];
  gitignores: Array<{ dir: string; text: string }>;
  /** Folders that could not be read. */
  errors: string[];
}

export async function walkSourceFiles(root: string, rules: Omit<ExcludeRules, 'gitignores'>, shouldStop: () => boolean = () => false): Promise<WalkResult> {
  const test = new ExcludeTest({ ...rules, gitignores: [] });
  const files: string[] = [];
  const configs: string[] = [];
  const assets: string[] = [];
  const errors: string[] = [];
  const queue: string[] = [''];
  while (queue.length) {
    if (shouldStop()) break;
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await readdir(path.join(root, dir), { withFileTypes: true });
    } catch (e) {
      errors.push(`${dir || '.'}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    // The folder's own .gitignore applies to everything below it, so read it before its entries.
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        test.addGitignore(dir, await readFile(path.join(root, dir, '.gitignore'), 'utf8'));
      } catch {
        // unreadable: nothing to apply
      }
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      // Symbolic links are not followed: they loop, and point outside the folder.
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || test.excludes(rel, true)) continue;
        queue.push(rel);
      } else if (e.isFile() && isSourceFile(rel) && !test.excludes(rel)) {
        files.push(rel);
      } else if (e.isFile() && (e.name === 'package.json' || e.name === 'tsconfig.json' || e.name === 'jsconfig.json')) {
        configs.push(rel);
      } else if (e.isFile() && assets.length < MAX_PROMPT_ASSETS && isPromptAsset(rel) && !test.excludes(rel)) {
        assets.push(rel);
      }
    }
  }
  files.sort();
  configs.sort();
  assets.sort();
  return { files, configs, assets, gitignores: test.gitignores, errors };
}
