import type * as vscode from 'vscode';
import type { CallSite, Inference, ScannedCall, TokenEstimate } from '../core/types';
import type { TierwiseConfig } from './config';

/** A call site as the editor features see it: the contract record, the scanner's evidence and the inference. */
export interface AnalyzedCallSite {
  site: CallSite;
  call: ScannedCall;
  inference: Inference;
  /** The token estimate with its breakdown (static / dynamic / tools / output), when the cost step gives it. */
  tokens?: TokenEstimate;
}

/**
 * What the workspace index offers the features (lenses, hover, tree, compare, quick fix).
 * Features get it from `activate()`; none of them scans on its own.
 */
export interface TierwiseServices {
  readonly log: vscode.LogOutputChannel;
  config(scope?: vscode.ConfigurationScope): TierwiseConfig;
  /**
   * Call sites of a document at its current version, analysed from the editor buffer. While the workspace's first
   * index runs this waits until the document's folder is linked (the figures are then the CLI's); with `unlinked`
   * it answers at once with sites whose figures may be wrong (only their places are good to show).
   */
  callSitesIn(document: vscode.TextDocument, token?: vscode.CancellationToken, options?: { unlinked?: boolean }): Promise<readonly AnalyzedCallSite[]>;
  /** False while the first index of the document's folder runs: its call sites' figures are not known yet. */
  isLinked?(uri: vscode.Uri): boolean;
  /** Every call site of the workspace from the index (may be partial while indexing). */
  allCallSites(): readonly AnalyzedCallSite[];
  /** Fires when any analysis result changes. */
  readonly onDidChangeCallSites: vscode.Event<void>;
}

/**
 * The argument the cost lenses pass to `tierwise.compare` and `tierwise.moveToRegistry` (and to
 * `tierwise.showCallDetails`). Commands run from the palette or a menu get no argument or a Uri instead.
 */
export interface CallSiteCommandArgs {
  uri: vscode.Uri;
  /** The call site id (`path#enclosingFunction[#n]`), as in the CLI JSON. */
  callSiteId: string;
  /** The whole call expression in the document at the time the lens was made. */
  range: vscode.Range;
}
