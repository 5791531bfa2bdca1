// Offsets ↔ 1-based lines and columns, for the scanners and the usage file's JSON positions.

/** The offset at which each line of `text` starts (lines end at "\n"). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The 1-based line and column of `offset`, given the text's line starts. */
export function pointAt(lineStarts: readonly number[], offset: number): { line: number; column: number; offset: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1, offset };
}
