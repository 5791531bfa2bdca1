// One measured scan in a fresh process (bundled by scan.bench.ts so it runs as plain Node, like the CLI).
//   node .cache/bench/scan-child.js <root>
import { scanWorkspace } from '../../src/core/scan/workspace';

async function main(): Promise<void> {
  const root = process.argv[2];
  const started = performance.now();
  const r = await scanWorkspace(root, []);
  const ms = performance.now() - started;
  const out = {
    ms,
    calls: r.calls.length,
    sdks: r.calls.reduce<Record<string, number>>((m, c) => ((m[c.sdk] = (m[c.sdk] ?? 0) + 1), m), {}),
    filesListed: r.filesListed,
    filesRead: r.filesRead,
    filesParsed: r.filesParsed,
    skipped: r.skipped.length,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(out));
}

void main();
