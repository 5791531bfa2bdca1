// Bounds on what a usage file, a setting, an annotation or the command line may ask for. A volume of 1e308 calls a
// day is schema-valid JSON but turns every total into Infinity (printed as null): past these bounds a value is
// capped, with a warning that says so, and the schema (schemas/tierwise.schema.json) rejects it up front.
import { formatNumber } from '../numberFormat';

/** Calls per day of one call site: a billion is ~11,600 a second, beyond any single call site we price. */
export const MAX_CALLS_PER_DAY = 1e9;
/** Tokens per call (input, output, dynamic input): ten million is several times the longest context window. */
export const MAX_TOKENS_PER_CALL = 1e7;
/** USD per million tokens in a price override. */
export const MAX_PRICE_PER_MTOK = 1e5;
/** A usage file larger than this is not read: it is not a hand-written list of assumptions (ids are ~60 bytes). */
export const USAGE_FILE_MAX_BYTES = 2 * 1024 * 1024;

const whole = (n: number): string => formatNumber(n);

/**
 * A count kept within [0, max]: NaN, negative or infinite values are not counts (undefined), values above `max`
 * are capped and the warning says where and what.
 */
export function boundedCount(value: number | undefined, max: number, what: string): { value: number | undefined; warning?: string } {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) return { value: undefined };
  if (value > max) return { value: max, warning: `${what} is ${value > 1e15 ? value.toExponential(2) : whole(value)}, above the limit of ${whole(max)}: ${whole(max)} is used.` };
  return { value };
}
