import * as vscode from 'vscode';
import type { AnalyzedCallSite } from './services';

// The one place where core positions (0-based offsets, 1-based line/column) become vscode positions.

/** Where the callee starts: the lens sits above this line, the tree reveals it. */
export function calleePosition(document: vscode.TextDocument, a: AnalyzedCallSite): vscode.Position {
  return document.positionAt(a.call.callee.offset);
}

/** The whole call expression (the hover answers anywhere inside it). */
export function callRange(document: vscode.TextDocument, a: AnalyzedCallSite): vscode.Range {
  return new vscode.Range(document.positionAt(a.call.span.start), document.positionAt(a.call.span.end));
}

/** The model expression, when the scanner knows where it is. */
export function modelRange(document: vscode.TextDocument, a: AnalyzedCallSite): vscode.Range | null {
  const span = a.call.model.span;
  return span ? new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)) : null;
}

/** For a file that is not open: the CLI JSON's 1-based line and column. */
export function pointOfSite(a: AnalyzedCallSite): vscode.Position {
  return new vscode.Position(Math.max(0, a.site.line - 1), Math.max(0, a.site.column - 1));
}

/** The innermost call whose expression contains the position (nested calls: the wrapper's argument wins). */
export function siteAt(document: vscode.TextDocument, sites: readonly AnalyzedCallSite[], position: vscode.Position): AnalyzedCallSite | undefined {
  const offset = document.offsetAt(position);
  let best: AnalyzedCallSite | undefined;
  for (const a of sites) {
    if (offset < a.call.span.start || offset > a.call.span.end) continue;
    if (!best || a.call.span.end - a.call.span.start < best.call.span.end - best.call.span.start) best = a;
  }
  return best;
}
