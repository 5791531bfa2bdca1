// The lightbulb on a call with a hard-coded model: move it to the registry (recommended tier, current model,
// the other tier, another task type), and the source action that moves every hard-coded model of the file.
import * as vscode from 'vscode';
import { checkMovable, isMovableModel, moveOptions, registryKey } from '../../core/registry';
import { formatMoney } from '../../core/present/format';
import { modelLabel } from '../../core/present/lens';
import type { Tier } from '../../core/types';
import type { AnalyzedCallSite, TierwiseServices } from '../services';
import { applyPlan, moveCallOf, preparePlan, routeOfSite, toWorkspaceEdit, type MoveArgs } from './move';

export const MOVE_COMMAND = 'tierwise.moveToRegistry';
export const MOVE_ALL_COMMAND = 'tierwise.moveAllToRegistry';
export const MOVE_ALL_KIND = vscode.CodeActionKind.Source.append('tierwise').append('moveAllToRegistry');

const TIER_NAME: Record<Tier, string> = { haiku: 'Haiku', sonnet: 'Sonnet' };

export function movable(a: AnalyzedCallSite): boolean {
  return a.call.registryTask === null && a.call.sdk !== 'registry' && isMovableModel(a.call.model);
}

function wants(context: vscode.CodeActionContext, kind: vscode.CodeActionKind): boolean {
  return !context.only || context.only.contains(kind) || kind.contains(context.only);
}

function delta(now: number | null, then: number): string {
  if (now === null) return `${formatMoney(then)}/mo`;
  const d = now - then;
  if (Math.abs(d) < 0.005) return 'same cost';
  return d > 0 ? `saves ${formatMoney(d)}/mo` : `+${formatMoney(-d)}/mo`;
}

class MoveAllAction extends vscode.CodeAction {
  constructor(readonly document: vscode.TextDocument) {
    super('Move all hard-coded models in this file to the registry', MOVE_ALL_KIND);
  }
}

