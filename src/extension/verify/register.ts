// "Verify before moving" in the editor: the Verification panel (loaded with its first use), the dataset template
// command, "Revert to Sonnet", the registry's verification lenses, and the offer to resume a batch a closed window
// left running.
import * as vscode from 'vscode';
import { draftFromCall } from '../../core/compare/prompt';
import { registryKey } from '../../core/registry';
import { datasetBaseName, datasetTemplate } from '../../core/verify/dataset';
import { ApiKeyStore } from '../compare/apiKey';
import { SUPPORTED_LANGUAGES, workspaceReader } from '../compare/register';
import { compareClientCache } from '../../core/compare/runner';
import { routeOfSite } from '../registry/move';
import type { AnalyzedCallSite, CallSiteCommandArgs, TierwiseServices } from '../services';
import { isRevertArgs, revertToSonnet } from './apply';
import { compareInputs } from './history';
import { VerifyJobs } from './jobs';
import { VerificationLensProvider, VerifyCommand } from './lens';
import type { PanelDeps, VerifyTarget } from './panel';

type PanelModule = typeof import('./panel.js');
let panelModule: PanelModule | undefined;
async function loadPanel(): Promise<PanelModule> {
  return (panelModule ??= await import('./panel.js'));
}

const SELECTOR: vscode.DocumentSelector = SUPPORTED_LANGUAGES.map((language) => ({ scheme: 'file', language }));

