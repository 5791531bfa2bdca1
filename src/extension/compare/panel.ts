import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { buildPriceBook, type PriceOverride } from '../../core/cost/prices';
import { defaultRubric } from '../../core/compare/grade';
import { buildRequest } from '../../core/compare/params';
import type { PromptDraft } from '../../core/compare/prompt';
import { compareClientCache } from '../../core/compare/runner';
import { CompareSession } from '../../core/compare/session';
import { missingFields, parseWebviewMessage, type HostMessage, type PanelInput, type PanelState, type WebviewMessage } from '../../shared/compareProtocol';
import type { TierwiseServices } from '../services';
import type { ApiKeyStore } from './apiKey';
import { compareHtml, makeNonce } from './html';
import { recordCompareInputs } from '../verify/history';

/** Where the prompt came from: a call site (for the registry move and the volume) or a plain selection. */
export interface CompareOrigin {
  label: string;
  uri: vscode.Uri | null;
  callSiteId: string | null;
  range: vscode.Range | null;
  taskType: string | null;
  callsPerDay: number;
  volumeSource: string;
  /** The call's model today (the verdict's reference); null for a selection. */
  current: { model: string | null; expression: string; monthlyUsd: number | null } | null;
}

const MOVE_TO_REGISTRY = 'tierwise.moveToRegistry';

/** The one compare panel. Opening it again replaces its prompt (and cancels a run in progress). */
export class ComparePanel implements vscode.Disposable {
  static current: ComparePanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private session: CompareSession;
  private state: PanelState;
  private estimateCancel: AbortController | null = null;
  private readonly clients = compareClientCache();
  private readonly memento: vscode.Memento;

