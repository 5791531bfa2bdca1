// Streaming JSON for large exports: values at the given paths are handed over one by one, in bounded memory (the
// parser drops each value from its parent once emitted), with the line where each ends, so that a problem names its
// line. One document, several documents one after another (JSON Lines), or an array of documents.
import Tokenizer from '@streamparser/json/tokenizer.js';
import TokenParser from '@streamparser/json/tokenparser.js';

export class ImportError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Counts lines up to byte offsets that only move forward, without keeping the text. */
export class LineCounter {
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkStart = 0;
  private scanned = 0;
  private linesBefore = 0;

  /** Call before the chunk is parsed; offsets are absolute byte offsets into the stream. */
  feed(chunk: Uint8Array): void {
    // Lines of the rest of the previous chunk.
    this.lineAt(this.chunkStart + this.chunk.length);
    this.chunkStart += this.chunk.length;
    this.chunk = chunk;
    this.scanned = 0;
  }

  /** 1-based line of the byte at `offset` (offsets at or after the previous call's). */
  lineAt(offset: number): number {
    const to = Math.min(this.chunk.length, Math.max(0, offset - this.chunkStart));
    for (let i = this.scanned; i < to; i++) if (this.chunk[i] === 10) this.linesBefore++;
    if (to > this.scanned) this.scanned = to;
    return this.linesBefore + 1;
  }
}

export interface JsonStreamOptions {
  /** JSONPath-like paths of the values to emit (`$.resourceSpans.*.scopeSpans.*.spans.*`). */
  paths: string[];
  /** `line`: where the value starts. */
  onValue(value: unknown, line: number): void;
}

/**
 * Parses a byte stream, calling `onValue` for every value at one of the paths. Throws ImportError (with the line) on
 * invalid JSON. Memory stays bounded by the largest single value emitted.
 */
export async function streamJson(source: AsyncIterable<Uint8Array | string>, opts: JsonStreamOptions): Promise<{ bytes: number; lines: number }> {
  const lines = new LineCounter();
  let lastOffset = 0;
  let failure: ImportError | null = null;
  const tokenizer = new Tokenizer({ separator: '' });
  const parser = new TokenParser({ paths: opts.paths, keepStack: false, separator: '' });
  // Open brackets (to tell a document cut short from a complete one: the parser accepts either at the end), with the
  // line each opened on: a value is reported at the line where it starts.
  let depth = 0;
  const openedOn: number[] = [];
  let startLine = 1;
  tokenizer.onToken = (t) => {
    lastOffset = t.offset;
    if (t.token === 0 || t.token === 2) {
      depth++;
      openedOn.push(lines.lineAt(t.offset));
    } else if (t.token === 1 || t.token === 3) {
      depth--;
      startLine = openedOn.pop() ?? 1;
    } else startLine = lines.lineAt(t.offset);
    parser.write(t);
  };
  parser.onValue = ({ value }) => {
    if (failure) return;
    try {
      opts.onValue(value, startLine);
    } catch (e) {
      failure = e instanceof ImportError ? e : new ImportError(e instanceof Error ? e.message : String(e), startLine);
    }
  };
  const fail = (e: Error): void => {
    if (!failure) failure = new ImportError(`invalid JSON: ${e.message.replace(/^Unexpected/, 'unexpected')}`, lines.lineAt(lastOffset + 1));
  };
  tokenizer.onError = fail;
  parser.onError = fail;
  const encoder = new TextEncoder();
  let bytes = 0;
  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? encoder.encode(piece) : piece;
    lines.feed(chunk);
    bytes += chunk.length;
    tokenizer.write(chunk);
    if (failure) throw failure;
  }
  if (depth > 0 && !failure) failure = new ImportError('the file ends in the middle of a JSON value (cut short?)', lines.lineAt(bytes));
  if (!failure && !tokenizer.isEnded) tokenizer.end();
  if (failure) throw failure;
  return { bytes, lines: lines.lineAt(bytes) };
}
