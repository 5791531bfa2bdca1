// `npm start`: try Tierwise without a desktop VS Code. Builds and packages the extension, installs
// it into a private code-server and serves the example workspace on 127.0.0.1 until Ctrl-C.
// Options: --folder <path> (open that folder itself instead of a copy of examples/),
//          --port <n> (default: a free port), --skip-install, --skip-build.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildVsix, installTools } from './lib/build';
import { startCodeServer } from './lib/codeServer';
import { EXAMPLES, FIXTURE_WORKSPACE, VSIX } from './lib/paths';
import { onCleanup, runCleanups } from './lib/proc';

const { values: opts } = parseArgs({
  options: {
    folder: { type: 'string' },
    port: { type: 'string', default: process.env.PORT },
    'skip-install': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
  },
});

const log = (s: string) => console.log(`[tierwise] ${s}`);

async function main(): Promise<void> {
  if (!opts['skip-install']) {
    log('checking tools (first run: about 2-3 minutes)');
    await installTools();
  }
  const vsix = opts['skip-build'] && existsSync(VSIX) ? VSIX : await buildVsix(log);
  const folder = opts.folder ? path.resolve(opts.folder) : existsSync(EXAMPLES) ? EXAMPLES : FIXTURE_WORKSPACE;
  if (!existsSync(folder)) throw new Error(`no such folder: ${folder}`);
  const server = await startCodeServer({
    allBuiltins: true,
    workspace: folder,
    inPlace: Boolean(opts.folder),
    vsix,
    label: 'start',
    port: opts.port ? Number(opts.port) : undefined,
    keepApiKey: true,
  });
  onCleanup(() => server.stop());
  console.log('');
  log(`Tierwise ${opts.folder ? 'on' : 'on a copy of'} ${path.relative(process.cwd(), folder) || '.'} — open in a browser:`);
  console.log(`\n    ${server.folderUrl()}\n`);
  log(`logs: ${path.relative(process.cwd(), server.logFile)}; Ctrl-C stops the server.`);
  await new Promise<void>(() => undefined);
}

main().catch(async (e) => {
  console.error(`[tierwise] ${e instanceof Error ? e.message : String(e)}`);
  await runCleanups();
  process.exit(1);
});
