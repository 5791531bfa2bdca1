// The editor's side of the Claude judge, loaded on first use (it brings the Anthropic SDK and the usage file's
// validator): consent with the cost, progress with cancel, the answers as pending task types, Accept into
// .tierwise.json (atomically), "Set task type…" as one undoable edit, and a batch resumed after a reload.
import * as vscode from 'vscode';
import { createCompareClient } from '../../core/compare/runner';
import { acceptVerdicts, annotationWithTask, setTaskTypeInUsage } from '../../core/infer/judge/accept';
import { planJudgeRun, resultSummary, siteResults, type JudgeCandidate, type SiteResult } from '../../core/infer/judge/plan';
import { estimateJudgeCost, estimateText, judgeWithBatch, judgeWithMessages, waitForBatch, type BatchProgress, type JudgeOutcome } from '../../core/infer/judge/run';
import type { JudgeVerdict } from '../../core/infer/judge/verdict';
import { buildPriceBook, mergeTables, PRICE_TABLE } from '../../core/cost/prices';
import { DEFAULT_TIER } from '../../core/infer/tier';
import { TASK_TYPES } from '../../core/types';
import type { ApiKeyStore } from '../compare/apiKey';
import { USAGE_FILE } from '../index/exclude';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { AnalyzedCallSite, CallSiteCommandArgs } from '../services';
import { itemId, splitItemId, type EditorBatchRecord, type JudgeStore } from './store';

