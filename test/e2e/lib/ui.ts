// Registry for UI tests (test/e2e/ui/*.ui.ts). They run in the harness process (Node + tsx) and
// drive Chromium. Each file gets its own fresh code-server, workspace copy and browser; the tests
// of one file share that page, in order.
import type { Page } from 'playwright-core';
import type { Workbench } from './workbench';

export interface UiContext {
  page: Page;
  wb: Workbench;
  /** Absolute path of this file's workspace copy (read files on disk here after a quick fix). */
  workspace: string;
  /** Every workspace folder's copy, the main one (`workspace`) first; see `extraFolders`. */
  folders: string[];
  /** code-server's base URL (http://127.0.0.1:PORT). */
  serverUrl: string;
  fakeAnthropicUrl?: string;
  /** Saves test-results/e2e/<file>--<name>.png. */
  screenshot(name: string): Promise<string>;
  log(line: string): void;
}

export type UiTestFn = (ctx: UiContext) => Promise<unknown>;
export interface UiTest { name: string; fn: UiTestFn; timeoutMs: number }

export interface UiFileOptions {
  /** Extra user settings for this file's code-server (merged over test/e2e/settings.json). */
  settings?: Record<string, unknown>;
  /** Needs the fake Anthropic server (the harness starts it if it exists, else the tests fail clearly). */
  needsFakeAnthropic?: boolean;
  /** false: the extension host gets no ANTHROPIC_API_KEY (SecretStorage starts empty too), as for a new user. */
  apiKeyInEnv?: boolean;
  /** Open the workspace untrusted (Restricted Mode) instead of with workspace trust disabled. */
  untrusted?: boolean;
  /** The folder whose copy the window opens (default: test/e2e/workspace), e.g. examples/ or test/e2e/workspace-desk. */
  workspace?: string;
  /** More folders, copied into the run and opened with the fixture workspace as one multi-root workspace. */
  extraFolders?: Array<{ name: string; from: string }>;
}

export const registered: { tests: UiTest[]; options: UiFileOptions } = { tests: [], options: {} };

export class Skip extends Error {}

/** Ends the current test as skipped (counted neither passed nor failed), e.g. until a feature lands. */
export function skip(reason: string): never {
  throw new Skip(reason);
}

/** Declares a UI test. Default timeout 60 s. */
export function test(name: string, fn: UiTestFn, opts: { timeoutMs?: number } = {}): void {
  registered.tests.push({ name, fn, timeoutMs: opts.timeoutMs ?? 60_000 });
}

/** Per-file options; call at the top level of a .ui.ts file. */
export function fileOptions(opts: UiFileOptions): void {
  registered.options = opts;
}
