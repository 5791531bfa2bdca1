// WCAG contrast of colours as a browser computes them (getComputedStyle): `rgb()`, `rgba()` and `color(srgb …)`
// (what color-mix() and relative colours compute to), with translucent colours laid over their background first.
// Also: switching the workbench's colour theme while a test runs (a workspace setting the window picks up).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Rgba = [number, number, number, number];

/** Parses a computed CSS colour into 0-255 channels and a 0-1 alpha; throws on a format it does not know. */
export function parseColour(css: string): Rgba {
  const s = css.trim();
  let m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), alpha(m[4])];
  m = /^color\(srgb\s+([-\d.e]+)\s+([-\d.e]+)\s+([-\d.e]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (m) return [clamp(Number(m[1])) * 255, clamp(Number(m[2])) * 255, clamp(Number(m[3])) * 255, alpha(m[4])];
  m = /^#([0-9a-f]{3,8})$/i.exec(s);
  if (m) {
    const h = m[1].length <= 4 ? [...m[1]].map((c) => c + c).join('') : m[1];
    const [r, g, b, a = 255] = (h.match(/../g) ?? []).map((x) => parseInt(x, 16));
    return [r, g, b, a / 255];
  }
  if (s === 'transparent') return [0, 0, 0, 0];
  throw new Error(`unknown colour format: ${css}`);
}

function alpha(a: string | undefined): number {
  if (a === undefined) return 1;
  return a.endsWith('%') ? Number(a.slice(0, -1)) / 100 : Number(a);
}

function clamp(x: number): number {
  return Math.max(0, Math.min(1, x));
}

/** `fg` laid over the opaque `bg` (source-over), opaque. */
export function over(fg: Rgba, bg: Rgba): Rgba {
  const a = fg[3];
  return [fg[0] * a + bg[0] * (1 - a), fg[1] * a + bg[1] * (1 - a), fg[2] * a + bg[2] * (1 - a), 1];
}

/** `fg` laid over the opaque `bg`, as an rgb() string (a button's background over the page's). */
export function overCss(fg: string, bg: string): string {
  const [r, g, b] = over(parseColour(fg), parseColour(bg));
  return `rgb(${r}, ${g}, ${b})`;
}

export function relativeLuminance(c: Rgba): number {
  const lin = (v: number): number => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/** WCAG contrast ratio of `fg` (laid over `bg` when translucent) against the opaque `bg`. */
export function contrastOver(fg: string, bg: string): number {
  const b = parseColour(bg);
  const f = over(parseColour(fg), b);
  const [x, y] = [relativeLuminance(f), relativeLuminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The built-in colour themes of VS Code 1.139 (settings ids), by kind. */
export const BUILT_IN_THEMES = [
  'Dark Modern',
  'Light Modern',
  'Default High Contrast',
  'Default High Contrast Light',
  'Dark 2026',
  'Light 2026',
  'Dark+',
  'Light+',
  'Visual Studio Dark',
  'Visual Studio Light',
  'Abyss',
  'Kimbie Dark',
  'Monokai',
  'Monokai Dimmed',
  'Quiet Light',
  'Red',
  'Solarized Dark',
  'Solarized Light',
  'Tomorrow Night Blue',
] as const;

/**
 * Sets the workbench's colour theme through the workspace's .vscode/settings.json (the window follows the file at
 * once), keeping the other settings written there by this helper.
 */
export function setWorkspaceTheme(workspace: string, themeId: string): void {
  const dir = path.join(workspace, '.vscode');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify({ 'workbench.colorTheme': themeId }, null, 2)}\n`);
}
