// The editor's index gives each file the same time budget as the CLI (issue 12, item 4): its engine parses in a
// parse worker that is stopped when a file runs over `tierwise.scan.fileTimeoutSeconds`, the file is reported with
// that reason, and every other file's calls are kept. The worker here hangs for good on one file (as a parser with
// an exponential case would), so only stopping it ends the analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ParsePool } from '../../src/core/scan/engine/pool';
import { FolderEngine } from '../../src/extension/index/engine';
import type { AnalysisSettings } from '../../src/extension/index/protocol';

const SRC = path.join(__dirname, '..', '..', 'src', 'core', 'scan', 'engine');

/** The parse worker, except that a file named `hang.ts` never ends (a busy loop: only terminating the thread stops it). */
const HANGING_WORKER = `
require('tsx/cjs/api').register();
const { parentPort } = require('node:worker_threads');
const { loadFrontEnds, parseFile } = require(${JSON.stringify(path.join(SRC, 'frontends.ts'))});
require(${JSON.stringify(path.join(SRC, 'frontendsAll.ts'))});
loadFrontEnds().then(() => {
  parseFile('warm-up.ts', 'export {};\\n');
  parentPort.postMessage({ type: 'ready' });
});
parentPort.on('message', (msg) => {
  for (const req of msg.reqs) {
    if (req.file.endsWith('hang.ts')) for (;;) {}
    const answer = parseFile(req.file, req.text, req.options);
    if (!('skipped' in answer)) answer.text = '';
    parentPort.postMessage({ type: 'result', json: JSON.stringify(answer) });
  }
});
`;

const SETTINGS: AnalysisSettings = {
  tiers: { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' },
  defaultCallsPerDay: 1000,
  dynamicInputTokens: 500,
  registryPath: 'src/llm/modelRegistry.ts',
  pythonRegistryPath: 'model_registry.py',
  prices: {},
  fileTimeoutSeconds: 2,
};

const CALL = (name: string) =>
  `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport async function ${name}(t: string) {\n  return client.messages.create({ model: "claude-sonnet-5-5", max_tokens: 10, system: "Label the ticket.", messages: [{ role: "user", content: t }] });\n}\n`;

test('a file that never finishes parsing is stopped at its budget and reported; the other files keep their calls', async () => {
  const pool = new ParsePool({ file: path.join(SRC, 'parseWorker.ts'), eval: HANGING_WORKER }, { size: 1, fileTimeoutMs: SETTINGS.fileTimeoutSeconds! * 1000 });
  try {
    const engine = new FolderEngine('/nonexistent', SETTINGS, pool);
    engine.setFile('src/a.ts', CALL('labelA'));
    engine.setFile('src/hang.ts', CALL('labelHang'));
    engine.setFile('src/b.ts', CALL('labelB'));
    const t0 = performance.now();
    const out = await engine.analyze();
    const ms = performance.now() - t0;
    assert.deepEqual(out.changed.flatMap((c) => c.sites.map((s) => s.site.id)).sort(), ['src/a.ts#labelA', 'src/b.ts#labelB']);
    const hang = out.skipped.find((s) => s.file === 'src/hang.ts');
    assert.match(hang?.reason ?? '', /took longer than 2 s to read \(the per-file time budget\); not scanned/);
    assert.deepEqual(pool.timedOut, ['src/hang.ts']);
    assert.ok(ms < 20_000, `${Math.round(ms)} ms`);
    // The stopped worker was replaced: the next file is read.
    engine.setFile('src/c.ts', CALL('labelC'));
    const next = await engine.analyze();
    assert.ok(next.changed.some((c) => c.sites.some((s) => s.site.id === 'src/c.ts#labelC')));
  } finally {
    await pool.close();
  }
});
