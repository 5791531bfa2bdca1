import * as vscode from 'vscode';
import * as path from 'node:path';
import { registerCommands } from './commands';
import { registerDiagnostics } from './diagnostics';
import { registerHover } from './hover';
import { WorkspaceIndex } from './index/workspaceIndex';
import { registerLenses } from './lens';
import { registerReport } from './report';
import type { TierwiseServices } from './services';
import { registerStatusBar } from './statusBar';
import { registerTree } from './tree';
import { registerSkippedFiles } from './skippedFiles';
import { TestFileCensus } from './testFiles';
import { registerCompare } from './compare/register';
import { registerRegistryFeatures } from './registry';
import { registerPriceSources } from './priceSources';
import { registerVerify } from './verify/register';
import { registerJudge } from './judge/register';
import { registerCaching } from './caching';
import { registerImportUsage } from './importUsage';
// Other features: one import and one register line each (below).

/** What activate() returns: the services, for the features' integration tests. */
export interface TierwiseApi {
  services: TierwiseServices;
  /** Milliseconds activate() took, measured inside it. */
  activationMs: number;
  /** The part of it spent registering the editor features (index, lenses, hover, tree, status bar, report, diagnostics, commands). */
  editorActivationMs: number;
  /** Resolves when the first workspace index has finished (or was cancelled). */
  indexed: Promise<void>;
  index: WorkspaceIndex;
}

// Two-phase activation: everything here only registers. The worker, the file listing and all parsing start
// after activate() has returned (index.start), and parsers load inside the worker on first use.
export function activate(context: vscode.ExtensionContext): TierwiseApi | undefined {
  const t0 = performance.now();
  const log = vscode.window.createOutputChannel('Tierwise', { log: true });
  context.subscriptions.push(log);
  try {
    const index = new WorkspaceIndex(log, path.join(context.extensionPath, 'dist', 'indexWorker.js'));
    context.subscriptions.push(index);
    const services: TierwiseServices = index;

    // Each step is timed: activation time is a target (≤ 30 ms), and the log says where it went.
    const steps: string[] = [];
    const timed = <T>(name: string, f: () => T): T => {
      const t = performance.now();
      const r = f();
      steps.push(`${name} ${(performance.now() - t).toFixed(1)}`);
      return r;
    };
    const lenses = timed('lenses', () => registerLenses(context, services));
    timed('hover', () => registerHover(context, services));
    // Counts the test files the scan leaves out; starts counting after the first index run.
    const testFiles = timed('test files', () => new TestFileCensus(index));
    context.subscriptions.push(testFiles);
    timed('tree', () => registerTree(context, index, testFiles));
    timed('status', () => registerStatusBar(context, index, testFiles));
    timed('report', () => registerReport(context, index, testFiles));
    timed('skipped', () => registerSkippedFiles(context, index));
    timed('diagnostics', () => registerDiagnostics(context, index));
    timed('commands', () => registerCommands(context, index, lenses));
    const editorMs = performance.now() - t0;
    // Features of other modules:
    registerRegistryFeatures(context, services);
    registerCompare(context, services);
    registerVerify(context, services);
    registerJudge(context, index);
    registerCaching(context, index);
    registerImportUsage(context, index);
    // The team's price file and a downloaded price list: a change re-prices every folder.
    registerPriceSources(context, log, () => index.refreshSettings());

    let resolveIndexed!: () => void;
    const indexed = new Promise<void>((r) => (resolveIndexed = r));
    setTimeout(() => {
      index.start();
      void index.reindexDone().then(resolveIndexed, resolveIndexed);
    }, 0);
    const activationMs = performance.now() - t0;
    log.info(`Tierwise activated in ${activationMs.toFixed(1)} ms (editor features ${editorMs.toFixed(1)} ms, other features ${(activationMs - editorMs).toFixed(1)} ms; ${steps.join(', ')})`);
    return { services, activationMs, editorActivationMs: editorMs, indexed, index };
  } catch (e) {
    // VS Code shows nothing when activation fails: say it.
    const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    log.error(`activation failed: ${message}`);
    void vscode.window.showErrorMessage('Tierwise failed to start: see the Tierwise output.');
    return undefined;
  }
}

export function deactivate(): void {}
