// The Verification panel's host: one call site, a dataset of its real inputs, both tiers, grades, the decision.
// Nothing leaves the machine before the user clicks Run and confirms the cost (count_tokens on a sample comes after
// the click, the run after the confirmation); an untrusted workspace or a missing key sends nothing at all.
// The core does the work (src/core/verify); this file adapts it to the editor: files, dialogs, workspace state.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { buildPriceBook, type PriceBook, type PriceOverride } from '../../core/cost/prices';
import { buildRequest } from '../../core/compare/params';
import { draftFromCall, fillPrompt, type PromptDraft, type SourceReader } from '../../core/compare/prompt';
import { compareClientCache, countInputTokens } from '../../core/compare/runner';
import { registryKey } from '../../core/registry';
import { datasetBaseName, datasetFromInputs, datasetTemplate, MAX_DATASET_BYTES, parseDataset } from '../../core/verify/dataset';
import { Detached, PollingStopped } from '../../core/verify/execute';
import { reportMarkdown, usd } from '../../core/verify/format';
import { defaultGradingMode, defaultVerifyRubric, schemaProblem, suggestedSchema } from '../../core/verify/grade';
import { estimateVerification, runVerification, type VerifyCheckpoint, type VerifyProgress, type VerifySpec } from '../../core/verify/job';
import { inputsFromOtlp } from '../../core/verify/otlp';
import type { Dataset, DatasetItem } from '../../core/verify/types';
import { parseSchemaText, parseVerifyMessage, type DatasetSummary, type RunSettings, type VerifyHostMessage, type VerifyPanelState, type VerifyWebviewMessage } from '../../shared/verifyProtocol';
import type { ApiKeyStore } from '../compare/apiKey';
import { makeNonce } from '../compare/html';
import { routeOfSite } from '../registry/move';
import type { AnalyzedCallSite, TierwiseServices } from '../services';
import { moveToHaiku } from './apply';
import { verifyHtml } from './html';
import type { VerifyJobs } from './jobs';

/** The call a panel verifies. */
export interface VerifyTarget {
  uri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  document: vscode.TextDocument;
  site: AnalyzedCallSite;
}

export interface PanelDeps {
  context: vscode.ExtensionContext;
  services: TierwiseServices;
  keys: ApiKeyStore;
  jobs: VerifyJobs;
  /** Values past comparisons of a call ran with. */
  compareInputs: (siteId: string) => Array<Record<string, string>>;
  reader: (document: vscode.TextDocument, site: AnalyzedCallSite) => SourceReader;
}

export const DATASET_DIR = ['.tierwise', 'verify'];
const PREVIEW_CHARS = 2000;
const clip = (s: string, n = PREVIEW_CHARS): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const slug = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'call';

export class VerificationPanel implements vscode.Disposable {
  static current: VerificationPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly clients = compareClientCache();
  private state: VerifyPanelState;
  private dataset: { uri: vscode.Uri; parsed: Dataset } | null = null;
  private job: { cancel: AbortController; detach: AbortController; batched: boolean } | null = null;
  private lastProgress = 0;
  private disposed = false;

  static async show(target: VerifyTarget, deps: PanelDeps, opts: { resume?: boolean } = {}): Promise<VerificationPanel> {
    const cur = VerificationPanel.current;
    if (cur && cur.target.site.site.id === target.site.site.id) {
      cur.panel.reveal(vscode.ViewColumn.Beside);
      if (opts.resume) void cur.resume();
      return cur;
    }
    if (cur?.job) {
      cur.panel.reveal(vscode.ViewColumn.Beside);
      void vscode.window.showWarningMessage(`Tierwise: a verification of ${cur.state.site.taskKey} is running in the panel; cancel it (or let it finish) before verifying another call.`);
      return cur;
    }
    cur?.dispose();
    const draft = await draftFromCall(target.site.call, deps.reader(target.document, target.site));
    const panel = vscode.window.createWebviewPanel('tierwise.verify', 'Verify: Haiku vs Sonnet', vscode.ViewColumn.Beside, {
      enableScripts: true,
      // A run's progress and its report survive switching tabs.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(deps.context.extensionUri, 'dist'), vscode.Uri.joinPath(deps.context.extensionUri, 'media')],
    });
    const p = new VerificationPanel(panel, target, deps, draft, await VerificationPanel.initialState(target, deps, draft));
    VerificationPanel.current = p;
    await p.refreshDatasets(true);
    if (opts.resume) void p.resume();
    return p;
  }

