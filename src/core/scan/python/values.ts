import type { TextSpan } from '../../types';

/**
 * A static value of a Python expression as far as one file shows it. Built per file by the analysis (no tree
 * kept, so the analysis can be cached by content); `ref` (an imported name), `attr` (a member of something
 * known only across files) and `param` (a wrapper's parameter) are the holes the link step fills.
 */
export interface PSrc {
  file: string;
  /** Source text, cut at MAX_TEXT. */
  text: string;
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
}

/** How a value was reached, for explanations and the model's `source`. */
export interface PVia {
  /** `returned`: the text a prompt-builder function returns (`build_answer_prompt(q, sources)`). */
  kind: 'constant' | 'imported-constant' | 'config' | 'returned';
  name: string;
  file: string;
  line: number;
  span: TextSpan;
}

interface Base {
  src: PSrc;
  via?: PVia;
  /** The expression as written where the value is used (an argument), when `src` is where it was defined. */
  expr?: PSrc;
}

export interface ClientInfo {
  sdk: 'anthropic' | 'openai' | 'langchain' | 'litellm' | 'mock';
  /** Constructor or factory as written: "Anthropic", "ChatAnthropic", "instructor.from_anthropic". */
  ctor: string;
  /** Keyword arguments of a LangChain model constructor (model, max_tokens, temperature, streaming). */
  kwargs?: Record<string, PV>;
  /** A LangChain chain: the prompt template piped into the model. */
  template?: PV;
  /** How the output is structured: "with_structured_output", "JsonOutputParser". */
  structured?: string;
  tools?: PV;
  instructor?: boolean;
}

export type PV =
  /** `holes`: source text of the dynamic pieces, when known (set by the link step for joined pieces). */
  | (Base & { k: 'str'; text: string; slots: number; holes?: string[] })
  | (Base & { k: 'num'; value: number })
  | (Base & { k: 'bool'; value: boolean })
  | (Base & { k: 'none' })
  | (Base & { k: 'dict'; entries: Record<string, PV>; spreads: PV[] })
  | (Base & { k: 'list'; items: PV[]; spreads: PV[] })
  /** An imported binding: `from <module> import <name>` (module as written, resolved from `src.file`). */
  | (Base & { k: 'ref'; module: string; name: string })
  /** `obj.name` or `obj["name"]` where obj is only known across files (an imported settings object, a class). */
  | (Base & { k: 'attr'; obj: PV; name: string })
  | (Base & { k: 'param'; fn: string; name: string; dflt?: PV })
  /** `os.environ.get("X", "default")`, `os.getenv`, `settings.get("k", "default")`. */
  | (Base & { k: 'env'; name: string; dflt?: PV })
  /** A registry lookup: `model_for(task)`, `MODEL_REGISTRY[task]`, `MODEL_REGISTRY.get(task, …)`. */
  | (Base & { k: 'reg'; task: PV; dflt?: PV; registry: { local: boolean; module: string | null } })
  /** String concatenation / f-string whose pieces are known only after linking. */
  | (Base & { k: 'cat'; parts: PV[] })
  /** `a or b`, `a if c else b`: the first option that resolves. */
  | (Base & { k: 'alt'; options: PV[] })
  | (Base & { k: 'msg'; role: string; content: PV })
  | (Base & { k: 'tuple'; items: PV[] })
  | (Base & { k: 'client'; client: ClientInfo })
  /** An instance of a class: `Settings()`, for member lookups. */
  | (Base & { k: 'inst'; cls: PV | string })
  | (Base & { k: 'dyn' });

export type PVOf<K extends PV['k']> = Extract<PV, { k: K }>;

export const MAX_TEXT = 20_000;

export function isStrV(v: PV | undefined): v is PVOf<'str'> {
  return v?.k === 'str';
}

export function entry(v: PV | undefined, ...names: string[]): PV | undefined {
  if (!v || v.k !== 'dict') return undefined;
  for (const n of names) if (Object.prototype.hasOwnProperty.call(v.entries, n)) return v.entries[n];
  return undefined;
}

/** Names of the parameters a value depends on (for wrapper detection). */
export function paramDeps(v: PV | undefined, out: Set<string> = new Set(), depth = 0): Set<string> {
  if (!v || depth > 30) return out;
  switch (v.k) {
    case 'param':
      out.add(v.name);
      break;
    case 'dict':
      for (const e of Object.values(v.entries)) paramDeps(e, out, depth + 1);
      for (const s of v.spreads) paramDeps(s, out, depth + 1);
      break;
    case 'list':
    case 'tuple':
      for (const i of v.items) paramDeps(i, out, depth + 1);
      if (v.k === 'list') for (const s of v.spreads) paramDeps(s, out, depth + 1);
      break;
    case 'attr':
      paramDeps(v.obj, out, depth + 1);
      break;
    case 'env':
      paramDeps(v.dflt, out, depth + 1);
      break;
    case 'reg':
      paramDeps(v.task, out, depth + 1);
      break;
    case 'cat':
      for (const p of v.parts) paramDeps(p, out, depth + 1);
      break;
    case 'alt':
      for (const p of v.options) paramDeps(p, out, depth + 1);
      break;
    case 'msg':
      paramDeps(v.content, out, depth + 1);
      break;
    default:
      break;
  }
  return out;
}

/** Replaces parameters by the values bound at a wrapper's call site (or their defaults). */
export function substitute(v: PV, bind: ReadonlyMap<string, PV>, depth = 0): PV {
  if (depth > 30) return v;
  const s = (x: PV): PV => substitute(x, bind, depth + 1);
  switch (v.k) {
    case 'param':
      return bind.get(v.name) ?? v;
    case 'dict': {
      const entries: Record<string, PV> = {};
      for (const [k, e] of Object.entries(v.entries)) entries[k] = s(e);
      return { ...v, entries, spreads: v.spreads.map(s) };
    }
    case 'list':
      return { ...v, items: v.items.map(s), spreads: v.spreads.map(s) };
    case 'tuple':
      return { ...v, items: v.items.map(s) };
    case 'attr':
      return { ...v, obj: s(v.obj) };
    case 'env':
      return v.dflt ? { ...v, dflt: s(v.dflt) } : v;
    case 'reg':
      return { ...v, task: s(v.task), dflt: v.dflt ? s(v.dflt) : undefined };
    case 'cat':
      return { ...v, parts: v.parts.map(s) };
    case 'alt':
      return { ...v, options: v.options.map(s) };
    case 'msg':
      return { ...v, content: s(v.content) };
    default:
      return v;
  }
}
