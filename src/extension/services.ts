import type * as vscode from 'vscode';
import type { CallSite, Inference, ScannedCall } from '../core/types';
import type { TierwiseConfig } from './config';

/** A call site as the editor features see it: the contract record, the scanner's evidence and the inference. */
export interface AnalyzedCallSite {
  site: CallSite;
  call: ScannedCall;
  inference: Inference;
}

/**
 * What the workspace index offers the features (lenses, hover, tree, compare, quick fix).
 * Features get it from `activate()`; none of them scans on its own.
 */
export interface TierwiseServices {
  readonly log: vscode.LogOutputChannel;
  config(scope?: vscode.ConfigurationScope): TierwiseConfig;
  /** Call sites of a document at its current version, analysed from the editor buffer. */
  callSitesIn(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<readonly AnalyzedCallSite[]>;
  /** Every call site of the workspace from the index (may be partial while indexing). */
  allCallSites(): readonly AnalyzedCallSite[];
  /** Fires when any analysis result changes. */
  readonly onDidChangeCallSites: vscode.Event<void>;
}
