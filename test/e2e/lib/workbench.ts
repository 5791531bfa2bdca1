// What a person does in the workbench, as Playwright steps that wait on conditions, never on
// fixed sleeps. Selectors verified on VS Code 1.139 (code-server 4.139.1); see test/README.md.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { waitFor } from './proc';

export class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the editor area and status bar are drawn. */
  async ready(timeoutMs = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Closes menus, quick input and widgets left open by a previous step. */
  async escape(times = 3): Promise<void> {
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Escape');
  }

  /** Opens quick input with `prefixKeys` (retrying: a modal editor or a busy workbench can swallow the keys). */
  private async openQuickInput(prefixKeys: string, timeoutMs: number): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input').first();
    await waitFor(`quick input (${prefixKeys})`, timeoutMs, async () => {
      if (await input.isVisible()) await this.page.keyboard.press('Escape');
      await this.page.keyboard.press(prefixKeys);
      if (await input.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) return true;
      await this.page.keyboard.press('Escape');
      return false;
    });
    return input;
  }

  /** Opens quick input, types `text` (the command palette's ">" is kept), picks the matching row. */
  private async quickInput(prefixKeys: string, text: string, rowText?: string | RegExp, timeoutMs = 20_000): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    // Under load the widget can close (or turn inert under a dialog) between opening and typing: open it again.
    await waitFor(`quick input "${text}"`, timeoutMs, async () => {
      const input = await this.openQuickInput(prefixKeys, timeoutMs);
      if (await input.fill(prefixKeys === 'Control+Shift+P' ? `>${text}` : text, { timeout: 5000 }).then(() => true, () => false)) return true;
      await this.page.keyboard.press('Escape');
      return false;
    });
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    const row = rowText ? rows.filter({ hasText: rowText }).first() : rows.first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    if (rowText) await row.click();
    else await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => undefined);
  }

  /**
   * Brings a file's editor to the front: clicks its tab when one is open, else Quick Open (Ctrl+P) picks the
   * row naming the file (not merely the first row). Waits until its tab is active. A workspace-relative path
   * (`src/llm/x.ts`) is the safest query: Quick Open resolves it on disk even before its file search has
   * indexed a file created moments ago.
   */
  async openFile(fileName: string, timeoutMs = 30_000): Promise<void> {
    const base = fileName.split('/').pop()!;
    const active = this.page.locator(`.tab.active[aria-label*="${base}"], .tab.active:has-text("${base}")`).first();
    const tab = this.page.locator(`.tab[aria-label*="${base}"]`).first();
    if (await tab.count()) await tab.click();
    else {
      try {
        await this.quickInput('Control+P', fileName, base, timeoutMs);
      } catch (e) {
        // Say what Quick Open listed instead: a failure in CI must tell us why without a rerun.
        const shown = await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts().catch(() => []);
        const message = await this.page.locator('.quick-input-widget .quick-input-message').innerText().catch(() => '');
        throw new Error(`Quick Open did not list ${base} for "${fileName}" (rows: ${JSON.stringify(shown.map((t) => t.replace(/\s+/g, ' ')))}; message: ${JSON.stringify(message)}): ${String(e)}`);
      }
    }
    await active.waitFor({ timeout: timeoutMs });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Moves the cursor to a 1-based line of the active editor with Go to Line (Ctrl+G), which scrolls it into view. */
  async goToLine(line: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(`Go to Line ${line}`, timeoutMs, async () => {
      const input = await this.openQuickInput('Control+G', timeoutMs);
      if (await input.fill(`:${line}`, { timeout: 5000 }).then(() => true, () => false)) return true;
      await this.page.keyboard.press('Escape');
      return false;
    });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => undefined);
  }

  /** Runs a command from the palette (Ctrl+Shift+P) by its title as shown, e.g. "Tierwise: Rescan Workspace". */
  async runCommand(title: string, timeoutMs = 20_000): Promise<void> {
    await this.quickInput('Control+Shift+P', title, title, timeoutMs);
  }

  /** The palette rows shown for a query (without running any); [] when nothing matches. */
  async paletteRows(query: string, timeoutMs = 20_000): Promise<string[]> {
    const widget = this.page.locator('.quick-input-widget');
    const input = await this.openQuickInput('Control+Shift+P', timeoutMs);
    await input.fill(`>${query}`);
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    const clean = (ts: string[]) => ts.map((t) => t.replace(/\s+/g, ' ').trim());
    // Rows update asynchronously after typing: wait until every row shown matches the query.
    const texts = await waitFor(`palette rows for "${query}"`, 5000, async () => {
      const ts = clean(await rows.allInnerTexts());
      return ts.length && ts.every((t) => t.toLowerCase().includes(query.toLowerCase())) ? ts : undefined;
    }).catch(async () => clean(await rows.allInnerTexts()).filter((t) => t.toLowerCase().includes(query.toLowerCase())));
    await this.page.keyboard.press('Escape');
    return texts;
  }

  /** Texts of the CodeLenses currently drawn in the visible editors. */
  async codeLensTexts(): Promise<string[]> {
    const texts = await this.page.locator('.codelens-decoration a').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  }

  /** Waits until some drawn CodeLens matches; returns its text. */
  async waitForCodeLens(match: RegExp | string, timeoutMs = 45_000): Promise<string> {
    return waitFor(`a CodeLens matching ${String(match)}`, timeoutMs, async () => {
      const texts = await this.codeLensTexts();
      return texts.find((t) => (typeof match === 'string' ? t.includes(match) : match.test(t)));
    });
  }

  /** The active editor's text as drawn (visible lines only). */
  async visibleEditorText(): Promise<string> {
    return (await this.page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  }

  /** Selects the first occurrence of `text` in the active editor with Find; the selection stays. */
  async selectText(text: string, timeoutMs = 15_000): Promise<Locator> {
    await this.page.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+F');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
    const sel = this.page.locator('.monaco-editor .selected-text').first();
    await sel.waitFor({ state: 'visible', timeout: timeoutMs });
    return sel;
  }

  /** Right-clicks at the centre of a locator by mouse coordinates (a locator click is intercepted by an overlay). */
  async contextMenuAt(target: Locator, item: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const box = await target.boundingBox();
    if (!box) throw new Error('context menu target is not visible');
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    const entry = this.page.locator('.context-view .monaco-menu .action-item').filter({ hasText: item }).first();
    await entry.waitFor({ state: 'visible', timeout: timeoutMs });
    await entry.click();
    // Under load the click can land before the menu takes input: the menu then stays open with the item
    // highlighted and nothing runs (seen in CI on the compare suite). Enter runs the highlighted item.
    const menu = this.page.locator('.context-view .monaco-menu');
    for (let attempt = 0; attempt < 3; attempt++) {
      const closed = await menu.waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
      if (closed) return;
      await entry.hover();
      await this.page.keyboard.press('Enter');
    }
    throw new Error(`the context menu stayed open after choosing ${String(item)}`);
  }

  /** Visible notification toasts' texts. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Status bar items' texts. */
  async statusBarTexts(): Promise<string[]> {
    return (await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  }

  /** The content frame of the active webview (e.g. the compare panel). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Applies the first quick fix whose title matches at the cursor; retries the lightbulb step (it flaked once under load). */
  async applyQuickFix(title: string | RegExp, timeoutMs = 20_000): Promise<void> {
    await waitFor(`quick fix ${String(title)}`, timeoutMs, async () => {
      await this.page.keyboard.press('Control+.');
      const row = this.page.locator('.action-widget .monaco-list-row').filter({ hasText: title }).first();
      const ok = await row.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false);
      if (!ok) {
        await this.page.keyboard.press('Escape');
        return false;
      }
      await row.click();
      // A click that lands while the menu re-renders (the lightbulb refreshing its actions) does nothing:
      // the menu stays open. Close it and ask again rather than wait for an edit that never comes.
      const closed = await this.page.locator('.action-widget').first().waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
      if (!closed) await this.page.keyboard.press('Escape');
      return closed;
    }, 500);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }
}
