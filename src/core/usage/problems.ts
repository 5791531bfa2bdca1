// Many problems of one kind (20,000 call-site ids that match nothing, the same capped volume on every site) are one
// problem to a reader: the first few are shown as they are, the rest counted in one line.
import { formatNumber } from '../numberFormat';

/** What makes two messages the same kind: the text with places, quoted names and numbers taken out. */
function kindOf(message: string): string {
  return message
    .replace(/[^\s:]+:\d+:\d+:\s*/g, '')
    .replace(/"[^"]*"|“[^”]*”|`[^`]*`/g, '…')
    .replace(/\d[\d.,e+]*/gi, '#');
}

/** The first `keep` messages of each kind, in order, then per kind one "… and N more like the above" line. */
export function summarizeMessages(messages: readonly string[], keep = 5): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const m of messages) {
    const kind = kindOf(m);
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    if (n <= keep) out.push(m);
  }
  for (const [kind, n] of seen) {
    if (n > keep) out.push(`… and ${formatNumber(n - keep)} more like “${kind.length > 100 ? `${kind.slice(0, 99)}…` : kind}”`);
  }
  return out;
}
