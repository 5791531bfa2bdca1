import type { Annotation } from '../types';

// `// tierwise: calls=50000/day task=extract_entities` or `# tierwise: calls=2k/hour`; on an agent loop
// `// tierwise: tasks=200/day turns=8` (a task is one run of the loop; see src/core/cost/loop.ts).
const ANNOTATION = /tierwise:\s*(.*)$/i;
const CALLS = /^(calls|tasks)\s*=\s*([\d.,_]+)\s*([km])?\s*\/\s*(day|hour|month|d|h|mo)$/i;
// `turns=8`: model requests per task of an agent loop or a conversation.
const TURNS = /^turns\s*=\s*([\d.,_]+)$/i;
const MAX_TURNS = 1000;
const TASK = /^task\s*=\s*([A-Za-z_][\w-]*)$/;

const PER_DAY: Record<string, number> = { day: 1, d: 1, hour: 24, h: 24, month: 1 / 30, mo: 1 / 30 };

export interface AnnotationParse {
  annotation: Annotation | null;
  /** Problems with a `tierwise:` comment that is there but unreadable, for diagnostics. */
  errors: string[];
}

/** Parses the text of one comment (without or with its `//` / `#` markers). */
export function parseAnnotation(commentText: string, line: number): AnnotationParse {
  const match = ANNOTATION.exec(commentText.replace(/\*\/\s*$/, '').trim());
  if (!match) return { annotation: null, errors: [] };
  const annotation: Annotation = { line, text: commentText.trim() };
  const errors: string[] = [];
  for (const token of match[1].trim().split(/\s+/).filter(Boolean)) {
    const calls = CALLS.exec(token);
    if (calls) {
      const base = Number(calls[2].replace(/[,_]/g, ''));
      const mult = calls[3] ? (calls[3].toLowerCase() === 'k' ? 1e3 : 1e6) : 1;
      if (!Number.isFinite(base)) {
        errors.push(`line ${line}: "${token}" is not a number of ${calls[1].toLowerCase()}`);
        continue;
      }
      annotation.callsPerDay = base * mult * PER_DAY[calls[4].toLowerCase()];
      if (calls[1].toLowerCase() === 'tasks') annotation.volumeUnit = 'tasks';
      continue;
    }
    const turns = TURNS.exec(token);
    if (turns) {
      const n = Number(turns[1].replace(/[,_]/g, ''));
      if (!Number.isInteger(n) || n < 1 || n > MAX_TURNS) {
        errors.push(`line ${line}: "${token}": turns must be a whole number from 1 to ${MAX_TURNS}`);
        continue;
      }
      annotation.turns = n;
      continue;
    }
    const task = TASK.exec(token);
    if (task) {
      annotation.taskType = task[1];
      continue;
    }
    errors.push(`line ${line}: unknown tierwise annotation "${token}" (expected calls=N/day|hour|month, tasks=N/day, turns=N or task=<task_type>)`);
  }
  if (annotation.callsPerDay === undefined && annotation.taskType === undefined && annotation.turns === undefined) return { annotation: null, errors };
  return { annotation, errors };
}
