// Tierwise: Import Usage… in the real extension host (issue #15): an OTLP export of the fixture's traffic is written
// into the workspace's .tierwise.json with its source and period, and the call's lens then says the volume is measured.
// The test removes the usage file it created.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { suite, test } from './runner';
import { activeExtension, codeLenses, openDoc, waitFor, workspaceUri } from './helpers';

const DAY_NS = 86_400n * 1_000_000_000n;
const START_NS = 1764288000n * 1_000_000_000n; // 2025-11-28T00:00:00Z

function exportText(): string {
  const spans = [];
  // 7 days, 3 requests a day: 21 spans, all with code attributes that name the fixture's call.
  for (let i = 0; i < 21; i++) {
    const t = START_NS + (BigInt(i) * DAY_NS) / 3n;
    spans.push({
      traceId: `${i}`.padStart(32, '0'),
      spanId: `${i}`.padStart(16, '0'),
      name: 'chat',
      startTimeUnixNano: String(t),
      attributes: [
        { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
        { key: 'gen_ai.request.model', value: { stringValue: 'claude-sonnet-5-5' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '120' } },
        { key: 'gen_ai.usage.output_tokens', value: { intValue: '3' } },
        { key: 'code.filepath', value: { stringValue: '/srv/app/src/support/triage.ts' } },
        { key: 'code.function', value: { stringValue: 'classifyTicket' } },
      ],
    });
  }
  return `${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })}\n`;
}

suite('import usage', () => {
  test('an OTLP export becomes measured volumes in .tierwise.json and on the lens', async () => {
    const doc = await openDoc('src/support/triage.ts');
    await activeExtension();
    await waitFor('the cost lens', async () => (await codeLenses(doc.uri)).some((l) => /\/mo/.test(l.command?.title ?? '')), 45_000);
    const traces = workspaceUri('traces.otlp.json');
    const usage = workspaceUri('.tierwise.json');
    await vscode.workspace.fs.writeFile(traces, new TextEncoder().encode(exportText()));
    try {
      const r = await vscode.commands.executeCommand<{ kind: string; sites: string[]; unmatched: number }>('tierwise.importUsage', traces);
      assert.deepEqual(r, { kind: 'otlp', sites: ['src/support/triage.ts#classifyTicket'], unmatched: 0 });
      const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(usage))) as { callSites: Record<string, { measured: { source: string; from: string; to: string; spans: number; callsPerDay: number } }> };
      const m = written.callSites['src/support/triage.ts#classifyTicket'].measured;
      // 21 spans from Nov 28 00:00 to Dec 4 16:00 (6.67 days): 3.15 a day.
      assert.deepEqual([m.source, m.from, m.to, m.spans, m.callsPerDay], ['traces.otlp.json (otlp)', '2025-11-28', '2025-12-04', 21, 3.15]);
      const title = await waitFor('the lens to show the measured volume', async () => (await codeLenses(doc.uri)).map((l) => l.command?.title ?? '').find((t) => /measured/.test(t)), 45_000);
      assert.match(title, /· 3\.\d\/day measured/);
    } finally {
      await vscode.workspace.fs.delete(traces).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(usage).then(undefined, () => undefined);
    }
  }, { timeoutMs: 90_000 });
});