export interface SessionContext {
  index: WorkspaceIndex;
  store: JudgeStore;
  keys: ApiKeyStore;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The call site a command is about: a lens passes `{ uri, callSiteId, range }`; a hover link passes the uri as a
 * string (its arguments are JSON). Anything else: no site.
 */
function siteArgs(arg: unknown): Pick<CallSiteCommandArgs, 'uri' | 'callSiteId'> | null {
  if (typeof arg !== 'object' || arg === null) return null;
  const { uri, callSiteId } = arg as { uri?: unknown; callSiteId?: unknown };
  if (typeof callSiteId !== 'string') return null;
  if (uri instanceof vscode.Uri) return { uri, callSiteId };
  if (typeof uri === 'string') {
    try {
      return { uri: vscode.Uri.parse(uri, true), callSiteId };
    } catch {
      return null;
    }
  }
  if (uri && typeof uri === 'object' && typeof (uri as { scheme?: unknown }).scheme === 'string') return { uri: vscode.Uri.from(uri as vscode.Uri), callSiteId };
  return null;
}

/** The sites a command is about: the lens's one site, else every site of the workspace. With their folder. */
async function sitesFor(ctx: SessionContext, arg: unknown): Promise<{ folder: vscode.WorkspaceFolder; a: AnalyzedCallSite }[]> {
  const site = siteArgs(arg);
  if (site) {
    const folder = vscode.workspace.getWorkspaceFolder(site.uri);
    const doc = await vscode.workspace.openTextDocument(site.uri);
    const a = (await ctx.index.callSitesIn(doc)).find((s) => s.site.id === site.callSiteId);
    return folder && a ? [{ folder, a }] : [];
  }
  if (ctx.index.indexing) await ctx.index.reindexDone();
  const out: { folder: vscode.WorkspaceFolder; a: AnalyzedCallSite }[] = [];
  for (const a of ctx.index.allCallSites()) {
    const uri = ctx.index.uriOf(a);
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    if (folder) out.push({ folder, a });
  }
  return out;
}

/** The judge model: the setting, else the folder's Haiku tier model (the usage file's `tiers` win over settings). */
function judgeModel(ctx: SessionContext, folder?: vscode.WorkspaceFolder): string {
  const cfg = ctx.index.config(folder?.uri);
  if (cfg.classify.model) return cfg.classify.model;
  const state = ctx.index.folderStates().find((f) => !folder || f.folder.uri.toString() === folder.uri.toString());
  return state?.pricing?.tiers.haiku ?? cfg.tiers.haiku;
}

function hostOf(baseUrl: string | undefined): string {
  try {
    return baseUrl ? new URL(baseUrl).host : 'api.anthropic.com';
  } catch {
    return 'api.anthropic.com';
  }
}

/** Untrusted workspace or no key: say so and send nothing. True when classification may go ahead. */
async function mayClassify(ctx: SessionContext): Promise<string | null> {
  if (!vscode.workspace.isTrusted) {
    const pick = await vscode.window.showWarningMessage(
      'Tierwise: classifying with Claude sends code from this workspace to Anthropic, so it is off in Restricted Mode. Nothing was sent. Trust the workspace to use it.',
      'Manage Workspace Trust',
    );
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
    return null;
  }
  const key = await ctx.keys.get();
  if (!key) {
    const pick = await vscode.window.showWarningMessage('Tierwise: classifying with Claude needs an Anthropic API key (SecretStorage or ANTHROPIC_API_KEY). Nothing was sent.', 'Set API Key');
    if (pick) void vscode.commands.executeCommand('tierwise.setApiKey');
    return null;
  }
  return key;
}

export async function classify(ctx: SessionContext, arg?: unknown): Promise<void> {
  const { store, index } = ctx;
  if (store.running) {
    void vscode.window.showInformationMessage('Tierwise: a classification is already running (see its progress notification).');
    return;
  }
  const apiKey = await mayClassify(ctx);
  if (!apiKey) return;
  // A batch from an earlier window was paid for: collect it first, so its cards are answered from the cache.
  if (store.batch) await resumeBatch(ctx);
  const sites = await sitesFor(ctx, arg);
  if (!sites.length) {
    void vscode.window.showInformationMessage('Tierwise: no LLM call sites to classify.');
    return;
  }
  const folder0 = sites[0].folder;
  const cfg = index.config(folder0.uri);
  const model = judgeModel(ctx, folder0);
  const candidates: JudgeCandidate[] = sites.map(({ folder, a }) => ({ id: itemId(folder.uri.toString(), a.site.id), call: a.call, inference: a.inference }));
  const plan = planJudgeRun(candidates, model, (key) => store.cached(key));
  const results = (outcomes: readonly JudgeOutcome[]) => siteResults(plan, outcomes);
  index.log.info(`classify: ${sites.length} call site(s): ${plan.send.length} to send to ${model}, ${plan.cached.length} answered from the cache, ${plan.skipped.length} with a task type set`);

  if (!plan.send.length) {
    const r = results([]);
    await store.record(toRecords(r));
    void summarize(ctx, r, plan.cached.length ? `${plan.cached.length} answered from the cache: nothing was sent.` : 'Every call site here has its task type set already: nothing was sent.');
    return;
  }

  const batch = plan.send.length > cfg.classify.batchAboveSites;
  const client = createCompareClient({ apiKey, baseURL: cfg.anthropicBaseUrl, timeoutMs: 120_000, maxRetries: 0 });
  const book = buildPriceBook(cfg.prices, mergeTables(PRICE_TABLE, cfg.priceTable));
  const estimate = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Tierwise: counting tokens…', cancellable: true }, (_p, token) => {
    const ac = new AbortController();
    token.onCancellationRequested(() => ac.abort());
    return estimateJudgeCost(plan.send, model, book, { client, batch, date: today(), signal: ac.signal });
  });
  const more = [
    plan.cached.length ? `${plan.cached.length} more are answered from the cache (not sent again)` : '',
    plan.skipped.length ? `${plan.skipped.length} keep the task type set for them (usage file, annotation or registry)` : '',
  ].filter(Boolean);
  const detail = [
    `The cards contain code from this workspace (prompt text, output schemas, tool, function and file names) and are sent to ${hostOf(cfg.anthropicBaseUrl)} with your API key.`,
    more.length ? `${more.join('; ')}.` : '',
    estimate.counted === 'count_tokens' ? 'Input tokens counted with count_tokens; output estimated.' : 'Estimated here (count_tokens did not answer).',
  ]
    .filter(Boolean)
    .join('\n\n');
  const send = batch ? 'Send as a Batch' : 'Send';
  const pick = await vscode.window.showWarningMessage(`Classify with Claude: ${estimateText(estimate)}?`, { modal: true, detail }, send);
  if (pick !== send) {
    index.log.info('classify: the user did not send the cards');
    return;
  }

  store.running = true;
  try {
    const outcomes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Tierwise: classifying ${plan.send.length} call site${plan.send.length === 1 ? '' : 's'} with ${model}`, cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        if (!batch) {
          let last = 0;
          return judgeWithMessages(client, plan.send, {
            date: today(),
            signal: ac.signal,
            onOutcome: (_o, done, total) => {
              progress.report({ message: `${done}/${total} answered`, increment: ((done - last) * 100) / total });
              last = done;
            },
          });
        }
        const r = await judgeWithBatch(client, plan.send, {
          date: today(),
          signal: ac.signal,
          pollMs: cfg.classify.batchPollSeconds * 1000,
          onCreated: (record) => store.setBatch({ ...record, folders: [...new Set(plan.send.map((s) => splitItemId(s.id).folder))] }),
          onProgress: batchProgress(progress),
        });
        if (r.ended) await store.setBatch(null);
        return r.outcomes;
      },
    );
    const r = results(outcomes);
    await store.record(toRecords(r));
    // Not awaited: the notification stays until the user closes it, and the run is over.
    void summarize(ctx, r);
  } finally {
    store.running = false;
  }
}

function batchProgress(progress: vscode.Progress<{ message?: string; increment?: number }>): (p: BatchProgress) => void {
  let last = 0;
  return (p) => {
    const done = p.succeeded + p.errored + p.canceled + p.expired;
    progress.report({ message: `batch ${p.status === 'ended' ? 'ended' : 'running'}: ${done}/${p.total} done (Cancel keeps what is answered)`, increment: ((done - last) * 100) / Math.max(1, p.total) });
    last = done;
  };
}

type StoreRecord = { folder: string; id: string; verdict?: JudgeVerdict; problem?: { state: 'refused' | 'invalid' | 'failed' | 'cancelled'; message: string } };

function toRecords(results: readonly SiteResult[]): StoreRecord[] {
  return results.flatMap((r): StoreRecord[] => {
    const { folder, id } = splitItemId(r.id);
    if ('verdict' in r) return [{ folder, id, verdict: r.verdict }];
    if (r.state === 'skipped') return [];
    return [{ folder, id, problem: { state: r.state, message: r.message } }];
  });
}

/** The outcome in one notification, with Accept when there are answers to accept. */
async function summarize(ctx: SessionContext, results: readonly SiteResult[], lead?: string): Promise<void> {
  const problems = results.filter((r) => 'message' in r && r.state !== 'skipped') as Extract<SiteResult, { message: string }>[];
  for (const p of problems) ctx.index.log.warn(`classify ${splitItemId(p.id).id}: ${p.state}: ${p.message}`);
  const answered = results.filter((r) => 'verdict' in r).length;
  const text = `Tierwise: ${lead ? `${lead} ` : ''}${resultSummary(results)}.${answered ? ' The lenses and hovers show Claude’s task types; Accept writes them to .tierwise.json for the team.' : ''}${problems.length ? ' The hovers and the Tierwise output say what went wrong.' : ''}`;
  const actions = [answered ? 'Accept' : '', problems.length ? 'Show Output' : ''].filter(Boolean);
  const show = problems.length && !answered ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const pick = await show(text, ...actions);
  if (pick === 'Accept') await accept(ctx);
  else if (pick === 'Show Output') ctx.index.log.show(true);
}

/** Writes every pending answer that still fits its call into its folder's .tierwise.json, atomically. */
export async function accept(ctx: SessionContext, arg?: unknown): Promise<void> {
  const { store, index } = ctx;
  let pending = store.allPending();
  const site = siteArgs(arg);
  if (site) {
    const folder = vscode.workspace.getWorkspaceFolder(site.uri)?.uri.toString();
    pending = pending.filter((p) => p.folder === folder && p.id === site.callSiteId);
  }
  if (!pending.length) {
    void vscode.window.showInformationMessage('Tierwise: there are no answers from Claude to accept.');
    return;
  }
  // Only answers the analysis shows now: an answer for an older version of its call (the prompt changed) is not written.
  const current = new Map<string, AnalyzedCallSite>();
  for (const a of index.allCallSites()) {
    const uri = index.uriOf(a);
    const f = uri && vscode.workspace.getWorkspaceFolder(uri);
    if (f) current.set(itemId(f.uri.toString(), a.site.id), a);
  }
  const byFolder = new Map<string, { id: string; verdict: JudgeVerdict }[]>();
  let stale = 0;
  for (const p of pending) {
    const a = current.get(itemId(p.folder, p.id));
    if (!a?.inference.judged || a.inference.judged.accepted || a.site.taskType !== p.verdict.taskType) {
      stale++;
      continue;
    }
    const list = byFolder.get(p.folder) ?? [];
    list.push({ id: p.id, verdict: p.verdict });
    byFolder.set(p.folder, list);
  }
  let written = 0;
  const files: vscode.Uri[] = [];
  for (const [folderKey, list] of byFolder) {
    const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.toString() === folderKey);
    if (!folder) continue;
    const uri = vscode.Uri.joinPath(folder.uri, USAGE_FILE);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) {
      void vscode.window.showErrorMessage(`Tierwise: ${USAGE_FILE} in ${folder.name} has unsaved changes: save or revert them, then Accept again. Nothing was written.`);
      continue;
    }
    let existing: string | null = null;
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (e) {
      if (!(e instanceof vscode.FileSystemError) || e.code !== 'FileNotFound') {
        void vscode.window.showErrorMessage(`Tierwise: cannot read ${USAGE_FILE} in ${folder.name}: ${errorText(e)}. Nothing was written.`);
        continue;
      }
    }
    const r = acceptVerdicts(existing, list, USAGE_FILE);
    if ('error' in r) {
      void vscode.window.showErrorMessage(`Tierwise: ${r.error}`);
      continue;
    }
    // A temp file beside it, then a rename: a reader never sees half a file, and a failure leaves the old one.
    const tmp = vscode.Uri.joinPath(folder.uri, `.${USAGE_FILE}.${Date.now().toString(36)}.tmp`);
    try {
      await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(r.text));
      await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
    } catch (e) {
      await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
      void vscode.window.showErrorMessage(`Tierwise: could not write ${USAGE_FILE} in ${folder.name}: ${errorText(e)}. It is unchanged.`);
      continue;
    }
    await store.clearPending(r.written.map((id) => ({ folder: folderKey, id })));
    written += r.written.length;
    files.push(uri);
    index.log.info(`accept: wrote ${r.written.length} task types to ${uri.toString(true)}`);
  }
  const staleText = stale ? ` ${stale} answer${stale === 1 ? ' was' : 's were'} for an earlier version of ${stale === 1 ? 'its call' : 'their calls'} and not written: classify again.` : '';
  if (written) {
    const pick = await vscode.window.showInformationMessage(`Tierwise: wrote ${written} task type${written === 1 ? '' : 's'} from Claude to ${USAGE_FILE}: commit it so every teammate and the CLI see them.${staleText}`, 'Open .tierwise.json');
    if (pick && files[0]) await vscode.window.showTextDocument(files[0]);
  } else if (staleText) void vscode.window.showWarningMessage(`Tierwise:${staleText}`);
}

export async function discard(ctx: SessionContext): Promise<void> {
  const pending = ctx.store.allPending();
  await ctx.store.clearPending(pending);
  void vscode.window.showInformationMessage(`Tierwise: discarded ${pending.length} answer${pending.length === 1 ? '' : 's'} from Claude; the offline rules speak again.`);
}

const TASK_HELP: Record<string, string> = {
  classify_intent: 'a label, yes/no or score from a fixed set',
  extract_entities: 'fields or a list taken from the input',
  summarize_short: 'a few sentences or bullets from one text',
  synthesize_documents: 'an answer from several documents',
  generate_code: 'code, SQL, commands (Haiku for short boilerplate)',
  review_code: 'judging code, diffs or errors',
  draft_long_form: 'articles, reports, emails, generated content',
  plan_agent_steps: 'next actions or tools in a loop; plans',
  chat_general: 'open conversation with a person',
  unknown: 'not known: stays on Sonnet',
};

/** "Set task type…": a quick pick, then one undoable edit of the usage file or an annotation above the call. */
export async function setTaskType(ctx: SessionContext, arg?: unknown): Promise<void> {
  let target: { document: vscode.TextDocument; a: AnalyzedCallSite } | undefined;
  const site = siteArgs(arg);
  if (site) {
    const document = await vscode.workspace.openTextDocument(site.uri);
    const a = (await ctx.index.callSitesIn(document)).find((s) => s.site.id === site.callSiteId);
    if (a) target = { document, a };
  } else {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const sites = await ctx.index.callSitesIn(editor.document);
      const at = editor.document.offsetAt(editor.selection.active);
      const a = sites.find((s) => s.call.span.start <= at && at <= s.call.span.end) ?? (sites.length === 1 ? sites[0] : undefined);
      if (a) target = { document: editor.document, a };
    }
  }
  if (!target) {
    void vscode.window.showInformationMessage('Tierwise: put the cursor in an LLM call (or use its lens) to set its task type.');
    return;
  }
  const { document, a } = target;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const items = TASK_TYPES.map((t) => ({ label: t, description: `${DEFAULT_TIER[t] === 'haiku' ? 'Haiku' : t === 'generate_code' ? 'Haiku or Sonnet' : 'Sonnet'} · ${TASK_HELP[t]}`, picked: t === a.site.taskType }));
  const type = await vscode.window.showQuickPick(items, { title: `Task type of ${a.site.id}`, placeHolder: `Now: ${a.site.taskType} (${Math.round(a.site.confidence * 100)}%)` });
  if (!type) return;
  const where = await vscode.window.showQuickPick(
    [
      { label: `In ${USAGE_FILE}`, description: 'for the team and the CLI', detail: `callSites["${a.site.id}"].taskType`, value: 'usage' as const },
      { label: 'As an annotation above the call', description: `${a.site.language === 'python' ? '#' : '//'} tierwise: task=${type.label}`, value: 'annotation' as const },
    ],
    { title: `Where to write task=${type.label}` },
  );
  if (!where) return;
  const edit = new vscode.WorkspaceEdit();
  if (where.value === 'annotation') {
    const ann = a.call.annotation;
    if (ann) {
      const line = document.lineAt(ann.line - 1);
      edit.replace(document.uri, line.range, annotationWithTask(line.text, type.label, a.site.language));
    } else {
      const callLine = document.lineAt(document.positionAt(a.call.callee.offset).line);
      const indent = callLine.text.slice(0, callLine.firstNonWhitespaceCharacterIndex);
      edit.insert(document.uri, callLine.range.start, `${indent}${annotationWithTask(null, type.label, a.site.language)}\n`);
    }
  } else {
    if (!folder) {
      void vscode.window.showErrorMessage('Tierwise: this file is not in a workspace folder, so it has no usage file.');
      return;
    }
    const uri = vscode.Uri.joinPath(folder.uri, USAGE_FILE);
    let existing: vscode.TextDocument | null = null;
    try {
      existing = await vscode.workspace.openTextDocument(uri);
    } catch {
      existing = null;
    }
    const r = setTaskTypeInUsage(existing?.getText() ?? null, a.site.id, type.label, USAGE_FILE);
    if ('error' in r) {
      void vscode.window.showErrorMessage(`Tierwise: ${r.error}`);
      return;
    }
    if (existing) edit.replace(uri, new vscode.Range(existing.positionAt(0), existing.positionAt(existing.getText().length)), r.text);
    else edit.createFile(uri, { contents: new TextEncoder().encode(r.text) });
  }
  if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showErrorMessage('Tierwise: the edit could not be applied.');
}

/** A batch left running by an earlier window: collect it (it was paid for), with progress and cancel. */
export async function resumeBatch(ctx: SessionContext): Promise<void> {
  const { store, index } = ctx;
  const record = store.batch;
  if (!record || store.running) return;
  if (!vscode.workspace.isTrusted) {
    index.log.info(`classify: batch ${record.batchId} waits until the workspace is trusted`);
    return;
  }
  const apiKey = await ctx.keys.get();
  if (!apiKey) {
    index.log.warn(`classify: batch ${record.batchId} waits for an API key`);
    return;
  }
  const cfg = index.config();
  const client = createCompareClient({ apiKey, baseURL: cfg.anthropicBaseUrl, timeoutMs: 120_000, maxRetries: 0 });
  store.running = true;
  try {
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Tierwise: collecting the classification batch (${record.items.length} call sites)`, cancellable: true },
      (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return waitForBatch(client, record as EditorBatchRecord, { date: today(), signal: ac.signal, pollMs: cfg.classify.batchPollSeconds * 1000, onProgress: batchProgress(progress) });
      },
    );
    if (r.ended) await store.setBatch(null);
    const results: SiteResult[] = r.outcomes.map((o) => ('verdict' in o ? { id: o.id, state: 'answered' as const, verdict: o.verdict } : { id: o.id, state: o.problem.state, message: o.problem.message }));
    await store.record(toRecords(results));
    void summarize(ctx, results, 'The batch from before the reload is done:');
  } catch (e) {
    index.log.error(`classify: resuming batch ${record.batchId}: ${errorText(e)}`);
  } finally {
    store.running = false;
  }
}
