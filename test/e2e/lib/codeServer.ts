// Starts code-server (a real VS Code workbench + Node extension host) on a free loopback port
// with everything private to one run: HOME, XDG dirs, config, user data, extensions.
// Why each flag: see test/README.md (Debugging, and the notes on the fixture workspace).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { CODE_SERVER_DIR, EXTENSION_ID, NODE24_DIR, RUNS } from './paths';
import { freePort, httpOk, run, spawnGroup, stopGroup, waitFor } from './proc';

export interface CodeServerOptions {
  /** Folder copied into the run as the workspace (tests may change files in the copy). */
  workspace: string;
  /** Open the folder itself instead of a copy (`npm start -- --folder <path>`). */
  inPlace?: boolean;
  vsix: string;
  /** Turns on the smoke-test driver: needed for the payload that runs API suites. */
  smokeTestDriver?: boolean;
  /** Merged into the user settings.json. */
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  port?: number;
  label: string;
  echo?: boolean;
  /** Pass ANTHROPIC_API_KEY through (only `npm start`: tests never see a real key). */
  keepApiKey?: boolean;
  /**
   * Leave workspace trust on (no --disable-workspace-trust) and never prompt: the folder opens in
   * Restricted Mode, as an untrusted workspace does for a user who has not trusted it.
   */
  untrusted?: boolean;
  /** Every built-in extension (`npm start`), not only those the tests use (see scripts/e2e/install.sh, step 4). */
  allBuiltins?: boolean;
  /**
   * More workspace folders (each copied into the run under `name`): the window then opens a
   * `.code-workspace` file listing the main copy (`workspace`) first, then these, as a multi-root workspace.
   */
  extraFolders?: Array<{ name: string; from: string }>;
}

export interface CodeServer {
  url: string;
  port: number;
  runDir: string;
  workspace: string;
  /** Every workspace folder's copy in order (the main one first); one entry unless `extraFolders` was given. */
  folders: string[];
  /** The `.code-workspace` file the window opens, when there are several folders. */
  workspaceFile?: string;
  /** The installed (unpacked) extension folder inside the run's extensions dir. */
  extensionDir: string;
  logFile: string;
  /** code-server's log so far (server + extension host output). */
  output(): string;
  stop(): Promise<void>;
  /** URL that opens the workspace folder, or the `.code-workspace` file with several folders (plus an optional payload for the smoke-test driver). */
  folderUrl(payload?: Array<[string, string]>): string;
  /** A `vscode-remote://` URI for a file on this machine, as the payload needs. */
  remoteUri(absPath: string): string;
}

const TEST_BUILTINS = path.join(CODE_SERVER_DIR, '..', '..', 'builtins-for-tests');
const node24 = () => path.join(NODE24_DIR, 'bin', 'node');
const entry = () => path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');

export function codeServerInstalled(): boolean {
  return existsSync(node24()) && existsSync(entry());
}

function privateEnv(runDir: string, extra: Record<string, string> = {}, keepApiKey = false): NodeJS.ProcessEnv {
  const home = path.join(runDir, 'home');
  const inherited = { ...process.env };
  // Never hand a real key to tests; suites that need the API get the fake server's key in `extra`.
  if (!keepApiKey) delete inherited.ANTHROPIC_API_KEY;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    PATH: `${path.dirname(node24())}:${process.env.PATH ?? ''}`,
    // Point the extension gallery (open-vsx by default) at a closed loopback port: no lookups leave the machine.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items', resourceUrlTemplate: 'http://127.0.0.1:9/resource/{publisher}/{name}/{version}/{path}' }),
    ...extra,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.NODE_OPTIONS;
  for (const d of [env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_CACHE_HOME!]) mkdirSync(d, { recursive: true });
  return env;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  mkdirSync(RUNS, { recursive: true });
  const runDir = mkdtempSync(path.join(RUNS, `${opts.label}-`));
  const userData = path.join(runDir, 'user-data');
  const extDir = path.join(runDir, 'extensions');
  const configFile = path.join(runDir, 'config.yaml');
  const logFile = path.join(runDir, 'code-server.log');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(extDir, { recursive: true });
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'security.workspace.trust.enabled': !!opts.untrusted,
    // Untrusted runs: no modal asking to trust on start-up; the folder simply opens in Restricted Mode.
    ...(opts.untrusted ? { 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {}),
    'git.enabled': false,
    'editor.codeLens': true,
    'workbench.colorTheme': 'Default Dark Modern',
    'window.restoreWindows': 'none',
    // Keep the workbench calm and on loopback: no chat/AI side panel, no extension recommendations.
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'extensions.ignoreRecommendations': true,
    'extensions.autoCheckUpdates': false,
    'github.gitAuthentication': false,
    ...opts.settings,
  };
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  let workspace = opts.workspace;
  if (!opts.inPlace) {
    workspace = path.join(runDir, 'workspace');
    cpSync(opts.workspace, workspace, { recursive: true });
  }
  const folders = [workspace];
  let workspaceFile: string | undefined;
  if (opts.extraFolders?.length) {
    for (const f of opts.extraFolders) {
      const dest = path.join(runDir, f.name);
      cpSync(f.from, dest, { recursive: true });
      folders.push(dest);
    }
    workspaceFile = path.join(runDir, 'tierwise.code-workspace');
    writeFileSync(workspaceFile, JSON.stringify({ folders: folders.map((f) => ({ path: path.relative(runDir, f) })), settings: {} }, null, 2));
  }

  const env = privateEnv(runDir, opts.env, opts.keepApiKey);
  const common = ['--config', configFile, '--user-data-dir', userData, '--extensions-dir', extDir];
  await run(node24(), [entry(), ...common, '--install-extension', opts.vsix], { env, quiet: true });
  const extensionDir = readdirSync(extDir)
    .filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`))
    .map((d) => path.join(extDir, d))[0];
  if (!extensionDir) throw new Error(`the .vsix did not install into ${extDir}`);

  const port = opts.port ?? (await freePort());
  const args = [
    entry(), ...common,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry', '--disable-update-check',
    ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened',
  ];
  // The built-ins the tests use (install.sh hard-links them into a folder of their own); `npm start` keeps them all.
  if (!opts.allBuiltins && existsSync(path.join(TEST_BUILTINS, '.complete'))) args.push('--builtin-extensions-dir', TEST_BUILTINS);
  if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child: ChildProcess & { output: () => string } = spawnGroup(node24(), args, { env, cwd: runDir, logFile, echo: opts.echo });
  let exited: string | undefined;
  child.on('exit', (code, sig) => (exited = `code-server exited (${code ?? sig})`));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('code-server /healthz', 30_000, async () => {
      if (exited) throw new Error(`${exited}:\n${child.output().slice(-3000)}`);
      return httpOk(`${url}/healthz`);
    });
  } catch (e) {
    await stopGroup(child);
    throw e;
  }
  const remoteUri = (p: string) => `vscode-remote://127.0.0.1:${port}${encodeURI(p)}`;
  return {
    url, port, runDir, workspace, folders, workspaceFile, extensionDir, logFile,
    output: () => child.output(),
    stop: () => stopGroup(child),
    remoteUri,
    folderUrl(payload) {
      const q = new URLSearchParams(workspaceFile ? { workspace: workspaceFile } : { folder: workspace });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${url}/?${q.toString()}`;
    },
  };
}
