import type { TextSpan } from '../../types';

/**
 * A static value as far as a reader of one file can see it. Built per file by the analysis (no AST kept),
 * finished across files by the link step: `ref` (an imported binding) and `param` (a wrapper's parameter)
 * are the only holes, filled at link time.
 */
export interface Src {
  file: string;
  /** Source text, cut at MAX_TEXT. */
  text: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

/** How a value was reached, for explanations and for the model's `source`. */
export interface Via {
  kind: 'constant' | 'imported-constant' | 'config';
  name: string;
  file: string;
  line: number;
  span: TextSpan;
}

interface Base {
  src: Src;
  via?: Via;
  /** Where a constant's value is used, as written there (`MODEL`, `CONFIG.model`). */
  use?: Src;
}

export type SValue =
  | (Base & { k: 'str'; text: string; slots: number; holes?: string[] })
  | (Base & { k: 'num'; value: number })
  | (Base & { k: 'bool'; value: boolean })
  | (Base & { k: 'obj'; props: Record<string, SValue>; spreads: SValue[] })
  | (Base & { k: 'arr'; items: SValue[] })
  | (Base & { k: 'spread'; of: SValue })
  | (Base & { k: 'ref'; module: string; name: string })
  | (Base & { k: 'get'; obj: SValue; key: SValue })
  | (Base & { k: 'call'; callee: SValue; name: string; args: SValue[]; ret?: SValue })
  | (Base & { k: 'new'; callee: SValue; name: string; args: SValue[] })
  | (Base & { k: 'env'; name: string })
  | (Base & { k: 'or'; left: SValue; right: SValue; op: string })
  | (Base & { k: 'alt'; options: SValue[] })
  | (Base & { k: 'param'; fn: string; index: number; name: string })
  | (Base & { k: 'fn'; fn: string })
  | (Base & { k: 'dyn' });

export const MAX_TEXT = 20_000;
/** Longest source text kept for one dynamic piece of a prompt. */
export const MAX_HOLE = 80;

export function holeText(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_HOLE ? `${t.slice(0, MAX_HOLE - 1)}…` : t;
}

export function isStr(v: SValue | undefined): v is Extract<SValue, { k: 'str' }> {
  return v?.k === 'str';
}

export function prop(v: SValue | undefined, ...names: string[]): SValue | undefined {
  if (!v || v.k !== 'obj') return undefined;
  for (const n of names) if (Object.prototype.hasOwnProperty.call(v.props, n)) return v.props[n];
  return undefined;
}

export function dyn(src: Src): SValue {
  return { k: 'dyn', src };
}

/** Does the value still depend on a parameter of a function (so the function is a wrapper)? */
export function dependsOnParam(v: SValue | undefined, depth = 0): string | null {
  if (!v || depth > 40) return null;
  switch (v.k) {
    case 'param':
      return v.fn;
    case 'obj': {
      for (const p of Object.values(v.props)) {
        const r = dependsOnParam(p, depth + 1);
        if (r) return r;
      }
      for (const s of v.spreads) {
        const r = dependsOnParam(s, depth + 1);
        if (r) return r;
      }
      return null;
    }
    case 'arr':
      for (const i of v.items) {
        const r = dependsOnParam(i, depth + 1);
        if (r) return r;
      }
      return null;
    case 'spread':
      return dependsOnParam(v.of, depth + 1);
    case 'get':
      return dependsOnParam(v.obj, depth + 1) ?? dependsOnParam(v.key, depth + 1);
    case 'call':
      return v.args.map((a) => dependsOnParam(a, depth + 1)).find(Boolean) ?? null;
    case 'or':
      return dependsOnParam(v.left, depth + 1) ?? dependsOnParam(v.right, depth + 1);
    case 'alt':
      return v.options.map((a) => dependsOnParam(a, depth + 1)).find(Boolean) ?? null;
    default:
      return null;
  }
}
