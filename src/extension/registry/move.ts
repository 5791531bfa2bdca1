// "Move to registry" in the editor: gather the texts (editor buffers when open), ask core for the edits,
// settle conflicts with the user, and apply everything as one WorkspaceEdit (one undo restores every file).
import * as vscode from 'vscode';
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { chooseRegistry, loadPythonSyntaxCheck, planMoveToRegistry, pyTokenCheck, readRegistry, registryFileFor, registryKey, resolveRegistryPath, routeOf, writtenModelOf, type ConflictPolicy, type ModelRoute, type MoveCall, type MovePlan, type RegistryInfo } from '../../core/registry';
import { TASK_TYPES, type Tier } from '../../core/types';
import type { AnalyzedCallSite, TierwiseServices } from '../services';
import type { WorkspaceRegistries } from './workspaceRegistries';

let registries: WorkspaceRegistries | undefined;

/** Set once at activation: the finder of the registries a folder already has. */
export function useWorkspaceRegistries(r: WorkspaceRegistries | undefined): void {
  registries = r;
}

let pythonCheck: ((text: string) => string | null) | null = null;
let pythonCheckLoading: Promise<(text: string) => string | null> | null = null;

/** The tree-sitter Python check, loaded on first use; the tokenizer check until then. */
export async function pythonSyntaxCheck(): Promise<(text: string) => string | null> {
  if (pythonCheck) return pythonCheck;
  pythonCheckLoading ??= loadPythonSyntaxCheck().then((c) => (pythonCheck = c));
  try {
    return await pythonCheckLoading;
  } catch {
    return pyTokenCheck;
  }
}

