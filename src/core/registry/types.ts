// Plain data of the task-type registry: what a registry file holds, and the text edits of "move to registry".
import type { Language, ModelRef, TextSpan } from '../types';

export type RegistryLanguage = 'typescript' | 'python';

export interface RegistryEntry {
  task: string;
  model: string;
  /** The whole `key: "value"` property. */
  span: TextSpan;
  keySpan: TextSpan;
  /** The model string literal, quotes included. */
  valueSpan: TextSpan;
  /** 1-based line of the entry, for lenses. */
  line: number;
}

/** What a registry file holds. `problems` non-empty means the fix will not edit it (the lenses still use the entries). */
export interface RegistryInfo {
  file: string;
  language: RegistryLanguage;
  entries: RegistryEntry[];
  defaultModel: { value: string; span: TextSpan; line: number } | null;
  /** `modelFor` / `model_for` is defined. */
  hasLookup: boolean;
  /** The `{ … }` of MODEL_REGISTRY (braces included), or null when it was not found. */
  object: TextSpan | null;
  /** 1-based line of the MODEL_REGISTRY declaration. */
  declarationLine: number | null;
  problems: string[];
}

/** One replacement in one file; offsets are 0-based UTF-16 offsets into the file's current text. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

/** One call whose model should come from the registry. */
export interface MoveCall {
  /** The call's file, relative to the workspace folder, forward slashes. */
  file: string;
  language: Language;
  model: ModelRef;
  /** The task type. The registry key is the task type itself, or `task@route` for a call that is not on the Anthropic API (see route.ts). */
  task: string;
  /**
   * The model the call should run on: a tier model (any Claude id; written the call's way, e.g. Bedrock's
   * `us.anthropic.…-v1:0`) or the call's own model. A model the call's client does not serve is refused.
   */
  targetModel: string;
  /** Where the request goes (ScannedCall fields): the plan never changes the provider they name. */
  sdk: string;
  provider?: string;
  baseUrl?: string;
  api?: string;
  wrapper?: { innerSdk: string };
  /** Source text of the whole call (an HTTP call's URL names its host). */
  callText?: string;
}

export type ConflictPolicy =
  /** A task type already mapped to another model stops the plan with `status: "conflict"`, so the UI can ask. */
  | 'report'
  /** Keep the registry's model (the call takes whatever the registry says). */
  | 'keep-registry'
  /** Change the registry entry to the requested model. */
  | 'update-registry';

export interface MovePlanInput {
  calls: MoveCall[];
  /** Current text of a workspace file (the editor buffer when open), or null when the file does not exist. */
  readText(file: string): string | null;
  /** Settings `tierwise.registryPath` / `tierwise.pythonRegistryPath`. */
  registryPath: string;
  pythonRegistryPath: string;
  /** Absolute path of the workspace folder: an absolute registry path must lie inside it. */
  root?: string;
  /** DEFAULT_MODEL of a registry the fix creates (the Sonnet tier model). */
  defaultModel: string;
  onConflict: ConflictPolicy;
  /** False for a JavaScript project (no tsconfig): a `.ts` registry path is then created as `.js`. Default true. */
  typescriptProject?: boolean;
  /** Syntax check for Python text (null = parses). Defaults to a tokenizer-level check. */
  checkPython?: (text: string) => string | null;
  /**
   * An existing registry found elsewhere in the workspace (path relative to the folder), used instead of the
   * configured path: the fix adds to the project's registry rather than creating a second one.
   */
  registryFile?: string;
}

export interface MoveOutcome {
  call: MoveCall;
  /** The registry key the call now names (`classify_intent`, `classify_intent@openai`). */
  key: string;
  /** The model the call will run on (the registry's when kept). */
  model: string;
  entry: 'added' | 'reused' | 'updated';
  /** Where the model expression was rewritten (the call, or a constant's declaration for env/config defaults). */
  rewrittenIn: string;
}

export interface Conflict {
  /** The registry key. */
  task: string;
  registryModel: string;
  requestedModel: string;
}

export type MovePlan =
  | {
      status: 'ok';
      edits: TextEdit[];
      /** Files the edits create (their edits start at offset 0 of an empty text). */
      createdFiles: string[];
      registryFile: string;
      outcomes: MoveOutcome[];
      /** Things the user should know (a task type reused with the registry's model, an entry changed …). */
      notes: string[];
    }
  | { status: 'conflict'; registryFile: string; conflicts: Conflict[] }
  | { status: 'refused'; message: string };
