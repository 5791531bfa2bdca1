import * as vscode from 'vscode';
import * as path from 'node:path';
import { draftFromCall, draftFromSelection, type PromptDraft, type SourceReader } from '../../core/compare/prompt';
import type { SourceLanguage } from '../../core/compare/template';
import type { AnalyzedCallSite, CallSiteCommandArgs, TierwiseServices } from '../services';
import { ApiKeyStore } from './apiKey';
import type { CompareOrigin } from './panel';

// The panel brings the Anthropic SDK (~400 KB of the bundle): load it with the first comparison, not at activation.
type PanelModule = typeof import('./panel.js');
let panelModule: PanelModule | undefined;
async function loadPanel(): Promise<PanelModule['ComparePanel']> {
  const loaded = (panelModule ??= await import('./panel.js'));
  return loaded.ComparePanel;
}

export const CompareCommand = {
  compare: 'tierwise.compare',
  setApiKey: 'tierwise.setApiKey',
  clearApiKey: 'tierwise.clearApiKey',
} as const;

export const SUPPORTED_LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'];

export function registerCompare(context: vscode.ExtensionContext, services: TierwiseServices): void {
  const keys = new ApiKeyStore(context.secrets);
  context.subscriptions.push(
    keys,
    { dispose: () => panelModule?.ComparePanel.current?.dispose() },
    vscode.commands.registerCommand(CompareCommand.compare, (arg?: unknown) => openCompare(context, services, keys, arg).catch((e: unknown) => report(services, e))),
    vscode.commands.registerCommand(CompareCommand.setApiKey, async () => {
      if (await keys.prompt()) void vscode.window.showInformationMessage('Tierwise: Anthropic API key stored in SecretStorage.');
    }),
    vscode.commands.registerCommand(CompareCommand.clearApiKey, async () => {
      await keys.clear();
      const env = process.env.ANTHROPIC_API_KEY ? ' ANTHROPIC_API_KEY is still set in the environment and will be used.' : '';
      void vscode.window.showInformationMessage(`Tierwise: stored API key removed.${env}`);
    }),
  );
}

function report(services: TierwiseServices, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  services.log.error(`compare: ${message}`);
  void vscode.window.showErrorMessage(`Tierwise could not open the comparison: ${message}`);
}

function isCallSiteArgs(arg: unknown): arg is CallSiteCommandArgs {
  return typeof arg === 'object' && arg !== null && 'callSiteId' in arg && 'uri' in arg && (arg as { uri: unknown }).uri instanceof vscode.Uri;
}

async function openCompare(context: vscode.ExtensionContext, services: TierwiseServices, keys: ApiKeyStore, arg: unknown): Promise<void> {
  const config = services.config();
  let document: vscode.TextDocument | undefined;
  let selection: vscode.Selection | undefined;
  let wanted: string | undefined;
  if (isCallSiteArgs(arg)) {
    document = await vscode.workspace.openTextDocument(arg.uri);
    wanted = arg.callSiteId;
  } else {
    const editor = vscode.window.activeTextEditor;
    document = editor?.document;
    selection = editor?.selection;
  }
  if (!document) {
    const origin: CompareOrigin = { label: 'Empty prompt', uri: null, callSiteId: null, range: null, taskType: null, callsPerDay: config.defaultCallsPerDay, volumeSource: 'default', current: null };
    await (await loadPanel()).show(context, services, keys, await draftFromSelection(''), origin);
    return;
  }
  const sites = SUPPORTED_LANGUAGES.includes(document.languageId) ? await services.callSitesIn(document).catch(() => []) : [];
  const site = wanted ? sites.find((s) => s.site.id === wanted) : selection ? siteForSelection(document, sites, selection) : undefined;
  const docConfig = services.config(document.uri);
  if (site) {
    const draft = await draftFromCall(site.call, workspaceReader(document, site));
    const model = site.site.model;
    const origin: CompareOrigin = {
      label: `${site.call.enclosingFunction} · ${site.site.file}:${site.site.line}`,
      uri: document.uri,
      callSiteId: site.site.id,
      range: rangeOf(document, site.call.span.start, site.call.span.end),
      taskType: site.inference.taskType,
      callsPerDay: site.site.callsPerDay,
      volumeSource: site.site.volumeSource,
      current: { model: model.resolved, expression: model.expression, monthlyUsd: site.site.monthlyCost.current },
    };
    await (await loadPanel()).show(context, services, keys, withMaxTokens(draft), origin);
    return;
  }
  const text = selection && !selection.isEmpty ? document.getText(selection) : '';
  const origin: CompareOrigin = {
    label: text ? `Selected text · ${vscode.workspace.asRelativePath(document.uri)}:${(selection?.start.line ?? 0) + 1}` : 'Empty prompt',
    uri: document.uri,
    callSiteId: null,
    range: null,
    taskType: null,
    callsPerDay: docConfig.defaultCallsPerDay,
    volumeSource: 'default',
    current: null,
  };
  const language = languageOf(document.languageId);
  const draft =
    text && selection && language
      ? await draftFromSelection(text, { language, fileText: document.getText(), start: document.offsetAt(selection.start), end: document.offsetAt(selection.end), file: document.fileName })
      : await draftFromSelection(text);
  await (await loadPanel()).show(context, services, keys, draft, origin);
}

function languageOf(languageId: string): SourceLanguage | null {
  if (languageId === 'typescript' || languageId === 'typescriptreact') return 'typescript';
  if (languageId === 'javascript' || languageId === 'javascriptreact') return 'javascript';
  return languageId === 'python' ? 'python' : null;
}

/** Reads the prompt's source files: the open document as it is now, other workspace files from the editor or disk. */
export function workspaceReader(document: vscode.TextDocument, site: AnalyzedCallSite): SourceReader {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return async (file) => {
    if (sameFile(document, site, file)) return document.getText();
    const parts = file.split('/');
    if (!folder || path.posix.isAbsolute(file) || parts.includes('..')) return null;
    const uri = vscode.Uri.joinPath(folder.uri, ...parts);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type !== vscode.FileType.File || stat.size > 4_000_000) return null;
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return null;
    }
  };
}

function withMaxTokens(d: PromptDraft): PromptDraft {
  return d.prompt.maxTokens > 0 ? d : { ...d, prompt: { ...d.prompt, maxTokens: 1024 } };
}

function rangeOf(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

function sameFile(document: vscode.TextDocument, site: AnalyzedCallSite, file: string): boolean {
  if (file === site.call.file) return true;
  const rel = vscode.workspace.asRelativePath(document.uri, false);
  return path.posix.normalize(file) === path.posix.normalize(rel.replace(/\\/g, '/'));
}

/** The call that contains the selection, or the one call the selection contains. */
function siteForSelection(document: vscode.TextDocument, sites: readonly AnalyzedCallSite[], selection: vscode.Selection): AnalyzedCallSite | undefined {
  const start = document.offsetAt(selection.start);
  const end = document.offsetAt(selection.end);
  const containing = sites.filter((s) => s.call.span.start <= start && end <= s.call.span.end).sort((a, b) => a.call.span.end - a.call.span.start - (b.call.span.end - b.call.span.start));
  if (containing.length > 0) return containing[0];
  const inside = sites.filter((s) => start <= s.call.span.start && s.call.span.end <= end);
  return inside.length === 1 ? inside[0] : undefined;
}
