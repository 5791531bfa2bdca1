// How deep a front-end reads expressions. Expressions nest in the IR (a function body does not: it is a key of
// `fns`), and every later pass walks them: copying the IR out of the parse worker (structured clone recurses and
// fails past about 2,000 levels of objects), evaluating and rendering it on the main thread. Deeper than this they
// are not read, so that no input's depth reaches a stack after its parser; real code stays far below it (the
// deepest call in the fixtures nests 22 objects, about 8 expressions).
import { lineStartsOf, pointAt } from '../lines';
import type { Span } from './ir';

export const MAX_EXPR_DEPTH = 200;

/** What was left out for its depth, by line: exactly what a reader needs to find it. */
export function deepNote(text: string, spans: readonly Span[]): string {
  const starts = lineStartsOf(text);
  const lines: number[] = [];
  for (const p of spans) {
    const line = pointAt(starts, p[0]).line;
    if (!lines.includes(line)) lines.push(line);
  }
  lines.sort((a, b) => a - b);
  const shown = lines.slice(0, 5).join(', ');
  const where = lines.length === 1 ? `line ${lines[0]}` : lines.length <= 5 ? `lines ${shown.replace(/, (\d+)$/, ' and $1')}` : `lines ${shown} and ${lines.length - 5} more`;
  return `expressions nested deeper than ${MAX_EXPR_DEPTH} levels were not read (at ${where}; the rest of the file was)`;
}
