// "Move to Haiku" after a verification, and "Revert to Sonnet" after it: each one WorkspaceEdit (one undo) that
// changes the registry and `.tierwise.json` together. The move is the registry move of the quick fix (a hard-coded
// call is rewritten to look its model up; a registry call's entry changes); the provider a call talks to never
// changes (a Bedrock entry stays a Bedrock id).
import * as vscode from 'vscode';
import { claudeIdForm, formatClaudeModel, planSetRegistryEntry, readRegistry } from '../../core/registry';
import { applyEdits, registryEntryEdits } from '../../core/registry/plan';
import { tsSyntaxError } from '../../core/registry';
import { USAGE_FILE as USAGE_FILE_NAME } from '../index/exclude';
import { readVerifications, recordEdits, recordOf, revertRecordEdits, usageEditProblem, type JsonEdit } from '../../core/verify/record';
import type { VerifyReport } from '../../core/verify/types';
import type { TierwiseServices } from '../services';
import { applyPlan, moveCallOf, pickTaskType, preparePlan, pythonSyntaxCheck, registryOf } from '../registry/move';

export type ApplyResult = { ok: true; key: string } | { ok: false; message: string };

interface UsageDoc {
  uri: vscode.Uri;
  document: vscode.TextDocument | null;
}

async function usageDoc(folder: vscode.WorkspaceFolder): Promise<UsageDoc> {
  const uri = vscode.Uri.joinPath(folder.uri, USAGE_FILE_NAME);
  try {
    await vscode.workspace.fs.stat(uri);
    return { uri, document: await vscode.workspace.openTextDocument(uri) };
  } catch {
    return { uri, document: null };
  }
}

/** The usage-file edits inside a WorkspaceEdit (creating the file when there is none). */
function addUsageEdits(edit: vscode.WorkspaceEdit, u: UsageDoc, edits: readonly JsonEdit[], metadata: vscode.WorkspaceEditEntryMetadata): void {
  if (!u.document) {
    edit.createFile(u.uri, { ignoreIfExists: false, overwrite: false }, metadata);
    edit.insert(u.uri, new vscode.Position(0, 0), edits.map((e) => e.newText).join(''), metadata);
    return;
  }
  const doc = u.document;
  for (const e of edits) edit.replace(u.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText, metadata);
}

const today = (): string => new Date().toISOString().slice(0, 10);

/** A tier model written the way the entry writes its model (Bedrock, Vertex, a gateway's prefix). */
function inFormOf(current: string, model: string): string {
  const form = claudeIdForm(current);
  return form ? formatClaudeModel(form, model) : model;
}