export function folderRelative(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | null {
  if (uri.scheme !== folder.uri.scheme || uri.authority !== folder.uri.authority) return null;
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : null;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The registry of a folder for one language: where it is (or would be), its document and what it holds. */
export async function registryOf(
  services: TierwiseServices,
  folder: vscode.WorkspaceFolder,
  language: 'python' | 'typescript',
  /** The file that will import the registry: a TypeScript file means a TypeScript project. */
  callFile?: string,
): Promise<{ ok: true; file: string; uri: vscode.Uri; document: vscode.TextDocument | null; info: RegistryInfo | null; found: boolean } | { ok: false; message: string }> {
  const cfg = services.config(folder.uri);
  const where = resolveRegistryPath(language === 'python' ? cfg.pythonRegistryPath : cfg.registryPath, language, folder.uri.fsPath);
  if (!where.ok) return where;
  let file = where.path;
  let found = false;
  if (!(await exists(vscode.Uri.joinPath(folder.uri, file)))) {
    const tsCaller = callFile !== undefined && /\.[cm]?tsx?$/.test(callFile);
    const typescriptProject = language !== 'python' && (tsCaller || (await isTypeScriptProject(folder)));
    if (language !== 'python') {
      const js = registryFileFor(file, false, () => false);
      if (js !== file && !typescriptProject) file = js;
    }
    // The project's own registry, wherever it lives, rather than a second one at the configured path.
    if (!(await exists(vscode.Uri.joinPath(folder.uri, file))) && registries) {
      const probe = callFile ?? (language === 'python' ? 'main.py' : 'index.ts');
      const existing = chooseRegistry(probe, await registries.find(folder), { typescriptProject });
      if (existing) {
        file = existing.file;
        found = true;
      }
    }
  }
  const uri = vscode.Uri.joinPath(folder.uri, file);
  if (escapesThroughLink(folder, file)) return { ok: false, message: `the registry path "${file}" leads outside the workspace folder through a symbolic link; the registry must live inside it.` };
  if (!(await exists(uri))) return { ok: true, file, uri, document: null, info: null, found };
  const document = await vscode.workspace.openTextDocument(uri);
  return { ok: true, file, uri, document, info: readRegistry(file, document.getText()), found };
}

/** True when the nearest existing part of `file` resolves (through symbolic links) outside the folder. */
function escapesThroughLink(folder: vscode.WorkspaceFolder, file: string): boolean {
  if (folder.uri.scheme !== 'file') return false;
  try {
    const root = realpathSync(folder.uri.fsPath);
    let probe = path.join(folder.uri.fsPath, ...file.split('/'));
    while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
    const real = realpathSync(probe);
    return real !== root && !real.startsWith(root + path.sep);
  } catch {
    return false;
  }
}

/** A folder with a tsconfig.json can import a .ts registry; a JavaScript project gets a .js one. */
export async function isTypeScriptProject(folder: vscode.WorkspaceFolder): Promise<boolean> {
  if (await exists(vscode.Uri.joinPath(folder.uri, 'tsconfig.json'))) return true;
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/tsconfig.json'), '**/node_modules/**', 1);
  return found.length > 0;
}

export interface PreparedPlan {
  plan: MovePlan;
  folder: vscode.WorkspaceFolder;
  documents: Map<string, vscode.TextDocument>;
}

/** Plans the move of `calls` (all in one folder), reading every involved file from its editor buffer. */
export async function preparePlan(services: TierwiseServices, folder: vscode.WorkspaceFolder, calls: MoveCall[], onConflict: ConflictPolicy): Promise<PreparedPlan> {
  const cfg = services.config(folder.uri);
  const documents = new Map<string, vscode.TextDocument>();
  const python = calls[0]?.language === 'python';
  const wanted = new Set<string>();
  for (const c of calls) {
    wanted.add(c.file);
    if (c.model.declaredAt?.file) wanted.add(c.model.declaredAt.file);
  }
  const reg = await registryOf(services, folder, python ? 'python' : 'typescript', calls[0]?.file);
  if (reg.ok && reg.document) documents.set(reg.file, reg.document);
  for (const file of wanted) {
    const uri = vscode.Uri.joinPath(folder.uri, file);
    if (await exists(uri)) documents.set(file, await vscode.workspace.openTextDocument(uri));
  }
  const plan = planMoveToRegistry({
    calls,
    readText: (f) => documents.get(f)?.getText() ?? null,
    registryPath: cfg.registryPath,
    pythonRegistryPath: cfg.pythonRegistryPath,
    root: folder.uri.fsPath,
    defaultModel: cfg.tiers.sonnet,
    onConflict,
    // registryOf has chosen the file: the configured path, its JavaScript variant in a JavaScript project, or the
    // registry the project already has elsewhere.
    ...(reg.ok ? { registryFile: reg.file } : {}),
    checkPython: python ? await pythonSyntaxCheck() : undefined,
  });
  if (plan.status === 'ok' && reg.ok && reg.found && !plan.notes.some((n) => n.includes(reg.file))) plan.notes.push(`Added to ${reg.file}, the registry this project already has.`);
  return { plan, folder, documents };
}

/** One WorkspaceEdit for the whole plan (files created, buffers edited), so one undo restores everything. */
export function toWorkspaceEdit(prepared: PreparedPlan, metadata?: vscode.WorkspaceEditEntryMetadata): vscode.WorkspaceEdit {
  const { plan, folder, documents } = prepared;
  const edit = new vscode.WorkspaceEdit();
  if (plan.status !== 'ok') return edit;
  for (const file of plan.createdFiles) {
    const uri = vscode.Uri.joinPath(folder.uri, file);
    edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, metadata);
  }
  for (const e of plan.edits) {
    const uri = vscode.Uri.joinPath(folder.uri, e.file);
    if (plan.createdFiles.includes(e.file)) {
      edit.insert(uri, new vscode.Position(0, 0), e.newText, metadata);
      continue;
    }
    const doc = documents.get(e.file);
    if (!doc) continue;
    const range = new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end));
    if (metadata) edit.replace(uri, range, e.newText, metadata);
    else edit.replace(uri, range, e.newText);
  }
  return edit;
}

export function moveCallOf(a: AnalyzedCallSite, task: string, targetModel: string, document?: vscode.TextDocument): MoveCall {
  const c = a.call;
  const callText = document && c.span.end <= document.getText().length ? document.getText().slice(c.span.start, c.span.end) : undefined;
  return {
    file: a.site.file,
    language: a.site.language,
    model: c.model,
    task,
    targetModel,
    sdk: c.sdk,
    ...(c.provider ? { provider: c.provider } : {}),
    ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
    api: c.api,
    ...(c.wrapper ? { wrapper: { innerSdk: c.wrapper.innerSdk } } : {}),
    ...(callText !== undefined ? { callText } : {}),
  };
}

