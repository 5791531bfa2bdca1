// The Verification panel's HTML: strict CSP with a nonce (as the compare panel), initial state embedded as inert JSON.
// No `vscode` import, so it is unit-tested.
import { embedJson, type VerifyPanelState } from '../../shared/verifyProtocol';
import type { HtmlResources } from '../compare/html';

export type { HtmlResources };

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function verifyHtml(r: HtmlResources, state: VerifyPanelState): string {
  const csp = ["default-src 'none'", `style-src ${r.cspSource}`, `font-src ${r.cspSource}`, `img-src ${r.cspSource}`, `script-src 'nonce-${r.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(r.codiconUri)}">
<link rel="stylesheet" href="${attr(r.styleUri)}">
<title>Verify Before Moving to Haiku</title>
</head>
<body>
<main id="app" aria-label="Verify before moving to Haiku"></main>
<script id="tierwise-verify-state" type="application/json">${embedJson(state)}</script>
<script type="module" nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}
