// What an expression is worth to a reader of the code, across files: static text with its holes, objects,
// functions with the scope they close over, class instances, catalogue objects (clients, models, chains),
// and symbolic parameters of a function whose callers are not known yet.
import type { Action } from '../catalogue';

/** A position in a module's text. */
export interface Src {
  file: string;
  s: number;
  e: number;
}

/** How a value was reached, for explanations and the model's `source`. */
export interface Via {
  /** `passed`: handed to a helper that returns it trimmed or shortened; `filled`: a template filled in by `.replace`/`.format`. */
  kind: 'constant' | 'imported-constant' | 'config' | 'returned' | 'passed' | 'filled';
  name: string;
  file: string;
  s: number;
  e: number;
}

export interface ArgVals {
  pos: V[];
  kw: Map<string, V>;
  /** Source of each positional argument (for holes and messages). */
  src: Src;
  /** `f(**kwargs)` with the caller's own `**kwargs` (not an object read here): what the callee's `**kwargs` holds. */
  kwSpreads?: V[];
}

export interface SdkFlags {
  structured?: boolean;
  tools?: boolean;
  instructor?: boolean;
  /** A command object whose request streams (Bedrock's `ConverseStreamCommand`). */
  streaming?: boolean;
}

interface Base {
  src: Src;
  via?: Via;
  /** Where the value is used, as written there (`MODEL`, `CONFIG.model`), when `src` is where it was defined. */
  use?: Src;
}

export type V =
  /** `params`: owners of parameters that fill holes of the text (a text that is only a parameter passes it through). */
  | (Base & { t: 'str'; text: string; slots: number; holes: string[]; params?: string[] })
  | (Base & { t: 'num'; v: number })
  | (Base & { t: 'bool'; v: boolean })
  | (Base & { t: 'null' })
  | (Base & { t: 'obj'; props: Map<string, V>; spreads: V[] })
  /** `runtime`: a list known only at run time, shown by one item of what each becomes (`docs.map(…)`). */
  | (Base & { t: 'arr'; items: V[]; runtime?: boolean })
  | (Base & { t: 'spread'; of: V })
  /** A workspace module as an object (`import * as llm from "./llm"`, Python `import app.llm`). */
  | (Base & { t: 'mod'; file: string })
  /** A member of a package the catalogue does not describe (or a global such as JSON, os). */
  | (Base & { t: 'pkg'; lang: 'ts' | 'py'; module: string; path: string[] })
  /** A catalogue object: a client, a model, a prompt template, a chain, an agent … and the member path read on it. */
  | (Base & { t: 'sdk'; kind: string; provider: string | null; host?: string; bound: Map<string, V>; path: string[]; flags: SdkFlags; label: string; parts?: V[] })
  /** A catalogue class (constructing it makes an `sdk` object). */
  | (Base & { t: 'sdkclass'; kind: string; label: string; provider?: string | null })
  /** A catalogue function (`generateText`, `litellm.completion`). */
  | (Base & { t: 'action'; action: Action; label: string; provider: string | null; module: string })
  /** A workspace function, with the scope it closes over and the `this` it is bound to. */
  | (Base & { t: 'fn'; file: string; key: string; env: CtxRef | null; self?: V; partial?: ArgVals })
  | (Base & { t: 'cls'; file: string; key: string })
  /** `msgs`: the turns a conversation builder of the app's own has been given (`convo.system("…").user(x)`). */
  /** `fromParam`: an instance known only by a parameter's type (`rail: PromptRail`): the parameter it stands for. */
  | (Base & { t: 'inst'; file: string; cls: string; ctor?: ArgVals; msgs?: V[]; fromParam?: V })
  /** A value known by its type only: an interface, an abstract base or a base class with implementations. */
  | (Base & { t: 'iface'; file: string; name: string; cls?: string })
  /** A parameter of a function whose caller is not known here: `owner` is `file#fnKey`. */
  /** `fallback`: `dflt` comes from `x ?? y` where the code reads it, not from the parameter's own default. */
  /** `typed`: what its type annotation says it is (a client, an instance, an interface): its methods are used through it. */
  /** `partial`: arguments bound to it by `functools.partial(param, …)` (the function is the callers'). */
  /** `tools`: bound to it here (`llm.bind_tools(tools)` on a model passed in: the caller's model, these tools). */
  | (Base & { t: 'param'; owner: string; index: number; name: string; path: string[]; dflt?: V; fallback?: boolean; typed?: V; partial?: ArgVals; tools?: V })
  | (Base & { t: 'alt'; options: V[] })
  | (Base & { t: 'env'; name: string; dflt?: V })
  /** A task-type registry lookup: `modelFor("x")`, `MODEL_REGISTRY.x`. */
  | (Base & { t: 'reg'; task: string | null; model: V | null })
  | (Base & { t: 'json'; of: V })
  /** A built-in method read on a value (`text.trim`, `docs.join`, `"{x}".format`). */
  | (Base & { t: 'method'; recv: V; name: string })
  /** Text read from a file at run time (`fs.readFileSync("prompts/x.md")`, `Path(...).read_text()`). */
  /** `hub`: a prompt pulled by name from the LangChain Hub (`hub.pull("owner/name")`), not a workspace file. */
  | (Base & { t: 'file'; path: V; hub?: boolean })
  /** The answer of an LLM request (or another call whose result is known only at run time). */
  /** `from`: the parameter it was made from, by a package function that converts it (`convert_messages(prompt)`). */
  | (Base & { t: 'resp'; from?: V })
  | (Base & { t: 'dyn' });

/** Evaluation contexts are owned by the evaluator; values only point at them. */
export interface CtxRef {
  readonly id: number;
}

export type VOf<T extends V['t']> = Extract<V, { t: T }>;

/** Longest source text kept for one dynamic piece of a prompt. */
export const MAX_HOLE = 80;

export function holeText(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_HOLE ? `${t.slice(0, MAX_HOLE - 1)}…` : t;
}

export function dyn(src: Src): V {
  return { t: 'dyn', src };
}

export function isConcrete(v: V | undefined): boolean {
  return !!v && v.t !== 'dyn' && v.t !== 'param' && v.t !== 'resp' && v.t !== 'null';
}
