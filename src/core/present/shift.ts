// Moves offsets through text edits, so the last good lenses of a file that does not parse right now
// (a half-typed line) follow the user's edits instead of vanishing. Pure.

/** One replacement, in the offsets of the text before it (VS Code's contentChanges: rangeOffset, rangeLength, text). */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/**
 * Maps an offset of the text before `changes` to the text after them. VS Code applies the changes of one
 * event "in order" on the original document and reports them sorted descending, with non-overlapping ranges,
 * so each change is expressed in the original offsets. An offset inside a replaced range moves to the
 * start of the replacement: the site is still there, only its inside changed.
 */
export function shiftOffset(offset: number, changes: readonly TextChange[]): number {
  let delta = 0;
  for (const c of changes) {
    const end = c.rangeOffset + c.rangeLength;
    if (end <= offset) {
      // Entirely before (an insertion right at the offset pushes it too).
      delta += c.text.length - c.rangeLength;
    } else if (c.rangeOffset < offset) {
      // The offset is inside the replaced range.
      delta += c.rangeOffset - offset;
    }
  }
  return Math.max(0, offset + delta);
}

export interface Spanned {
  span: { start: number; end: number };
}

export function shiftSpan(span: { start: number; end: number }, changes: readonly TextChange[]): { start: number; end: number } {
  const start = shiftOffset(span.start, changes);
  const end = Math.max(start, shiftOffset(span.end, changes));
  return { start, end };
}