/** Moves the verified call's task type to the Haiku model that was verified, and records the verification. */
export async function moveToHaiku(services: TierwiseServices, uri: vscode.Uri, siteId: string, report: VerifyReport): Promise<ApplyResult> {
  if (report.decision !== 'move') return { ok: false, message: 'the verification did not decide to move this task type.' };
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return { ok: false, message: 'the call is outside the workspace folders.' };
  const document = await vscode.workspace.openTextDocument(uri);
  const a = (await services.callSitesIn(document)).find((s) => s.site.id === siteId);
  if (!a) return { ok: false, message: `the call ${siteId} is no longer in ${vscode.workspace.asRelativePath(uri)} (has the file changed?). Nothing was changed.` };
  const haiku = report.models.haiku;
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: `Tierwise: move ${report.site.taskKey} to Haiku (verified)`, needsConfirmation: false };
  const usage = await usageDoc(folder);
  const usageText = usage.document?.getText() ?? null;
  // Checked before anything changes: a usage file that does not parse would take the record in the wrong place.
  const usageProblem = usageText?.trim() ? usageEditProblem(usageText) : null;
  if (usageProblem) return { ok: false, message: `${usageProblem}. Nothing was changed.` };

  if (a.call.registryTask === null) {
    // A hard-coded model: the quick fix's move, on the verified Haiku model.
    const reg = await registryOf(services, folder, a.site.language === 'python' ? 'python' : 'typescript', a.site.file);
    let task = a.inference.taskType;
    if (task === 'unknown') {
      const picked = await pickTaskType(a, reg.ok ? reg.info : null);
      if (!picked) return { ok: false, message: 'no task type chosen; nothing was changed.' };
      task = picked;
    }
    let prepared = await preparePlan(services, folder, [moveCallOf(a, task, haiku, document)], 'report');
    if (prepared.plan.status === 'conflict') {
      const c = prepared.plan.conflicts[0]!;
      const change = `Move ${c.task} to Haiku`;
      const choice = await vscode.window.showWarningMessage(
        `"${c.task}" is already in the registry on ${c.registryModel}.`,
        { modal: true, detail: `Moving it to ${c.requestedModel} moves every call of "${c.task}", not only the one verified.` },
        change,
      );
      if (choice !== change) return { ok: false, message: 'nothing was changed.' };
      prepared = await preparePlan(services, folder, [moveCallOf(a, task, haiku, document)], 'update-registry');
    }
    if (prepared.plan.status === 'refused') return { ok: false, message: prepared.plan.message };
    if (prepared.plan.status !== 'ok') return { ok: false, message: 'nothing was changed.' };
    const key = prepared.plan.outcomes[0]?.key ?? report.site.taskKey;
    const record = recordOf(report, [siteId], today());
    const applied = await applyPlan(services, prepared, metadata, (edit) => addUsageEdits(edit, usage, recordEdits(usageText, key, record), metadata));
    return applied ? { ok: true, key } : { ok: false, message: 'the edit was not applied.' };
  }

  // The call already names its task type: change (or add) the registry entry.
  const task = a.call.registryTask;
  const reg = await registryOf(services, folder, a.site.language === 'python' ? 'python' : 'typescript', a.site.file);
  if (!reg.ok) return { ok: false, message: reg.message };
  if (!reg.document || !reg.info) return { ok: false, message: `the call looks "${task}" up in a registry, but ${reg.file} was not found.` };
  const text = reg.document.getText();
  const entry = reg.info.entries.find((e) => e.task === task);
  const model = inFormOf(entry?.model ?? reg.info.defaultModel?.value ?? haiku, haiku);
  let edits: Array<{ start: number; end: number; newText: string }>;
  if (entry) {
    if (entry.model === model) edits = [];
    else {
      const plan = planSetRegistryEntry(reg.file, text, task, model, reg.file.endsWith('.py') ? await pythonSyntaxCheck() : undefined);
      if (plan.status !== 'ok') return { ok: false, message: plan.message };
      edits = plan.edits;
    }
  } else {
    if (reg.info.problems.length || !reg.info.object) return { ok: false, message: `Tierwise cannot add "${task}" to ${reg.file}: ${reg.info.problems[0] ?? 'MODEL_REGISTRY was not found'}.` };
    edits = registryEntryEdits(reg.info, text, [{ task, model }], []);
    const after = applyEdits(text, edits);
    const error = reg.file.endsWith('.py') ? (await pythonSyntaxCheck())(after) : tsSyntaxError(reg.file, after);
    if (error || !readRegistry(reg.file, after).entries.some((e) => e.task === task && e.model === model)) return { ok: false, message: `adding "${task}" would leave ${reg.file} unparseable${error ? ` (${error})` : ''}.` };
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(reg.uri, new vscode.Range(reg.document.positionAt(e.start), reg.document.positionAt(e.end)), e.newText, metadata);
  addUsageEdits(edit, usage, recordEdits(usageText, task, recordOf(report, [siteId], today())), metadata);
  const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (ok) services.log.info(`verify: ${task} → ${model} in ${reg.file}, verification recorded in ${USAGE_FILE_NAME}`);
  return ok ? { ok: true, key: task } : { ok: false, message: 'the edit was not applied.' };
}

export interface RevertArgs {
  /** The workspace folder's URI (string). */
  folder: string;
  /** The registry file, relative to the folder. */
  file: string;
  task: string;
}

export function isRevertArgs(v: unknown): v is RevertArgs {
  const o = v as Partial<RevertArgs> | null;
  return !!o && typeof o === 'object' && typeof o.folder === 'string' && typeof o.file === 'string' && typeof o.task === 'string';
}

/** "Revert to Sonnet": the registry entry back on the Sonnet tier (in its own id form) and the record marked, in one edit. */
export async function revertToSonnet(services: TierwiseServices, args: RevertArgs): Promise<ApplyResult> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === args.folder);
  if (!folder) return { ok: false, message: 'the workspace folder is gone.' };
  if (args.file.split('/').includes('..')) return { ok: false, message: 'the registry must be inside the workspace folder.' };
  const uri = vscode.Uri.joinPath(folder.uri, ...args.file.split('/'));
  const document = await vscode.workspace.openTextDocument(uri);
  const text = document.getText();
  const entry = readRegistry(args.file, text).entries.find((e) => e.task === args.task);
  if (!entry) return { ok: false, message: `"${args.task}" is not in ${args.file}.` };
  const sonnet = inFormOf(entry.model, services.config(folder.uri).tiers.sonnet);
  const plan = planSetRegistryEntry(args.file, text, args.task, sonnet, args.file.endsWith('.py') ? await pythonSyntaxCheck() : undefined);
  if (plan.status !== 'ok') return { ok: false, message: plan.message };
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: `Tierwise: revert ${args.task} to Sonnet`, needsConfirmation: false };
  const edit = new vscode.WorkspaceEdit();
  for (const e of plan.edits) edit.replace(uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText, metadata);
  const usage = await usageDoc(folder);
  const usageText = usage.document?.getText() ?? null;
  if (usageText !== null && readVerifications(usageText).records[args.task]) {
    const marks = revertRecordEdits(usageText, args.task, today());
    if (marks) addUsageEdits(edit, usage, marks, metadata);
  }
  const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (ok) services.log.info(`verify: reverted ${args.task} to ${sonnet} in ${args.file}`);
  return ok ? { ok: true, key: args.task } : { ok: false, message: 'the edit was not applied.' };
}
