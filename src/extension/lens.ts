import * as vscode from 'vscode';
import { lensTitle, lensTooltip } from '../core/present/lens';
import { CommandId } from './commandIds';
import { callRange, calleePosition } from './positions';
import type { AnalyzedCallSite, CallSiteCommandArgs, TierwiseServices } from './services';
import { isUncertain } from '../core/infer/judge/uncertain';
import { isComponentFile } from '../core/scan/ts/component';

export const SOURCE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'python' },
  // Single-file components: by name, as VS Code has no language for them without their extensions.
  { scheme: 'file', pattern: '**/*.{vue,svelte,astro}' },
];

/** A hard-coded model choice that the registry quick fix can take over (not yet in a single-file component). */
export function movableToRegistry(a: AnalyzedCallSite): boolean {
  const m = a.call.model;
  return !isComponentFile(a.call.file) && a.call.registryTask === null && a.call.sdk !== 'registry' && m.span !== null && ['literal', 'constant', 'imported-constant', 'env-default', 'config'].includes(m.source);
}

/** The lens of a call whose figures are not known yet (the workspace's first index runs). */
export const PENDING_LENS_TITLE = '…';
export const PENDING_LENS_TOOLTIP = 'Tierwise is reading the rest of the workspace: this call’s figures follow once its file is linked with the files it uses.';

/** Commands of other features the lenses offer when they are registered. */
const LENS_COMMANDS: readonly string[] = [CommandId.compare, CommandId.moveToRegistry, CommandId.classifyWithClaude, CommandId.setTaskType, CommandId.acceptClassifications];

class CostLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly sub: vscode.Disposable;
  private commands: { at: number; ids: Set<string> } | undefined;

  constructor(private readonly services: TierwiseServices) {
    this.sub = services.onDidChangeCallSites(() => this.emitter.fire());
  }

  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    try {
      const cfg = this.services.config(document.uri);
      if (!cfg.lensEnabled) return [];
      if (this.services.isLinked && !this.services.isLinked(document.uri)) return await this.pendingLenses(document, token);
      const sites = await this.services.callSitesIn(document, token);
      if (!sites.length || token.isCancellationRequested) return [];
      const commands = await this.registeredCommands();
      const lenses: vscode.CodeLens[] = [];
      for (const a of sites) {
        // tierwise.caching.suggest off: no caching note on the lens either.
        const site = cfg.cachingSuggestions || !a.site.cachingOpportunity ? a.site : { ...a.site, cachingOpportunity: undefined };
        const at = calleePosition(document, a);
        const range = new vscode.Range(at, at);
        const args: CallSiteCommandArgs = { uri: document.uri, callSiteId: a.site.id, range: callRange(document, a) };
        lenses.push(
          new vscode.CodeLens(range, {
            title: lensTitle(site, cfg.lensDetail, cfg.tiers),
            tooltip: lensTooltip(site, cfg.tiers),
            command: CommandId.showCallDetails,
            arguments: [args],
          }),
        );
        if (cfg.lensDetail === 'minimal') continue;
        if (commands.has(CommandId.compare)) {
          lenses.push(new vscode.CodeLens(range, { title: 'Compare…', tooltip: 'Run this prompt on Haiku and Sonnet side by side', command: CommandId.compare, arguments: [args] }));
        }
        // The task type is a guess or unknown: ask Claude, or name it (the guide keeps such a call on Sonnet).
        if (commands.has(CommandId.classifyWithClaude) && isUncertain(a.inference)) {
          lenses.push(new vscode.CodeLens(range, { title: 'Classify with Claude', tooltip: 'Send this call site’s card to Claude, after showing the cost, to judge its task type', command: CommandId.classifyWithClaude, arguments: [args] }));
        }
        if (commands.has(CommandId.setTaskType) && a.inference.taskType === 'unknown' && !a.inference.setBy) {
          lenses.push(new vscode.CodeLens(range, { title: 'Set task type…', tooltip: 'Name this call’s task type in .tierwise.json or an annotation', command: CommandId.setTaskType, arguments: [args] }));
        }
        if (commands.has(CommandId.acceptClassifications) && a.inference.judged && !a.inference.judged.accepted) {
          lenses.push(new vscode.CodeLens(range, { title: 'Accept Claude’s task type', tooltip: `Write ${a.site.taskType} and Claude’s answers to .tierwise.json`, command: CommandId.acceptClassifications, arguments: [args] }));
        }
        if (commands.has(CommandId.moveToRegistry) && movableToRegistry(a)) {
          lenses.push(
            new vscode.CodeLens(range, {
              title: 'Move to registry',
              tooltip: `Move the model choice to the task-type registry as ${a.site.taskType}`,
              command: CommandId.moveToRegistry,
              arguments: [args],
            }),
          );
        }
      }
      return lenses;
    } catch (e) {
      this.services.log.error(`cost lenses for ${document.uri.toString(true)}: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  /**
   * While the workspace's first index runs, a file's calls are known before the rest of the workspace is read: their
   * figures (a model from another file unresolved, a helper's callers missing) would be wrong. A neutral lens holds
   * each place until the file is linked; the index then fires a change and the real lenses replace it.
   */
  private async pendingLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const sites = await this.services.callSitesIn(document, token, { unlinked: true });
    if (token.isCancellationRequested) return [];
    return sites.map((a) => {
      const at = calleePosition(document, a);
      return new vscode.CodeLens(new vscode.Range(at, at), { title: PENDING_LENS_TITLE, tooltip: PENDING_LENS_TOOLTIP, command: '' });
    });
  }

  /** Other features register their commands after us; ask again now and then rather than once. */
  private async registeredCommands(): Promise<Set<string>> {
    const now = Date.now();
    if (!this.commands || (now - this.commands.at > 10_000 && this.commands.ids.size < LENS_COMMANDS.length)) {
      const all = await vscode.commands.getCommands(true);
      const ids = new Set(all.filter((c) => LENS_COMMANDS.includes(c)));
      this.commands = { at: now, ids };
    }
    return this.commands.ids;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

export function registerLenses(context: vscode.ExtensionContext, services: TierwiseServices): { refresh(): void } {
  const provider = new CostLensProvider(services);
  context.subscriptions.push(provider, vscode.languages.registerCodeLensProvider(SOURCE_SELECTOR, provider));
  return provider;
}
