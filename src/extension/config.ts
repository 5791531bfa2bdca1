import * as vscode from 'vscode';

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
  registryPath: string;
  pythonRegistryPath: string;
  lensEnabled: boolean;
  lensDetail: LensDetail;
  /** Price overrides per model id, same shape as the usage file's `prices`. */
  prices: Record<string, Record<string, number>>;
  /** Application-scoped: a workspace cannot redirect requests that carry the API key. */
  anthropicBaseUrl: string | undefined;
  compare: { confirmAboveUsd: number; graderModel: string; timeoutSeconds: number; maxRuns: number };
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
    registryPath: c.get('registryPath', 'src/llm/modelRegistry.ts'),
    pythonRegistryPath: c.get('pythonRegistryPath', 'model_registry.py'),
    lensEnabled: c.get('lens.enabled', true),
    lensDetail: lensDetail(c.get<string>('lens.detail', 'compact')),
    prices: c.get('prices', {}),
    anthropicBaseUrl: baseUrl ? baseUrl : undefined,
    compare: {
      confirmAboveUsd: Math.max(0, c.get('compare.confirmAboveUsd', 0.05)),
      graderModel: c.get('compare.graderModel', ''),
      timeoutSeconds: positive(c.get('compare.timeoutSeconds', 120), 120),
      maxRuns: positive(c.get('compare.maxRuns', 10), 10),
    },
  };
}

/** Reads only the user/application value, ignoring workspace and folder values, even if VS Code would merge them. */
function applicationValue<T>(c: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = c.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

function lensDetail(value: string): LensDetail {
  return value === 'full' || value === 'minimal' ? value : 'compact';
}

function positive(value: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** True when a change to these settings needs the analysis (lenses, tree, totals) recomputed. */
export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return ['tiers', 'defaultCallsPerDay', 'dynamicInputTokens', 'exclude', 'scanTests', 'registryPath', 'pythonRegistryPath', 'prices'].some((k) =>
    e.affectsConfiguration(`tierwise.${k}`),
  );
}
