// The run-time values of the compare panel's past runs, per call site, kept in workspace state: one of the sources a
// verification dataset can start from ("From past comparisons"). Bounded: the newest 200 per call, 50 calls.
import type * as vscode from 'vscode';

const KEY = 'tierwise.compare.inputs';
const PER_SITE = 200;
const SITES = 50;

interface Entry {
  fields: Record<string, string>;
  /** ms epoch */
  at: number;
}
type Store = Record<string, Entry[]>;

/** Remembers the values a comparison of this call ran with (nothing when every value is empty). */
export async function recordCompareInputs(state: vscode.Memento, callSiteId: string, fields: Readonly<Record<string, string>>): Promise<void> {
  if (!Object.values(fields).some((v) => v.length > 0)) return;
  const store: Store = { ...(state.get<Store>(KEY) ?? {}) };
  const list = (store[callSiteId] ?? []).filter((e) => JSON.stringify(e.fields) !== JSON.stringify(fields));
  list.push({ fields: { ...fields }, at: Date.now() });
  store[callSiteId] = list.slice(-PER_SITE);
  const sites = Object.entries(store).sort((a, b) => (b[1].at(-1)?.at ?? 0) - (a[1].at(-1)?.at ?? 0));
  await state.update(KEY, Object.fromEntries(sites.slice(0, SITES)));
}

/** The values past comparisons of this call ran with, oldest first. */
export function compareInputs(state: vscode.Memento, callSiteId: string): Array<Record<string, string>> {
  return (state.get<Store>(KEY)?.[callSiteId] ?? []).map((e) => e.fields);
}