export class MoveToRegistryActions implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorMove, MOVE_ALL_KIND],
  };

  constructor(private readonly services: TierwiseServices) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    try {
      const sites = await this.services.callSitesIn(document, token);
      if (token.isCancellationRequested) return [];
      const out: vscode.CodeAction[] = [];
      // Source actions only when asked for (the Source Action menu, or on save).
      if (context.only && wants(context, MOVE_ALL_KIND) && sites.some(movable)) out.push(new MoveAllAction(document));

      const quick = wants(context, vscode.CodeActionKind.QuickFix);
      const refactor = context.only !== undefined && wants(context, vscode.CodeActionKind.RefactorMove);
      if (!quick && !refactor) return out;
      const kind = quick ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorMove;
      const start = document.offsetAt(range.start);
      const end = document.offsetAt(range.end);
      const a = sites
        .filter((s) => movable(s) && start <= s.call.span.end && end >= s.call.span.start)
        .sort((x, y) => x.call.span.end - x.call.span.start - (y.call.span.end - y.call.span.start))[0];
      if (!a) return out;
      // Offer only what the fix can apply: the same search for the model expression the plan does.
      const check = checkMovable({ file: a.site.file, language: a.site.language, model: a.call.model }, readerFor(document, a.site.file));
      if (!check.ok) {
        const blocked = new vscode.CodeAction('Move model to registry', kind);
        blocked.disabled = { reason: `Tierwise cannot move this model: ${check.message}.` };
        out.push(blocked);
        return out;
      }
      out.push(...this.actionsFor(document, a, kind));
      return out;
    } catch (e) {
      this.services.log.error(`registry code actions: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  private actionsFor(document: vscode.TextDocument, a: AnalyzedCallSite, kind: vscode.CodeActionKind): vscode.CodeAction[] {
    const cfg = this.services.config(document.uri);
    const task = a.inference.taskType;
    const rec = a.inference.recommendedTier;
    const other: Tier = rec === 'haiku' ? 'sonnet' : 'haiku';
    const cost = a.site.monthlyCost;
    const base: MoveArgs = { uri: document.uri, callSiteId: a.site.id };
    const make = (title: string, args: MoveArgs, preferred = false) => {
      const action = new vscode.CodeAction(title, kind);
      action.command = { command: MOVE_COMMAND, title, arguments: [args] };
      action.isPreferred = preferred;
      return action;
    };
    const actions: vscode.CodeAction[] = [];
    // Only moves that keep the provider the call talks to: the Claude tiers where its client takes Claude models
    // (written its way), else its own model under its own key, with the reason the tiers are not offered.
    const route = routeOfSite(a, document);
    const options = moveOptions(route, cfg.tiers);
    const key = registryKey(task, route);
    if (task !== 'unknown') {
      if (route.claude) {
        actions.push(make(`Move model to registry as \`${key}\` (${TIER_NAME[rec]}, ${delta(cost.current, cost[rec])})`, { ...base, task, tier: rec }, true));
        if (options.keep) actions.push(make(`Move model to registry as \`${key}\`, keeping ${modelLabel(options.keep.model, cfg.tiers)}`, { ...base, task, model: options.keep.model }));
        actions.push(make(`Move model to registry as \`${key}\` on ${TIER_NAME[other]} (${delta(cost.current, cost[other])})`, { ...base, task, tier: other }));
      } else {
        if (options.keep) actions.push(make(`Move model to registry as \`${key}\`, keeping ${options.keep.model} (no Claude tier on ${route.label})`, { ...base, task, model: options.keep.model }));
        const blocked = new vscode.CodeAction(`Move model to registry on ${TIER_NAME[rec]}`, kind);
        blocked.disabled = { reason: `Not offered: ${route.reason ?? 'this call does not take Claude models'}.` };
        actions.push(blocked);
      }
    }
    if (route.claude || options.keep) actions.push(make('Move model to registry as another task type…', { ...base, pickTask: true, ...(route.claude ? { tier: rec } : { model: options.keep?.model }) }));
    return actions;
  }

  async resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): Promise<vscode.CodeAction> {
    if (!(action instanceof MoveAllAction)) return action;
    const prepared = await planMoveAll(this.services, action.document, token);
    if (!prepared) return action;
    if (prepared.plan.status === 'ok') {
      action.edit = toWorkspaceEdit(prepared, { needsConfirmation: true, label: 'Move hard-coded models to the task-type registry' });
    } else if (prepared.plan.status === 'refused') {
      action.disabled = { reason: prepared.plan.message };
    }
    return action;
  }
}

/** Reads folder-relative files: this document's own text, else an open editor's. */
function readerFor(document: vscode.TextDocument, file: string): (f: string) => string | null {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return (f) => {
    if (f === file) return document.getText();
    if (!folder) return null;
    const uri = vscode.Uri.joinPath(folder.uri, f).toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? null;
  };
}

/**
 * Every hard-coded model of the file that can move, each on its inferred task type: the recommended tier where the
 * call's client takes Claude models, its own model under its own key elsewhere; the registry wins on a clash.
 */
export async function planMoveAll(services: TierwiseServices, document: vscode.TextDocument, token?: vscode.CancellationToken) {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) return null;
  const cfg = services.config(document.uri);
  const sites = (await services.callSitesIn(document, token)).filter(
    (a) => movable(a) && a.inference.taskType !== 'unknown' && checkMovable({ file: a.site.file, language: a.site.language, model: a.call.model }, readerFor(document, a.site.file)).ok,
  );
  const calls = sites.flatMap((a) => {
    const route = routeOfSite(a, document);
    const target = route.claude ? cfg.tiers[a.inference.recommendedTier] : route.written;
    return target ? [moveCallOf(a, a.inference.taskType, target, document)] : [];
  });
  if (!calls.length) return null;
  return preparePlan(services, folder, calls, 'keep-registry');
}

export async function moveAllCommand(services: TierwiseServices, raw: unknown): Promise<boolean> {
  const uri = raw instanceof vscode.Uri ? raw : vscode.window.activeTextEditor?.document.uri;
  if (!uri) return false;
  const document = await vscode.workspace.openTextDocument(uri);
  const prepared = await planMoveAll(services, document);
  if (!prepared) {
    void vscode.window.showInformationMessage('Tierwise: no hard-coded model to move in this file.');
    return false;
  }
  return applyPlan(services, prepared, { needsConfirmation: true, label: 'Move hard-coded models to the task-type registry' });
}
