// Debian's Chromium driven by playwright-core, kept on loopback: every request to another host
// is aborted and DNS for anything but 127.0.0.1 fails. Never `playwright install`.
import { createWriteStream, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests the filter aborted (hosts other than loopback). */
  blocked: string[];
  close(): Promise<void>;
}

export async function launchBrowser(runDir: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/e2e/install.sh`);
  const profile = path.join(runDir, `chromium-${Date.now()}`);
  const home = path.join(runDir, 'home');
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local', 'share') } as Record<string, string>,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--no-default-browser-check',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
    timeout: 60_000,
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      /* not a URL */
    }
    if (host === '127.0.0.1' || host === 'localhost' || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // The workbench logs many harmless errors (gallery and auth lookups fail offline): keep them in a file.
  const consoleLog = createWriteStream(path.join(runDir, `browser-console-${Date.now()}.log`));
  page.on('pageerror', (e) => consoleLog.write(`[page error] ${e.stack ?? e.message}\n`));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  return {
    context, page, blocked,
    close: async () => {
      await context.close().catch(() => undefined);
      consoleLog.end();
    },
  };
}
