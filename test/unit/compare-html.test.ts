// The panel's HTML: strict CSP with a nonce, and workspace text embedded as inert JSON.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { compareHtml, makeNonce } from '../../src/extension/compare/html';
import type { PanelState } from '../../src/shared/compareProtocol';

const payload = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';
const state = {
  origin: { label: payload, callSiteId: null, taskType: null },
  input: { prompt: { system: payload, messages: [{ role: 'user', content: payload }], tools: [], maxTokens: 10, temperature: null }, fields: {} },
} as unknown as PanelState;

it('CSP default-src none, scripts only by nonce, state cannot break out of its JSON block', () => {
  const nonce = makeNonce((n) => new Uint8Array(n).fill(7));
  assert.match(nonce, /^[A-Za-z0-9]{16,}$/);
  const html = compareHtml({ cspSource: 'https://x.vscode-cdn.net', nonce, scriptUri: 'https://x/webview.js', styleUri: 'https://x/compare.css', codiconUri: 'https://x/codicon.css' }, state);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
  assert.match(csp, /^default-src 'none'; /);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'$`));
  assert.ok(!csp.includes('unsafe'));
  const scripts = html.match(/<script\b[^>]*>/g)!;
  assert.deepEqual(scripts, ['<script id="tierwise-state" type="application/json">', `<script type="module" nonce="${nonce}" src="https://x/webview.js">`]);
  assert.ok(!html.includes('<img'));
  const json = /<script id="tierwise-state" type="application\/json">([^<]*)<\/script>/.exec(html)![1]!;
  assert.equal((JSON.parse(json) as PanelState).input.prompt.system, payload);
});
