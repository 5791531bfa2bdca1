import * as vscode from 'vscode';
import type { PriceOverride, PriceTable } from '../core/cost/prices';

// The one place that reads settings. Every setting is declared in package.json with a description,
// type, default and scope; keep the two in step.

export type LensDetail = 'full' | 'compact' | 'minimal';

export interface TierwiseConfig {
  tiers: { haiku: string; sonnet: string };
  defaultCallsPerDay: number;
  dynamicInputTokens: number;
  exclude: string[];
  /** Scan test, spec and mock files too (left out by default; the views say how many there are). */
  scanTests: boolean;
  /** Time budget of one file, in seconds (`tierwise.scan.fileTimeoutSeconds`). */
  fileTimeoutSeconds: number;
  registryPath: string;
  pythonRegistryPath: string;
  lensEnabled: boolean;
  lensDetail: LensDetail;
  /** Price overrides per model id, same shape as the usage file's `prices`. */
  prices: Record<string, PriceOverride>;
  /** `tierwise.prices.file`: the team's price table, relative to the workspace folder ("" for none). */
  pricesFile: string;
  /** `tierwise.prices.url` (application scope): where "Update Prices from URL" downloads a price list ("" for none). */
  pricesUrl: string;
  /** The validated price file and downloaded list of the scope's folder, merged; null when there is none. */
  priceTable: PriceTable | null;
  /** Application-scoped: a workspace cannot redirect requests that carry the API key. */
  anthropicBaseUrl: string | undefined;
  compare: { confirmAboveUsd: number; graderModel: string; timeoutSeconds: number; maxRuns: number };
  /** Verification before moving a task type to Haiku (`tierwise.verify.*`). */
  verify: { threshold: number; minInputs: number; graderModel: string; useBatches: boolean; concurrency: number; latencySample: number; maxAgeDays: number };
  /** The Claude judge (application scope: the key's owner decides what it is spent on). */
  classify: { model: string; batchAboveSites: number; batchPollSeconds: number };
  /** `tierwise.caching.suggest`: show where a cache_control breakpoint would save money (issue #15). */
  cachingSuggestions: boolean;
}

export function readConfig(scope?: vscode.ConfigurationScope): TierwiseConfig {
  const c = vscode.workspace.getConfiguration('tierwise', scope);
  const baseUrl = applicationValue<string>(c, 'anthropic.baseUrl')?.trim();
  return {
    tiers: { haiku: c.get('tiers.haiku', 'claude-haiku-5-5'), sonnet: c.get('tiers.sonnet', 'claude-sonnet-5-5') },
    defaultCallsPerDay: positive(c.get('defaultCallsPerDay', 1000), 1000),
    dynamicInputTokens: positive(c.get('dynamicInputTokens', 500), 500),
    exclude: c.get<string[]>('exclude', []).filter((g) => typeof g === 'string'),
    scanTests: c.get<boolean>('scanTests', false) === true,
    fileTimeoutSeconds: Math.min(600, Math.max(1, Number(c.get<number>('scan.fileTimeoutSeconds', 10)) || 10)),
    registryPath: c.get('registryPath', 'src/llm/modelRegistry.ts'),
    pythonRegistryPath: c.get('pythonRegistryPath', 'model_registry.py'),
    lensEnabled: c.get('lens.enabled', true),
    lensDetail: lensDetail(c.get<string>('lens.detail', 'compact')),
    prices: plainPrices(c.get('prices', {})),
    pricesFile: (c.get<string>('prices.file', '') ?? '').trim(),
    pricesUrl: (applicationValue<string>(c, 'prices.url') ?? '').trim(),
    priceTable: priceTableSource?.(scope) ?? null,
    anthropicBaseUrl: baseUrl ? baseUrl : undefined,
    compare: {
      confirmAboveUsd: Math.max(0, c.get('compare.confirmAboveUsd', 0.05)),
      graderModel: c.get('compare.graderModel', ''),
      timeoutSeconds: positive(c.get('compare.timeoutSeconds', 120), 120),
      maxRuns: positive(c.get('compare.maxRuns', 10), 10),
    },
    verify: {
      threshold: Math.min(0.5, positive(c.get('verify.threshold', 0.05), 0.05)),
      minInputs: Math.max(1, Math.floor(positive(c.get('verify.minInputs', 30), 30))),
      graderModel: (applicationValue<string>(c, 'verify.graderModel') ?? '').trim(),
      useBatches: applicationValue<boolean>(c, 'verify.useBatches') !== false,
      concurrency: Math.min(32, Math.max(1, Math.floor(positive(applicationValue<number>(c, 'verify.concurrency') ?? 4, 4)))),
      latencySample: Math.min(100, Math.max(0, Math.floor(Number(applicationValue<number>(c, 'verify.latencySample') ?? 10) || 0))),
      maxAgeDays: Math.max(1, Math.floor(positive(c.get('verify.maxAgeDays', 90), 90))),
    },
    classify: {
      // Empty: the Haiku tier model (the usage file's `tiers` may name another; the caller resolves it).
      model: (applicationValue<string>(c, 'classify.model') ?? '').trim(),
      batchAboveSites: nonNegative(applicationValue<number>(c, 'classify.batchAboveSites'), 50),
      batchPollSeconds: Math.max(0.05, positive(applicationValue<number>(c, 'classify.batchPollSeconds') ?? 10, 10)),
    },
    cachingSuggestions: c.get<boolean>('caching.suggest', true) !== false,
  };
}

type PriceTableSource = (scope?: vscode.ConfigurationScope) => PriceTable | null;
let priceTableSource: PriceTableSource | undefined;

/** Lets the price sources (price file, downloaded list) add their table to every configuration read. */
export function setPriceTableSource(source: PriceTableSource | undefined): void {
  priceTableSource = source;
}

/**
 * `tierwise.prices` holds the price overrides; `tierwise.prices.file` and `tierwise.prices.url` are settings of their own
 * that VS Code also shows inside it as `file` / `url`: keep only the model entries.
 */
function plainPrices(value: unknown): Record<string, PriceOverride> {
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, PriceOverride> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v && typeof v === 'object' && !Array.isArray(v)) out[k] = v as PriceOverride;
  return out;
}

/** Reads only the user/application value, ignoring workspace and folder values, even if VS Code would merge them. */
function applicationValue<T>(c: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = c.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

function lensDetail(value: string): LensDetail {
  return value === 'full' || value === 'minimal' ? value : 'compact';
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function positive(value: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** True when a change to these settings needs the analysis (lenses, tree, totals) recomputed. */
export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return ['tiers', 'defaultCallsPerDay', 'dynamicInputTokens', 'exclude', 'scanTests', 'scan.fileTimeoutSeconds', 'registryPath', 'pythonRegistryPath', 'prices'].some((k) =>
    e.affectsConfiguration(`tierwise.${k}`),
  );
}