  static async show(
    context: vscode.ExtensionContext,
    services: TierwiseServices,
    keys: ApiKeyStore,
    draft: PromptDraft,
    origin: CompareOrigin,
  ): Promise<ComparePanel> {
    const state = await ComparePanel.initialState(services, keys, draft, origin);
    if (ComparePanel.current) {
      ComparePanel.current.replace(state, origin);
      ComparePanel.current.panel.reveal(vscode.ViewColumn.Beside);
      return ComparePanel.current;
    }
    const panel = vscode.window.createWebviewPanel('tierwise.compare', 'Compare: Haiku vs Sonnet', vscode.ViewColumn.Beside, {
      enableScripts: true,
      // Streaming output and edits survive switching tabs; there is only ever one panel.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    ComparePanel.current = new ComparePanel(context, services, keys, panel, state, origin);
    return ComparePanel.current;
  }

  private static async initialState(services: TierwiseServices, keys: ApiKeyStore, draft: PromptDraft, origin: CompareOrigin): Promise<PanelState> {
    const config = services.config(origin.uri ?? undefined);
    const models = { haiku: config.tiers.haiku, sonnet: config.tiers.sonnet };
    const commands = await vscode.commands.getCommands(true);
    // Dated ids and aliases name the same model: compare the price table's ids.
    const book = buildPriceBook(config.prices as Record<string, PriceOverride>);
    const canonical = (id: string | null): string | null => (id ? (book.find(id)?.id ?? id) : null);
    const current = origin.current;
    const currentId = canonical(current?.model ?? null);
    return {
      origin: { label: origin.label, callSiteId: origin.callSiteId, taskType: origin.taskType },
      models: { ...models, grader: config.compare.graderModel || models.sonnet },
      input: { prompt: draft.prompt, fields: Object.fromEntries(draft.fields.map((f) => [f, ''])) },
      fieldNames: draft.fields,
      notes: draft.notes,
      omitted: { haiku: buildRequest(models.haiku, draft.prompt).omitted, sonnet: buildRequest(models.sonnet, draft.prompt).omitted },
      callsPerDay: origin.callsPerDay,
      volumeSource: origin.volumeSource,
      blocked: !vscode.workspace.isTrusted ? 'untrusted' : (await keys.has()) ? null : 'no-key',
      maxRuns: Math.min(50, Math.floor(config.compare.maxRuns)),
      rubric: defaultRubric(origin.taskType),
      confirmAboveUsd: config.compare.confirmAboveUsd,
      estimate: null,
      canMoveToRegistry: origin.callSiteId !== null && commands.includes(MOVE_TO_REGISTRY),
      current: current
        ? {
            ...current,
            tier: currentId === null ? null : currentId === canonical(models.haiku) ? 'haiku' : currentId === canonical(models.sonnet) ? 'sonnet' : null,
          }
        : null,
    };
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly services: TierwiseServices,
    private readonly keys: ApiKeyStore,
    readonly panel: vscode.WebviewPanel,
    state: PanelState,
    private origin: CompareOrigin,
  ) {
    this.state = state;
    this.memento = context.workspaceState;
    this.session = this.newSession();
    const webview = panel.webview;
    const asUri = (...p: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, ...p)).toString();
    webview.html = compareHtml(
      {
        cspSource: webview.cspSource,
        nonce: makeNonce((n) => randomBytes(n)),
        scriptUri: asUri('dist', 'webview.js'),
        styleUri: asUri('media', 'compare.css'),
        codiconUri: asUri('dist', 'codicon.css'),
      },
      state,
    );
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (!message) {
          this.services.log.warn('compare: ignored a malformed message from the panel');
          return;
        }
        void this.onMessage(message).catch((e: unknown) => this.services.log.error(`compare: ${e instanceof Error ? e.message : String(e)}`));
      }),
      // Closing the panel cancels whatever is running.
      panel.onDidDispose(() => this.dispose()),
      keys.onDidChange(() => void this.refreshBlocked()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refreshBlocked()),
    );
  }

  private newSession(): CompareSession {
    const config = this.services.config(this.origin.uri ?? undefined);
    return new CompareSession({
      models: { haiku: this.state.models.haiku, sonnet: this.state.models.sonnet },
      graderModel: this.state.models.grader,
      priceBook: buildPriceBook(config.prices as Record<string, PriceOverride>),
      timeoutMs: config.compare.timeoutSeconds * 1000,
      maxRetries: 2,
      callsPerDay: this.origin.callsPerDay,
      confirmAboveUsd: config.compare.confirmAboveUsd,
      currentModel: this.origin.current?.model ?? null,
      client: async () => {
        // Never a live call from an untrusted workspace, whatever the webview sends.
        if (!vscode.workspace.isTrusted) return null;
        const apiKey = await this.keys.get();
        if (!apiKey) return null;
        const cfg = this.services.config(this.origin.uri ?? undefined);
        return this.clients({ apiKey, baseURL: cfg.anthropicBaseUrl, timeoutMs: cfg.compare.timeoutSeconds * 1000, maxRetries: 2 });
      },
      post: (m) => this.post(m),
    });
  }

  private replace(state: PanelState, origin: CompareOrigin): void {
    this.session.dispose();
    this.state = state;
    this.origin = origin;
    this.session = this.newSession();
    this.post({ type: 'state', state });
    // The webview re-renders from the new state without a new `ready`: estimate the new prompt from here.
    void this.sendEstimate(state.input, 1, false).catch(() => undefined);
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async refreshBlocked(): Promise<void> {
    const blocked = !vscode.workspace.isTrusted ? 'untrusted' : (await this.keys.has()) ? null : 'no-key';
    if (blocked === this.state.blocked) return;
    this.state = { ...this.state, blocked };
    this.post({ type: 'state', state: this.state });
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.sendEstimate(this.state.input, 1, false);
      case 'estimate':
        this.state = { ...this.state, input: m.input };
        return this.sendEstimate(m.input, Math.min(m.runs, this.state.maxRuns), m.grade);
      case 'cancel':
        this.session.cancel();
        return;
      case 'setApiKey':
        await vscode.commands.executeCommand('tierwise.setApiKey');
        return;
      case 'choose':
        return this.choose(m.tier);
      case 'run':
        return this.run(m.input, Math.min(m.runs, this.state.maxRuns), m.grade, m.rubric);
    }
  }

  private async sendEstimate(input: PanelInput, runs: number, grade: boolean): Promise<void> {
    this.estimateCancel?.abort();
    const ctrl = new AbortController();
    this.estimateCancel = ctrl;
    const estimate = await this.session.estimate(input, runs, grade, ctrl.signal);
    if (ctrl.signal.aborted) return;
    this.state = { ...this.state, estimate };
    this.post({ type: 'estimate', estimate });
  }

  private async run(input: PanelInput, runs: number, grade: boolean, rubric: string): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'notice', level: 'warning', message: 'This workspace is not trusted: comparisons cannot run here. Estimates only.' });
      return;
    }
    if (!(await this.keys.has())) {
      await this.refreshBlocked();
      return;
    }
    // A required run-time value is empty: the session refuses with its notice, before any cost dialog.
    if (missingFields(input, this.state.fieldNames).length > 0) return this.session.run(input, runs, grade, rubric, this.state.fieldNames);
    const estimate = await this.session.estimate(input, runs, grade);
    this.post({ type: 'estimate', estimate });
    if (estimate.needsConfirm) {
      const cost = estimate.usd === null ? 'an unknown amount (a model has no price in the table)' : `up to $${estimate.usd.toFixed(estimate.usd < 1 ? 4 : 2)}`;
      const answer = await vscode.window.showWarningMessage(
        `This comparison may cost ${cost}: ${runs} run${runs === 1 ? '' : 's'} on ${this.state.models.haiku} and ${this.state.models.sonnet}${grade ? ' plus grading' : ''}. Run it?`,
        { modal: true, detail: `The limit is tierwise.compare.confirmAboveUsd ($${this.state.confirmAboveUsd}).` },
        'Run',
      );
      if (answer !== 'Run') return;
    }
    this.services.log.info(`compare: ${runs} run(s) on ${this.state.models.haiku} and ${this.state.models.sonnet}${grade ? ' with grading' : ''}`);
    await this.session.run(input, runs, grade, rubric, this.state.fieldNames);
    // The values this call ran with: a verification dataset can start from them ("From past comparisons").
    if (this.origin.callSiteId) void recordCompareInputs(this.memento, this.origin.callSiteId, input.fields).catch(() => undefined);
  }

  private async choose(tier: 'haiku' | 'sonnet'): Promise<void> {
    const model = this.state.models[tier];
    const commands = await vscode.commands.getCommands(true);
    if (this.origin.callSiteId && this.origin.uri && commands.includes(MOVE_TO_REGISTRY)) {
      await vscode.commands.executeCommand(MOVE_TO_REGISTRY, {
        uri: this.origin.uri,
        callSiteId: this.origin.callSiteId,
        range: this.origin.range,
        tier,
        model,
      });
      return;
    }
    await vscode.env.clipboard.writeText(model);
    void vscode.window.showInformationMessage(`Copied “${model}” to the clipboard: use it as this call's model.`);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    this.session.dispose();
    this.estimateCancel?.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
