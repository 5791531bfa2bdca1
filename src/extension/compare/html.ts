// The panel's HTML: strict CSP with a nonce, initial state embedded as inert JSON. No `vscode` import, so it is unit-tested.
import { embedJson, type PanelState } from '../../shared/compareProtocol';

export interface HtmlResources {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function compareHtml(r: HtmlResources, state: PanelState): string {
  const csp = [
    "default-src 'none'",
    `style-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
    `img-src ${r.cspSource}`,
    `script-src 'nonce-${r.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(r.codiconUri)}">
<link rel="stylesheet" href="${attr(r.styleUri)}">
<title>Compare on Haiku vs Sonnet</title>
</head>
<body>
<main id="app" aria-label="Compare on Haiku vs Sonnet"></main>
<script id="tierwise-state" type="application/json">${embedJson(state)}</script>
<script type="module" nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}

export function makeNonce(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(18)).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}