/** Open editors' text of folder-relative files (for reading a constant's declaration). */
function openText(folder: vscode.WorkspaceFolder | undefined): (file: string) => string | null {
  return (file) => {
    if (!folder) return null;
    const uri = vscode.Uri.joinPath(folder.uri, file).toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? null;
  };
}

/** Where this call's request goes and how it writes model ids (see core/registry/route.ts). */
export function routeOfSite(a: AnalyzedCallSite, document: vscode.TextDocument): ModelRoute {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const text = document.getText();
  const call = moveCallOf(a, a.inference.taskType, '', document);
  const read = openText(folder);
  return routeOf(call, { written: writtenModelOf(a.call.model, (f) => (f === a.site.file ? text : read(f))), callText: call.callText });
}

/** Task types for the quick pick: the inferred one first, then the runner-up, the registry's, the fixed list, and "new…". */
export async function pickTaskType(a: AnalyzedCallSite, registry: RegistryInfo | null): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { task?: string; custom?: boolean };
  const items: Item[] = [];
  const seen = new Set<string>();
  const add = (task: string, description: string) => {
    if (seen.has(task) || task === 'unknown') return;
    seen.add(task);
    const entry = registry?.entries.find((e) => e.task === task);
    items.push({ label: task, description: [description, entry ? `registry: ${entry.model}` : ''].filter(Boolean).join(' · '), task });
  };
  add(a.inference.taskType, `inferred, ${Math.round(a.inference.confidence * 100)}%`);
  if (a.inference.runnerUp) add(a.inference.runnerUp.taskType, `runner-up, ${Math.round(a.inference.runnerUp.confidence * 100)}%`);
  for (const e of registry?.entries ?? []) add(e.task, 'in the registry');
  for (const t of TASK_TYPES) add(t, '');
  items.push({ label: '$(add) New task type…', custom: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Move model to registry as task type', placeHolder: 'Task type for this call' });
  if (!picked) return undefined;
  if (!picked.custom) return picked.task;
  return vscode.window.showInputBox({
    title: 'New task type',
    prompt: 'A name for what this call does, e.g. triage_ticket',
    validateInput: (v) => (/^[A-Za-z_][\w.-]*$/.test(v) ? null : 'Letters, digits, _ . - (starting with a letter or _)'),
  });
}

export interface MoveArgs {
  uri?: vscode.Uri | string;
  callSiteId?: string;
  range?: vscode.Range;
  /** The tier to put the task type on (the compare panel's verdict); default: the recommended tier. */
  tier?: Tier;
  task?: string;
  /** An explicit model id (e.g. "keep the current model"). */
  model?: string;
  /** Ask for the task type. */
  pickTask?: boolean;
}

function toUri(u: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (!u) return undefined;
  return typeof u === 'string' ? vscode.Uri.parse(u) : u;
}

/** The `tierwise.moveToRegistry` command. Returns true when the edit was applied. */
export async function moveToRegistry(services: TierwiseServices, raw: unknown): Promise<boolean> {
  const args: MoveArgs = raw instanceof vscode.Uri ? { uri: raw } : raw && typeof raw === 'object' ? (raw as MoveArgs) : {};
  const editor = vscode.window.activeTextEditor;
  const uri = toUri(args.uri) ?? editor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Tierwise: open a file with an LLM call first.');
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showErrorMessage('Tierwise: the file is outside the workspace folders; the registry lives in a workspace folder.');
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const sites = await services.callSitesIn(document);
  let a = args.callSiteId ? sites.find((s) => s.site.id === args.callSiteId) : undefined;
  if (!a) {
    const at = args.range?.start ?? (editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active : undefined);
    if (at) {
      const offset = document.offsetAt(at);
      a = sites.filter((s) => offset >= s.call.span.start && offset <= s.call.span.end).sort((x, y) => x.call.span.end - x.call.span.start - (y.call.span.end - y.call.span.start))[0];
    }
  }
  if (!a) {
    void vscode.window.showErrorMessage(`Tierwise: no LLM call ${args.callSiteId ? `"${args.callSiteId}" ` : ''}found here (has the file changed?).`);
    return false;
  }
  if (a.call.registryTask !== null) {
    void vscode.window.showInformationMessage(`Tierwise: this call already takes its model from the registry (${a.call.registryTask}).`);
    return false;
  }
  const cfg = services.config(uri);
  const reg = await registryOf(services, folder, a.site.language === 'python' ? 'python' : 'typescript', a.site.file);
  if (!reg.ok) {
    void vscode.window.showErrorMessage(`Tierwise: ${reg.message}`);
    return false;
  }
  let task = args.task;
  if (!task && (args.pickTask || a.inference.taskType === 'unknown')) task = await pickTaskType(a, reg.info);
  task ??= a.inference.taskType;
  if (!task) return false;
  // Without an explicit tier or model (the lens's "Move to registry"), a call whose client takes no Claude model
  // keeps its own model under its own key; an explicit Claude tier for it is refused by the plan, with the reason.
  const route = routeOfSite(a, document);
  let targetModel = args.model ?? cfg.tiers[args.tier ?? a.inference.recommendedTier];
  let keptNote: string | null = null;
  if (!args.model && !args.tier && !route.claude && route.written) {
    targetModel = route.written;
    keptNote = `Tierwise: moved as ${registryKey(task, route)}, keeping ${route.written}: ${route.reason ?? ''}.`;
  }
  let prepared = await preparePlan(services, folder, [moveCallOf(a, task, targetModel, document)], 'report');
  if (prepared.plan.status === 'conflict') {
    const c = prepared.plan.conflicts[0];
    const keep = `Keep ${c.registryModel}`;
    const change = `Change ${c.task} to ${c.requestedModel}`;
    const choice = await vscode.window.showWarningMessage(
      `"${c.task}" is already in the registry on ${c.registryModel}; this call would go to ${c.requestedModel}.`,
      { modal: true, detail: `Changing the entry moves every call of "${c.task}" to ${c.requestedModel}.` },
      keep,
      change,
    );
    if (!choice) return false;
    prepared = await preparePlan(services, folder, [moveCallOf(a, task, targetModel, document)], choice === keep ? 'keep-registry' : 'update-registry');
  }
  const applied = await applyPlan(services, prepared);
  if (applied && keptNote) void vscode.window.showInformationMessage(keptNote);
  return applied;
}

/** `extend` adds edits of other files to the same WorkspaceEdit (the verification's record): still one undo. */
export async function applyPlan(services: TierwiseServices, prepared: PreparedPlan, metadata?: vscode.WorkspaceEditEntryMetadata, extend?: (edit: vscode.WorkspaceEdit) => void): Promise<boolean> {
  const { plan } = prepared;
  if (plan.status === 'refused') {
    void vscode.window.showErrorMessage(`Tierwise: ${plan.message}`);
    return false;
  }
  if (plan.status !== 'ok') return false;
  // VS Code's undo of a created file deletes the file only: note the folders it creates, to remove them then.
  if (registries) for (const file of plan.createdFiles) await registries.rememberMissingDirs(prepared.folder, file);
  const edit = toWorkspaceEdit(prepared, metadata);
  extend?.(edit);
  const ok = await vscode.workspace.applyEdit(edit, metadata ? { isRefactoring: true } : undefined);
  if (!ok) {
    services.log.warn('move to registry: the workspace edit was not applied');
    return false;
  }
  const tasks = [...new Set(plan.outcomes.map((o) => `${o.key} → ${o.model}`))].join(', ');
  services.log.info(`moved to registry ${plan.registryFile}: ${tasks}${plan.notes.length ? ` (${plan.notes.join(' ')})` : ''}`);
  vscode.window.setStatusBarMessage(`Tierwise: moved to ${plan.registryFile} as ${tasks}`, 8000);
  const warn = plan.notes.filter((n) => !n.startsWith('Creates '));
  if (warn.length) void vscode.window.showInformationMessage(`Tierwise: ${warn.join(' ')}`);
  return true;
}
