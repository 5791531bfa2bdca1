// A small stand-in for the `vscode` module, enough to load and drive an editor feature that only registers
// diagnostics (src/extension/diagnostics.ts) in plain Node. Importing this file makes `require('vscode')` return it,
// so import it before the feature. It records what the feature does to its diagnostic collections.
import Module from 'node:module';

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  translate(lineDelta = 0, characterDelta = 0): Position {
    return new Position(this.line + lineDelta, this.character + characterDelta);
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string | number;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export class FakeUri {
  constructor(readonly path: string) {}
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `file://${this.path}`;
  }
}

export const Uri = {
  file: (p: string) => new FakeUri(p),
  joinPath: (base: FakeUri, ...parts: string[]) => new FakeUri([base.path.replace(/\/$/, ''), ...parts].join('/')),
};

export const CodeActionKind = { QuickFix: { value: 'quickfix' } };
export class CodeAction {
  constructor(
    readonly title: string,
    readonly kind?: unknown,
  ) {}
}
export class WorkspaceEdit {
  replace(): void {}
}

/** Every call on a diagnostic collection, in order: `set <uri> <n>`, `delete <uri>`, `clear`. */
export interface FakeCollection {
  name: string;
  ops: string[];
  entries: Map<string, Diagnostic[]>;
}

export const collections: FakeCollection[] = [];

type Listener<T> = (e: T) => void;
const closeListeners: Array<Listener<FakeDocument>> = [];

export const languages = {
  createDiagnosticCollection(name: string) {
    const c: FakeCollection = { name, ops: [], entries: new Map() };
    collections.push(c);
    return {
      name,
      set(uri: FakeUri, list: Diagnostic[]) {
        c.ops.push(`set ${uri.toString()} ${list.length}`);
        c.entries.set(uri.toString(), list);
      },
      delete(uri: FakeUri) {
        c.ops.push(`delete ${uri.toString()}`);
        c.entries.delete(uri.toString());
      },
      clear() {
        c.ops.push('clear');
        c.entries.clear();
      },
      dispose() {},
    };
  },
  match: () => 10,
  registerCodeActionsProvider: () => ({ dispose() {} }),
};

/** A text document over a fixed text. */
export class FakeDocument {
  isClosed = false;
  readonly languageId = 'typescript';
  version = 1;
  constructor(
    readonly uri: FakeUri,
    private text: string,
  ) {}
  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  setText(text: string): void {
    this.text = text;
    this.version++;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, Math.max(0, Math.min(offset, this.text.length)));
    const lines = before.split('\n');
    return new Position(lines.length - 1, lines[lines.length - 1].length);
  }
  offsetAt(p: Position): number {
    const lines = this.text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
    return o + p.character;
  }
}

export const workspace = {
  textDocuments: [] as FakeDocument[],
  onDidCloseTextDocument(listener: Listener<FakeDocument>) {
    closeListeners.push(listener);
    return { dispose() {} };
  },
  getWorkspaceFolder: () => undefined,
};

export function closeDocument(doc: FakeDocument): void {
  doc.isClosed = true;
  workspace.textDocuments = workspace.textDocuments.filter((d) => d !== doc);
  for (const l of closeListeners) l(doc);
}

/** A minimal event: `event(listener)` subscribes, `fire()` calls every listener. */
export class EventEmitter<T = void> {
  private readonly listeners: Array<Listener<T>> = [];
  readonly event = (l: Listener<T>) => {
    this.listeners.push(l);
    return { dispose: () => void this.listeners.splice(this.listeners.indexOf(l), 1) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {}
}

const fake = { Position, Range, Diagnostic, DiagnosticSeverity, Uri, CodeActionKind, CodeAction, WorkspaceEdit, languages, workspace, EventEmitter };

const M = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = M._load;
M._load = function (this: unknown, request: string, ...rest: unknown[]) {
  if (request === 'vscode') return fake;
  return load.call(this, request, ...rest);
};