  private static async initialState(target: VerifyTarget, deps: PanelDeps, draft: PromptDraft): Promise<VerifyPanelState> {
    const { site, document } = target;
    const cfg = deps.services.config(target.uri);
    const route = routeOfSite(site, document);
    const taskType = site.inference.taskType;
    const schema = suggestedSchema(site.call.outputSchema, draft.prompt.tools);
    const suggested = defaultGradingMode(taskType, schema !== null);
    const kept = deps.jobs.forSite(site.site.id);
    const state: VerifyPanelState = {
      site: {
        id: site.site.id,
        label: `${site.call.enclosingFunction} · ${site.site.file}:${site.site.line}`,
        taskType,
        taskKey: site.call.registryTask ?? registryKey(taskType, route),
        currentModel: site.site.model.resolved,
        onRegistry: site.call.registryTask !== null,
      },
      models: { haiku: cfg.tiers.haiku, sonnet: cfg.tiers.sonnet, grader: cfg.verify.graderModel || cfg.tiers.haiku },
      host: hostOf(cfg.anthropicBaseUrl),
      fields: draft.fields,
      grading: { mode: suggested, suggested, rubric: defaultVerifyRubric(taskType), schemaText: schema ? JSON.stringify(schema, null, 2) : '' },
      threshold: cfg.verify.threshold,
      minInputs: cfg.verify.minInputs,
      useBatches: cfg.verify.useBatches,
      datasets: [],
      dataset: null,
      blocked: null,
      blockedMessage: null,
      estimate: null,
      running: false,
      progress: null,
      report: null,
      applied: null,
      resumable: kept ? { batchId: kept.checkpoint.generateBatchId ?? kept.checkpoint.gradeBatchId ?? '', startedAt: kept.checkpoint.startedAt, n: kept.checkpoint.spec.dataset.n } : null,
    };
    Object.assign(state, await blockedState(deps.keys, route.claude ? null : (route.reason ?? 'this call does not send Claude model ids')));
    return state;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly target: VerifyTarget,
    private readonly deps: PanelDeps,
    private readonly draft: PromptDraft,
    state: VerifyPanelState,
  ) {
    this.state = state;
    const webview = panel.webview;
    const asUri = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(deps.context.extensionUri, ...p)).toString();
    webview.html = verifyHtml(
      { cspSource: webview.cspSource, nonce: makeNonce((n) => randomBytes(n)), scriptUri: asUri('dist', 'verifyWebview.js'), styleUri: asUri('media', 'verify.css'), codiconUri: asUri('dist', 'codicon.css') },
      state,
    );
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const m = parseVerifyMessage(raw);
        if (!m) {
          deps.services.log.warn('verify: ignored a malformed message from the panel');
          return;
        }
        void this.onMessage(m).catch((e: unknown) => {
          deps.services.log.error(`verify: ${e instanceof Error ? e.message : String(e)}`);
          this.notice('error', `Tierwise: ${e instanceof Error ? e.message : String(e)}`);
        });
      }),
      panel.onDidDispose(() => this.dispose()),
      deps.keys.onDidChange(() => void this.refreshBlocked()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refreshBlocked()),
    );
  }

  // ---------------------------------------------------------------------------------------------

  private post(m: VerifyHostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private pushState(): void {
    this.post({ type: 'state', state: this.state });
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.post({ type: 'notice', level, message });
  }

  private get config() {
    return this.deps.services.config(this.target.uri);
  }

  private priceBook(): PriceBook {
    return buildPriceBook(this.config.prices as Record<string, PriceOverride>);
  }

  private async refreshBlocked(): Promise<void> {
    const route = this.state.blocked === 'not-claude' ? this.state.blockedMessage : null;
    const next = await blockedState(this.deps.keys, route);
    if (next.blocked === this.state.blocked) return;
    Object.assign(this.state, next);
    this.pushState();
  }

  private async onMessage(m: VerifyWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.pushState();
      case 'pickDataset':
        return this.pickDataset(m.file);
      case 'browseDataset':
        return this.browseDataset();
      case 'reloadDataset':
        if (this.dataset) await this.loadDataset(this.dataset.uri);
        return;
      case 'writeTemplate':
        return this.writeTemplate();
      case 'datasetFromCompare':
        return this.fromCompare();
      case 'datasetFromOtlp':
        return this.fromOtlp();
      case 'openDatasetLine':
        if (this.dataset) {
          const pos = new vscode.Position(m.line - 1, 0);
          await vscode.window.showTextDocument(this.dataset.uri, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
        }
        return;
      case 'settings':
        this.applySettings(m.settings);
        await this.localEstimate();
        return this.pushState();
      case 'run':
        this.applySettings(m.settings);
        return this.run();
      case 'resume':
        return this.resume();
      case 'discard':
        return this.discard();
      case 'cancel':
        this.job?.cancel.abort();
        return;
      case 'move':
        return this.move();
      case 'keep':
        this.state.applied = 'kept';
        this.pushState();
        this.notice('info', `Kept ${this.state.site.taskKey} on Sonnet: nothing was changed. The disagreements are below.`);
        return;
      case 'exportReport':
        return this.exportReport();
      case 'setApiKey':
        await vscode.commands.executeCommand('tierwise.setApiKey');
        return;
    }
  }

  private applySettings(s: RunSettings): void {
    this.state.grading = { ...this.state.grading, mode: s.mode, rubric: s.rubric, schemaText: s.schemaText };
    this.state.threshold = s.threshold;
    this.state.useBatches = s.useBatches;
  }

  // ---------------------------------------------------------------------------------------------
  // Datasets

  private rel(uri: vscode.Uri): string {
    const base = this.target.folder.uri.path.replace(/\/?$/, '/');
    return uri.scheme === this.target.folder.uri.scheme && uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.fsPath;
  }

  /** JSONL files of the folder; the verification folder's first. Picks this call's own dataset when there is one. */
  private async refreshDatasets(pickOwn = false): Promise<void> {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(this.target.folder, '**/*.jsonl'), '**/node_modules/**', 200);
    const files = found.map((u) => this.rel(u)).sort((a, b) => Number(!a.startsWith('.tierwise/')) - Number(!b.startsWith('.tierwise/')) || a.localeCompare(b));
    this.state.datasets = files;
    if (pickOwn && !this.dataset) {
      const own = files.find((f) => f.startsWith(`${DATASET_DIR.join('/')}/${this.ownName()}`));
      if (own) return this.loadDataset(vscode.Uri.joinPath(this.target.folder.uri, ...own.split('/')));
    }
    this.pushState();
  }

  private ownName(): string {
    return datasetBaseName(this.state.site.taskKey, this.target.site.call.enclosingFunction);
  }

  private async pickDataset(file: string): Promise<void> {
    // Only a file the panel offered (or the one loaded): the webview does not name arbitrary paths.
    if (!this.state.datasets.includes(file) && file !== this.state.dataset?.file) return;
    const uri = this.state.datasets.includes(file) ? vscode.Uri.joinPath(this.target.folder.uri, ...file.split('/')) : this.dataset!.uri;
    await this.loadDataset(uri);
  }

  private async browseDataset(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: this.target.folder.uri, openLabel: 'Use as Dataset', filters: { 'JSON Lines': ['jsonl', 'ndjson'], 'All files': ['*'] } });
    if (picked?.[0]) await this.loadDataset(picked[0]);
  }

  private async readText(uri: vscode.Uri, maxBytes: number): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File) throw new Error(`${this.rel(uri)} is not a file.`);
    if (stat.size > maxBytes) throw new Error(`${this.rel(uri)} is ${(stat.size / 1048576).toFixed(1)} MB, above the ${Math.round(maxBytes / 1048576)} MB limit.`);
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  }

  private async loadDataset(uri: vscode.Uri): Promise<void> {
    let text: string;
    try {
      text = await this.readText(uri, MAX_DATASET_BYTES);
    } catch (e) {
      this.notice('error', `Cannot read the dataset: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const parsed = parseDataset(text, this.draft.fields);
    this.dataset = { uri, parsed };
    this.state.dataset = this.summary(uri, parsed);
    if (!this.state.datasets.includes(this.state.dataset.file) && !this.state.dataset.file.startsWith('/')) this.state.datasets = [...this.state.datasets, this.state.dataset.file];
    this.state.report = null;
    this.state.applied = null;
    await this.localEstimate();
    this.pushState();
  }

  private summary(uri: vscode.Uri, d: Dataset): DatasetSummary {
    const first = d.items[0];
    let preview: DatasetSummary['preview'] = null;
    if (first) {
      const { request } = buildRequest(this.state.models.haiku, fillPrompt(this.draft.prompt, first.fields, this.draft.fields));
      preview = { system: clip(request.system ?? ''), messages: request.messages.map((m) => ({ role: m.role, content: clip(m.content) })) };
    }
    return { file: this.rel(uri), n: d.items.length, hash: d.hash, problems: d.problems, warnings: d.warnings.slice(0, 50), withExpected: d.items.filter((i) => i.expected !== null).length, preview };
  }

  /** A new file in .tierwise/verify/ (never over one that exists: `name-2.jsonl`, …). */
  private async freshFile(name: string): Promise<vscode.Uri> {
    const dir = vscode.Uri.joinPath(this.target.folder.uri, ...DATASET_DIR);
    await vscode.workspace.fs.createDirectory(dir);
    for (let i = 1; ; i++) {
      const uri = vscode.Uri.joinPath(dir, `${name}${i === 1 ? '' : `-${i}`}.jsonl`);
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        return uri;
      }
    }
  }

  private async writeTemplate(): Promise<void> {
    const uri = await this.freshFile(this.ownName());
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(datasetTemplate(this.draft.fields, 3)));
    await this.refreshDatasets();
    await this.loadDataset(uri);
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
    const keys = this.draft.fields.length ? this.draft.fields.map((f) => `"${f}"`).join(', ') : 'none (every call sends the same prompt)';
    this.notice('info', `Wrote ${this.rel(uri)}: one line per input with the keys ${keys}, and "$expected" for the right answer (delete it to grade against Sonnet). Fill in 100–200 real inputs, save, then Reload.`);
  }

  private async writeDataset(name: string, inputs: Array<{ values: Record<string, string>; id?: string }>): Promise<{ uri: vscode.Uri; lines: number; repeats: number }> {
    const made = datasetFromInputs(this.draft.fields, inputs);
    const uri = await this.freshFile(name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(made.text));
    await this.refreshDatasets();
    await this.loadDataset(uri);
    return { uri, lines: made.lines, repeats: made.repeats };
  }

  private async fromCompare(): Promise<void> {
    const inputs = this.deps.compareInputs(this.state.site.id).map((values) => ({ values }));
    if (!inputs.length) {
      this.notice('warning', 'No past comparisons of this call with its fields filled in. Compare it a few times (each run is kept), or write a template.');
      return;
    }
    const r = await this.writeDataset(`${this.ownName()}.from-compare`, inputs);
    this.notice('info', `Wrote ${this.rel(r.uri)}: ${r.lines} input${r.lines === 1 ? '' : 's'} from past comparisons${r.repeats ? ` (${r.repeats} repeats left out)` : ''}. Add more real inputs for a useful interval.`);
  }

  private async fromOtlp(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: this.target.folder.uri, openLabel: 'Read Prompts', filters: { 'OTLP JSON': ['json', 'jsonl', 'ndjson'], 'All files': ['*'] } });
    if (!picked?.[0]) return;
    let text: string;
    try {
      text = await this.readText(picked[0], 200 * 1024 * 1024);
    } catch (e) {
      this.notice('error', `Cannot read the export: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const found = inputsFromOtlp(text, this.draft.prompt, this.draft.fields);
    const problems = found.problems.length ? ` (${found.problems.slice(0, 3).join('; ')})` : '';
    if (!found.inputs.length) {
      this.notice('warning', `No input of this call in the export: ${found.spans} span${found.spans === 1 ? '' : 's'}, ${found.withPrompt} with a prompt, none fitting this call's prompt${problems}. Spans need their prompt (gen_ai.input.messages or gen_ai.prompt).`);
      return;
    }
    const r = await this.writeDataset(`${this.ownName()}.from-otel`, found.inputs);
    this.notice('info', `Wrote ${this.rel(r.uri)}: ${r.lines} input${r.lines === 1 ? '' : 's'} from ${found.spans} spans (${found.otherPrompts} prompts of other jobs left out${r.repeats ? `, ${r.repeats} repeats` : ''})${problems}.`);
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  private spec(): VerifySpec | string {
    const d = this.dataset;
    if (!d || d.parsed.problems.length || !d.parsed.items.length) return 'Pick a dataset without problems first.';
    const s = this.state;
    let schema: Record<string, unknown> | null = null;
    if (s.grading.mode === 'json') {
      const parsed = parseSchemaText(s.grading.schemaText);
      if ('error' in parsed) return parsed.error;
      schema = parsed.schema;
      const bad = schema ? schemaProblem(schema) : null;
      if (bad) return `The JSON Schema does not compile: ${bad}`;
    }
    if (s.grading.mode === 'rubric' && !s.grading.rubric.trim()) return 'Write a rubric for the grader first.';
    const cfg = this.config;
    return {
      siteId: s.site.id,
      taskKey: s.site.taskKey,
      taskType: s.site.taskType,
      prompt: this.draft.prompt,
      fields: this.draft.fields,
      models: s.models,
      grading: { mode: s.grading.mode, rubric: s.grading.rubric, schema },
      threshold: s.threshold,
      minInputs: s.minInputs,
      dataset: { file: s.dataset?.file ?? '', hash: d.parsed.hash, n: d.parsed.items.length },
      useBatches: s.useBatches,
      latencySample: cfg.verify.latencySample,
    };
  }

  private async localEstimate(): Promise<void> {
    const spec = this.spec();
    this.state.estimate = typeof spec === 'string' || !this.dataset ? null : await estimateVerification(spec, this.dataset.parsed.items, { priceBook: this.priceBook() });
  }

  private async client() {
    // Never a live call from an untrusted workspace, whatever the webview sends.
    if (!vscode.workspace.isTrusted) return null;
    const apiKey = await this.deps.keys.get();
    if (!apiKey) return null;
    const cfg = this.config;
    return this.clients({ apiKey, baseURL: cfg.anthropicBaseUrl, timeoutMs: cfg.compare.timeoutSeconds * 1000, maxRetries: 2 });
  }

  private async sendable(): Promise<boolean> {
    await this.refreshBlocked();
    if (this.state.blocked) {
      this.notice('warning', `${this.state.blockedMessage ?? 'Verification is not available here.'} Nothing was sent.`);
      return false;
    }
    return true;
  }

  private async run(): Promise<void> {
    if (this.job) return;
    if (!(await this.sendable())) return;
    const spec = this.spec();
    if (typeof spec === 'string') {
      this.notice('warning', `${spec} Nothing was sent.`);
      return;
    }
    const items = this.dataset!.parsed.items;
    const client = await this.client();
    if (!client) return;
    // The exact estimate: count_tokens on a sample, after the click and before anything costs money.
    this.post({ type: 'progress', progress: { phase: 'answers', done: 0, total: 0, message: `Counting the tokens of ${Math.min(5, items.length)} sample inputs (count_tokens, free)…` } });
    const estimate = await estimateVerification(spec, items, {
      priceBook: this.priceBook(),
      count: (model, r) => countInputTokens(client, model, { system: r.system ?? '', messages: r.messages, tools: r.tools ?? [], maxTokens: r.max_tokens, temperature: null }),
    });
    this.state.estimate = estimate;
    this.state.progress = null;
    this.pushState();
    const bound = spec.useBatches ? estimate.usd.batch : estimate.usd.direct;
    const cost = bound === null ? 'an unknown amount (a model has no price in the table)' : `at most ${usd(bound)}`;
    const parts = [
      `${estimate.requests.answers} requests (${estimate.n} inputs on ${spec.models.haiku} and ${spec.models.sonnet})${spec.useBatches ? ' in one Message Batch, 50% off' : ' as direct requests'}`,
      estimate.requests.latency ? `${estimate.requests.latency} direct requests timing ${estimate.requests.latency / 2} inputs on each tier` : '',
      estimate.requests.grades ? `${estimate.requests.grades} grading requests on ${spec.models.grader}` : '',
    ].filter(Boolean);
    const answer = await vscode.window.showWarningMessage(
      `Verify ${spec.taskKey} on ${estimate.n} inputs for ${cost}?`,
      {
        modal: true,
        detail: `Sends to ${this.state.host}: ${parts.join('; ')}. Each request is the call's prompt with one line of ${spec.dataset.file}. Estimate: ${estimate.source} on ${estimate.sampled} inputs × ${estimate.n}, every answer at max_tokens (${spec.prompt.maxTokens}).${spec.useBatches && estimate.usd.direct !== null ? ` If the Batches API is not available, direct requests cost up to ${usd(estimate.usd.direct)}.` : ''}`,
      },
      'Run',
    );
    if (answer !== 'Run') {
      this.notice('info', 'Not run. Only the token count of the sample inputs was sent (free).');
      return;
    }
    this.deps.services.log.info(`verify: ${spec.taskKey} on ${estimate.n} inputs (${spec.useBatches ? 'batch' : 'direct'}), ${spec.models.haiku} vs ${spec.models.sonnet}, grading ${spec.grading.mode}`);
    await this.startJob(spec, items, undefined);
  }

  private async startJob(spec: VerifySpec, items: readonly DatasetItem[], checkpoint: VerifyCheckpoint | undefined): Promise<void> {
    const client = await this.client();
    if (!client || this.job) return;
    const cancel = new AbortController();
    const detach = new AbortController();
    this.job = { cancel, detach, batched: false };
    this.state.running = true;
    this.state.report = null;
    this.state.applied = null;
    this.state.resumable = null;
    this.pushState();
    const datasetUri = this.dataset?.uri.toString() ?? '';
    const cfg = this.config;
    try {
      const report = await runVerification(spec, items, {
        client,
        priceBook: this.priceBook(),
        signal: cancel.signal,
        detach: detach.signal,
        checkpoint,
        concurrency: cfg.verify.concurrency,
        timeoutMs: cfg.compare.timeoutSeconds * 1000,
        onCheckpoint: async (cp) => {
          if (!cp.generateBatchId && !cp.gradeBatchId) return;
          if (this.job) this.job.batched = true;
          await this.deps.jobs.keep({ checkpoint: cp, datasetUri, uri: this.target.uri.toString() });
        },
        onProgress: (p) => this.progress(p),
      });
      await this.deps.jobs.forget(spec.siteId);
      this.state.report = report;
      this.state.progress = null;
      this.deps.services.log.info(`verify: ${spec.taskKey}: ${report.decision}, ${report.errors}/${report.n} errors`);
    } catch (e) {
      if (e instanceof Detached) return; // the panel went away: the batch goes on, its checkpoint is kept
      const kept = this.deps.jobs.forSite(spec.siteId);
      if (e instanceof PollingStopped && kept) {
        this.state.resumable = { batchId: e.batchId, startedAt: kept.checkpoint.startedAt, n: kept.checkpoint.spec.dataset.n };
        this.notice('warning', e.message);
      } else {
        await this.deps.jobs.forget(spec.siteId);
        this.notice('error', `The verification stopped: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.state.progress = null;
    } finally {
      if (this.job?.cancel === cancel) this.job = null;
      this.state.running = false;
      this.pushState();
    }
  }

  private progress(p: VerifyProgress): void {
    const now = Date.now();
    const phaseChanged = this.state.progress?.phase !== p.phase;
    this.state.progress = p;
    // At most a few messages a second: a large dataset must not flood the webview.
    if (phaseChanged || p.done === p.total || now - this.lastProgress > 200) {
      this.lastProgress = now;
      this.post({ type: 'progress', progress: p });
    }
  }

  /** Polls the batch a closed window left running (the user clicked Resume: nothing but status reads and results). */
  async resume(): Promise<void> {
    const kept = this.deps.jobs.forSite(this.state.site.id);
    if (!kept) {
      this.state.resumable = null;
      this.pushState();
      return;
    }
    if (this.job || !(await this.sendable())) return;
    const uri = vscode.Uri.parse(kept.datasetUri);
    let parsed: Dataset;
    try {
      parsed = parseDataset(await this.readText(uri, MAX_DATASET_BYTES), kept.checkpoint.spec.fields);
    } catch (e) {
      this.notice('error', `Cannot read the dataset the batch was made from: ${e instanceof Error ? e.message : String(e)}. Discard the batch, or put the file back.`);
      return;
    }
    if (parsed.hash !== kept.checkpoint.spec.dataset.hash || parsed.items.length !== kept.checkpoint.spec.dataset.n) {
      this.notice('error', `${this.rel(uri)} changed since the batch was made: its results cannot be matched to its lines. Put the file back as it was, or Discard the batch.`);
      return;
    }
    this.dataset = { uri, parsed };
    this.state.dataset = this.summary(uri, parsed);
    const spec = kept.checkpoint.spec;
    this.state.grading = { ...this.state.grading, mode: spec.grading.mode, rubric: spec.grading.rubric, schemaText: spec.grading.schema ? JSON.stringify(spec.grading.schema, null, 2) : '' };
    this.state.threshold = spec.threshold;
    this.state.useBatches = spec.useBatches;
    this.deps.services.log.info(`verify: resuming ${spec.taskKey} (batch ${kept.checkpoint.generateBatchId ?? kept.checkpoint.gradeBatchId})`);
    await this.startJob(spec, parsed.items, kept.checkpoint);
  }

  /** Forgets a batch left running, and asks Anthropic to cancel it (what it would still cost is not spent). */
  private async discard(): Promise<void> {
    const kept = this.deps.jobs.forSite(this.state.site.id);
    await this.deps.jobs.forget(this.state.site.id);
    this.state.resumable = null;
    this.pushState();
    if (!kept) return;
    const client = await this.client();
    for (const id of [kept.checkpoint.generateBatchId, kept.checkpoint.gradeBatchId]) if (id && client) await client.messages.batches.cancel(id).catch(() => undefined);
    this.notice('info', 'Discarded: the batch was asked to cancel.');
  }

  private async move(): Promise<void> {
    const report = this.state.report;
    if (!report || report.decision !== 'move' || this.state.applied || this.job) return;
    const r = await moveToHaiku(this.deps.services, this.target.uri, this.state.site.id, report);
    if (!r.ok) {
      this.notice('error', `Not moved: ${r.message}`);
      return;
    }
    this.state.applied = 'moved';
    this.pushState();
    void vscode.window.showInformationMessage(`Tierwise: ${r.key} moved to ${report.models.haiku}; the verification is recorded in .tierwise.json. One undo reverts both.`);
  }

  private async exportReport(): Promise<void> {
    const report = this.state.report;
    if (!report) return;
    const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(this.target.folder.uri, `verification-${slug(report.site.taskKey)}.md`), filters: { Markdown: ['md'] } });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(reportMarkdown(report)));
    this.notice('info', `Saved ${this.rel(target)}.`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (VerificationPanel.current === this) VerificationPanel.current = undefined;
    if (this.job) {
      // A batch goes on at Anthropic (it is paid for): let go and keep its checkpoint. Direct requests stop.
      if (this.job.batched) {
        this.job.detach.abort();
        void vscode.window.showInformationMessage(`Tierwise: the verification batch of ${this.state.site.taskKey} goes on at Anthropic. Open "Verify Before Moving to Haiku…" on the call again (or reload) to read its results.`);
      } else this.job.cancel.abort();
    }
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function hostOf(baseUrl: string | undefined): string {
  try {
    return new URL(baseUrl ?? 'https://api.anthropic.com').host;
  } catch {
    return baseUrl ?? 'api.anthropic.com';
  }
}

async function blockedState(keys: ApiKeyStore, notClaude: string | null): Promise<Pick<VerifyPanelState, 'blocked' | 'blockedMessage'>> {
  if (notClaude) return { blocked: 'not-claude', blockedMessage: notClaude.endsWith('.') ? notClaude : `${notClaude}.` };
  if (!vscode.workspace.isTrusted) return { blocked: 'untrusted', blockedMessage: 'This workspace is not trusted: Tierwise shows the dataset and the estimate here but sends nothing. Trust the workspace to run a verification.' };
  if (!(await keys.has())) return { blocked: 'no-key', blockedMessage: 'No Anthropic API key is set (SecretStorage or ANTHROPIC_API_KEY).' };
  return { blocked: null, blockedMessage: null };
}