export function registerVerify(context: vscode.ExtensionContext, services: TierwiseServices): void {
  const keys = new ApiKeyStore(context.secrets);
  const jobs = new VerifyJobs(context.workspaceState);
  const lenses = new VerificationLensProvider(services);
  const deps: PanelDeps = { context, services, keys, jobs, compareInputs: (id) => compareInputs(context.workspaceState, id), reader: workspaceReader };
  const guard =
    (name: string, run: (arg: unknown) => Promise<unknown>) =>
    async (arg: unknown): Promise<unknown> => {
      try {
        return await run(arg);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        services.log.error(`${name}: ${message}`);
        void vscode.window.showErrorMessage(`Tierwise: ${message}`);
        return false;
      }
    };
  const resumeTimer = setTimeout(() => void offerResume(services, deps).catch((e: unknown) => services.log.warn(`verify: ${String(e)}`)), 3000);
  context.subscriptions.push(
    keys,
    lenses,
    { dispose: () => clearTimeout(resumeTimer) },
    { dispose: () => panelModule?.VerificationPanel.current?.dispose() },
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.commands.registerCommand(
      VerifyCommand.verify,
      guard(VerifyCommand.verify, async (arg) => {
        const target = await resolveTarget(services, arg, 'Verify which call before moving it to Haiku?');
        if (target) await (await loadPanel()).VerificationPanel.show(target, deps);
      }),
    ),
    vscode.commands.registerCommand(VerifyCommand.writeTemplate, guard(VerifyCommand.writeTemplate, (arg) => writeTemplate(services, arg))),
    vscode.commands.registerCommand(
      VerifyCommand.revert,
      guard(VerifyCommand.revert, async (arg) => {
        if (!isRevertArgs(arg)) {
          void vscode.window.showInformationMessage('Tierwise: use "Revert to Sonnet" on a verified entry of the registry file.');
          return false;
        }
        const r = await revertToSonnet(services, arg);
        if (!r.ok) void vscode.window.showErrorMessage(`Tierwise: not reverted: ${r.message}`);
        else vscode.window.setStatusBarMessage(`Tierwise: ${arg.task} back on Sonnet (Ctrl+Z undoes it)`, 8000);
        return r.ok;
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Which call

interface RegistryArgs {
  folder: string;
  task: string;
  siteIds: string[];
}

function isCallSiteArgs(arg: unknown): arg is CallSiteCommandArgs {
  return typeof arg === 'object' && arg !== null && 'callSiteId' in arg && 'uri' in arg && (arg as { uri: unknown }).uri instanceof vscode.Uri;
}

function isRegistryArgs(arg: unknown): arg is RegistryArgs {
  const o = arg as Partial<RegistryArgs> | null;
  return !!o && typeof o === 'object' && typeof o.folder === 'string' && Array.isArray(o.siteIds);
}

function uriOfSite(services: TierwiseServices, a: AnalyzedCallSite, folder?: vscode.WorkspaceFolder): vscode.Uri | undefined {
  const uriOf = (services as Partial<{ uriOf(a: AnalyzedCallSite): vscode.Uri | undefined }>).uriOf;
  const known = typeof uriOf === 'function' ? uriOf.call(services, a) : undefined;
  if (known) return known;
  const f = folder ?? vscode.workspace.workspaceFolders?.[0];
  return f ? vscode.Uri.joinPath(f.uri, ...a.site.file.split('/')) : undefined;
}

async function targetOf(services: TierwiseServices, uri: vscode.Uri, siteId: string | null, at?: vscode.Position, title?: string): Promise<VerifyTarget | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showErrorMessage('Tierwise: the file is outside the workspace folders.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const sites = await services.callSitesIn(document);
  let site = siteId ? sites.find((s) => s.site.id === siteId) : undefined;
  if (!site && !siteId && at) {
    const offset = document.offsetAt(at);
    site = sites.filter((s) => s.call.span.start <= offset && offset <= s.call.span.end).sort((a, b) => a.call.span.end - a.call.span.start - (b.call.span.end - b.call.span.start))[0];
  }
  if (!site && !siteId && sites.length === 1) site = sites[0];
  if (!site && !siteId && sites.length > 1) site = await pickSite(sites, title);
  if (!site) {
    if (siteId || sites.length === 0) void vscode.window.showErrorMessage(`Tierwise: no LLM call ${siteId ? `"${siteId}" ` : ''}found in ${vscode.workspace.asRelativePath(uri)}.`);
    return undefined;
  }
  return { uri, folder, document, site };
}

async function pickSite(sites: readonly AnalyzedCallSite[], title = 'Which call?'): Promise<AnalyzedCallSite | undefined> {
  const picked = await vscode.window.showQuickPick(
    sites.map((a) => ({ label: a.call.enclosingFunction, description: `${a.inference.taskType} · ${a.site.file}:${a.site.line}`, a })),
    { title, placeHolder: 'An LLM call' },
  );
  return picked?.a;
}

/** The call a command is about: from a lens, a registry entry, the cursor, or a pick. */
export async function resolveTarget(services: TierwiseServices, arg: unknown, title: string): Promise<VerifyTarget | undefined> {
  if (isCallSiteArgs(arg)) return targetOf(services, arg.uri, arg.callSiteId);
  if (arg instanceof vscode.Uri) {
    const editor = vscode.window.activeTextEditor;
    return targetOf(services, arg, null, editor?.document.uri.toString() === arg.toString() ? editor.selection.active : undefined, title);
  }
  if (isRegistryArgs(arg)) {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === arg.folder);
    const ids = new Set(arg.siteIds);
    const sites = services.allCallSites().filter((a) => ids.has(a.site.id));
    const a = sites.length === 1 ? sites[0] : await pickSite(sites, `Verify which call of ${arg.task}?`);
    const uri = a && uriOfSite(services, a, folder);
    return a && uri ? targetOf(services, uri, a.site.id) : undefined;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && SUPPORTED_LANGUAGES.includes(editor.document.languageId)) {
    const t = await targetOf(services, editor.document.uri, null, editor.selection.active, title);
    if (t) return t;
    if ((await services.callSitesIn(editor.document)).length) return undefined; // the user closed the pick
  }
  const all = services.allCallSites();
  if (!all.length) {
    void vscode.window.showInformationMessage('Tierwise: no LLM call found in the workspace (yet).');
    return undefined;
  }
  const a = await pickSite(all, title);
  const uri = a && uriOfSite(services, a);
  return a && uri ? targetOf(services, uri, a.site.id) : undefined;
}

// ---------------------------------------------------------------------------------------------

/** "Write Verification Dataset Template": `.tierwise/verify/<task>-<function>.jsonl` with the call's keys, opened. */
async function writeTemplate(services: TierwiseServices, arg: unknown): Promise<boolean> {
  const t = await resolveTarget(services, arg, 'Write a dataset template for which call?');
  if (!t) return false;
  const draft = await draftFromCall(t.site.call, workspaceReader(t.document, t.site));
  const key = t.site.call.registryTask ?? registryKey(t.site.inference.taskType, routeOfSite(t.site, t.document));
  const dir = vscode.Uri.joinPath(t.folder.uri, '.tierwise', 'verify');
  await vscode.workspace.fs.createDirectory(dir);
  const base = datasetBaseName(key, t.site.call.enclosingFunction);
  let uri = vscode.Uri.joinPath(dir, `${base}.jsonl`);
  for (let i = 2; await exists(uri); i++) uri = vscode.Uri.joinPath(dir, `${base}-${i}.jsonl`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(datasetTemplate(draft.fields, 3)));
  await vscode.window.showTextDocument(uri, { preview: false });
  void vscode.window.showInformationMessage(
    `Tierwise: one line per input, with the keys ${draft.fields.length ? draft.fields.map((f) => `"${f}"`).join(', ') : '(none: every call sends the same prompt)'} and "$expected" for the right answer (remove it to grade against Sonnet).`,
  );
  return true;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** After a reload: for each batch a closed window left running, "Resume" (poll it, read its results) or "Discard" (cancel it). */
async function offerResume(services: TierwiseServices, deps: PanelDeps): Promise<void> {
  for (const job of deps.jobs.all()) {
    const cp = job.checkpoint;
    const resume = 'Resume';
    const discard = 'Discard';
    const choice = await vscode.window.showInformationMessage(
      `Tierwise: the verification of ${cp.spec.taskKey} (${cp.spec.dataset.n} inputs, started ${cp.startedAt.slice(0, 16).replace('T', ' ')}) was running in a Message Batch when the window closed.`,
      resume,
      discard,
    );
    if (choice === resume) {
      const t = await targetOf(services, vscode.Uri.parse(job.uri), cp.spec.siteId);
      if (t) await (await loadPanel()).VerificationPanel.show(t, deps, { resume: true });
    } else if (choice === discard) {
      await deps.jobs.forget(cp.spec.siteId);
      const apiKey = vscode.workspace.isTrusted ? await deps.keys.get() : undefined;
      if (apiKey) {
        const client = compareClientCache()({ apiKey, baseURL: services.config().anthropicBaseUrl, timeoutMs: 30_000, maxRetries: 2 });
        for (const id of [cp.generateBatchId, cp.gradeBatchId]) if (id) await client.messages.batches.cancel(id).catch(() => undefined);
      }
    }
  }
}
