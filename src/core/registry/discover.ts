// Finding the project's own registry: a file that declares MODEL_REGISTRY or defines modelFor / model_for, wherever
// it lives. The fix adds to it rather than creating a second registry at the configured path.
import path from 'node:path';
import { readRegistry } from './read';
import type { RegistryInfo } from './types';

/** Cheap text test before parsing: can this file be a registry? */
export const REGISTRY_TEXT_HINT = /\bMODEL_REGISTRY\b|\bmodelFor\b|\bmodel_for\b/;

const TS_FILE = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const TS_ONLY = /\.[cm]?tsx?$/;

/** The registry a file holds, or null when it is not one (declares no MODEL_REGISTRY and defines no lookup). */
export function registryCandidate(file: string, text: string): RegistryInfo | null {
  if (/\.d\.[cm]?ts$/.test(file)) return null;
  if (!file.endsWith('.py') && !TS_FILE.test(file)) return null;
  if (!REGISTRY_TEXT_HINT.test(text)) return null;
  const info = readRegistry(file, text);
  return info.declarationLine !== null || info.hasLookup ? info : null;
}

function commonDirDepth(a: string, b: string): number {
  const x = path.posix.dirname(a).split('/');
  const y = path.posix.dirname(b).split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n] && x[n] !== '.') n++;
  return n;
}

/**
 * The registry a call in `callFile` should use among those found: same language (a JavaScript project cannot import
 * a .ts one), ones Tierwise can edit first, then the nearest to the call (deepest common folder), then the shallowest.
 */
export function chooseRegistry(callFile: string, candidates: readonly RegistryInfo[], opts: { typescriptProject: boolean }): RegistryInfo | null {
  const python = callFile.endsWith('.py');
  const usable = candidates.filter((c) => (python ? c.file.endsWith('.py') : !c.file.endsWith('.py') && (opts.typescriptProject || !TS_ONLY.test(c.file))) && c.file !== callFile);
  const ranked = [...usable].sort(
    (a, b) =>
      Number(a.problems.length > 0) - Number(b.problems.length > 0) ||
      commonDirDepth(callFile, b.file) - commonDirDepth(callFile, a.file) ||
      a.file.split('/').length - b.file.split('/').length ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
  return ranked[0] ?? null;
}
