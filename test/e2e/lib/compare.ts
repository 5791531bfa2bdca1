// What the compare suites share: the open panel, the requests the fake server saw, and colour arithmetic for the
// theme checks.
import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from './proc';
import type { UiContext } from './ui';

/** The compare panel's content frame, once its Run button is drawn. */
export async function comparePanel(ctx: UiContext): Promise<FrameLocator> {
  const w = ctx.wb.webview();
  await w.locator('#run').waitFor({ state: 'visible', timeout: 30_000 });
  return w;
}

/** Clicks Run and waits until this run has finished (the panel marks the body with the finished run's id). */
export async function runToEnd(w: FrameLocator): Promise<void> {
  await waitFor('the Run button to be enabled', 20_000, async () => w.locator('#run').isEnabled());
  const body = w.locator('body');
  const before = (await body.getAttribute('data-finished-run')) ?? '0';
  await w.locator('#run').click();
  await waitFor('the run to finish', 45_000, async () => ((await body.getAttribute('data-finished-run')) ?? '0') !== before);
}

export interface RecordedRequest {
  path: string;
  status: number;
  at: number;
  headers: Record<string, string>;
  abortedAt: number | null;
}

/** Requests sent to the fake server since `since` (ms epoch); it is shared by the files of one harness run. */
export async function fakeRequests(ctx: UiContext, since: number): Promise<RecordedRequest[]> {
  assert.ok(ctx.fakeAnthropicUrl, 'the fake Anthropic server is not running');
  const all = (await (await fetch(`${ctx.fakeAnthropicUrl}/__fake/requests`)).json()) as RecordedRequest[];
  return all.filter((r) => r.at >= since && !r.path.startsWith('/__fake'));
}

/** [r, g, b, a] of an `rgb(a)` string. */
export function rgba(css: string): number[] {
  const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b, a];
}

/** WCAG relative luminance of an `rgb(a)` string. */
export function luminance(css: string): number {
  const [r, g, b] = rgba(css)
    .slice(0, 3)
    .map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** A border colour that is not (nearly) transparent. */
export function visibleColour(css: string): boolean {
  return rgba(css)[3]! > 0.1;
}
