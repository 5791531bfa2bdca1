import type { Inference } from '../../types';
import { HAIKU_MIN_CONFIDENCE } from '../tier';

/** A site the rules cannot type with confidence and nobody has named or judged: the lens offers Claude for these. */
export function isUncertain(inference: Inference): boolean {
  return !inference.setBy && !inference.judged && (inference.taskType === 'unknown' || inference.confidence < HAIKU_MIN_CONFIDENCE);
}
