// "Move to registry" in the editor: gather the texts (editor buffers when open), ask core for the edits,
// settle conflicts with the user, and apply everything as one WorkspaceEdit (one undo restores every file).
import * as vscode from 'vscode';
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { loadPythonSyntaxCheck, planMoveToRegistry, pyTokenCheck, readRegistry, registryFileFor, resolveRegistryPath, type ConflictPolicy, type MoveCall, type MovePlan, type RegistryInfo } from '../../core/registry';
import { TASK_TYPES, type Tier } from '../../core/types';
import type { AnalyzedCallSite, TierwiseServices } from '../services';

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
): Promise<{ ok: true; file: string; uri: vscode.Uri; document: vscode.TextDocument | null; info: RegistryInfo | null } | { ok: false; message: string }> {
  const cfg = services.config(folder.uri);
  const where = resolveRegistryPath(language === 'python' ? cfg.pythonRegistryPath : cfg.registryPath, language, folder.uri.fsPath);
  if (!where.ok) return where;
  let file = where.path;
  if (language !== 'python' && !(await exists(vscode.Uri.joinPath(folder.uri, file)))) {
    const js = registryFileFor(file, false, () => false);
    const tsCaller = callFile !== undefined && /\.[cm]?tsx?$/.test(callFile);
    if (js !== file && !tsCaller && !(await isTypeScriptProject(folder))) file = js;
  }
  const uri = vscode.Uri.joinPath(folder.uri, file);
  if (escapesThroughLink(folder, file)) return { ok: false, message: `the registry path "${file}" leads outside the workspace folder through a symbolic link; the registry must live inside it.` };
  if (!(await exists(uri))) return { ok: true, file, uri, document: null, info: null };
  const document = await vscode.workspace.openTextDocument(uri);
  return { ok: true, file, uri, document, info: readRegistry(file, document.getText()) };
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
  const where = resolveRegistryPath(python ? cfg.pythonRegistryPath : cfg.registryPath, python ? 'python' : 'typescript', folder.uri.fsPath);
  const configured = where.ok ? where.path : null;
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
    // registryOf has chosen the JavaScript variant of the path for a JavaScript project: keep that choice.
    typescriptProject: !(reg.ok && reg.file !== configured),
    checkPython: python ? await pythonSyntaxCheck() : undefined,
  });
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

export function moveCallOf(a: AnalyzedCallSite, task: string, targetModel: string): MoveCall {
  return { file: a.site.file, language: a.site.language, model: a.call.model, task, targetModel };
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
  const targetModel = args.model ?? cfg.tiers[args.tier ?? a.inference.recommendedTier];
  let prepared = await preparePlan(services, folder, [moveCallOf(a, task, targetModel)], 'report');
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
    prepared = await preparePlan(services, folder, [moveCallOf(a, task, targetModel)], choice === keep ? 'keep-registry' : 'update-registry');
  }
  return applyPlan(services, prepared);
}

export async function applyPlan(services: TierwiseServices, prepared: PreparedPlan, metadata?: vscode.WorkspaceEditEntryMetadata): Promise<boolean> {
  const { plan } = prepared;
  if (plan.status === 'refused') {
    void vscode.window.showErrorMessage(`Tierwise: ${plan.message}`);
    return false;
  }
  if (plan.status !== 'ok') return false;
  const ok = await vscode.workspace.applyEdit(toWorkspaceEdit(prepared, metadata), metadata ? { isRefactoring: true } : undefined);
  if (!ok) {
    services.log.warn('move to registry: the workspace edit was not applied');
    return false;
  }
  const tasks = [...new Set(plan.outcomes.map((o) => `${o.call.task} → ${o.model}`))].join(', ');
  services.log.info(`moved to registry ${plan.registryFile}: ${tasks}${plan.notes.length ? ` (${plan.notes.join(' ')})` : ''}`);
  vscode.window.setStatusBarMessage(`Tierwise: moved to ${plan.registryFile} as ${tasks}`, 8000);
  const warn = plan.notes.filter((n) => !n.startsWith('Creates '));
  if (warn.length) void vscode.window.showInformationMessage(`Tierwise: ${warn.join(' ')}`);
  return true;
}
