// "Accept": Claude's answers written into .tierwise.json, where the team reviews and commits them. Pure: the file's
// text in, the new text out (or why not). Every other entry and field is kept as it was; the result is checked against
// the usage-file schema before anyone writes it. The caller writes it atomically (a temp file, then a rename).
import { parseUsageFile, USAGE_FILE_NAME } from '../../usage/usageFile';
import { QUESTION_KEYS, verdictSource, type JudgeVerdict } from './verdict';

export interface AcceptResult {
  text: string;
  /** Call-site ids written. */
  written: string[];
}

/**
 * The usage file with `callSites[id]` set from each verdict: `taskType`, `taskTypeSource`, `job`, `questions` and
 * `upgradeSignals` (other fields of the entry, such as `callsPerDay`, stay). `existing` is the file's text, or null when
 * there is none. A file that is not valid (bad JSON, schema errors) is never rewritten: its problems are returned.
 */
export function acceptVerdicts(existing: string | null, verdicts: ReadonlyArray<{ id: string; verdict: JudgeVerdict }>, file = USAGE_FILE_NAME): AcceptResult | { error: string } {
  let doc: Record<string, unknown> = {};
  if (existing !== null && existing.trim() !== '') {
    const loaded = parseUsageFile(existing, file);
    if (!loaded.valid) return { error: `${file} has problems, so Tierwise did not change it: ${loaded.problems.map((p) => p.message).join(' ')}` };
    doc = JSON.parse(existing) as Record<string, unknown>;
  }
  const sites = (doc.callSites && typeof doc.callSites === 'object' ? doc.callSites : {}) as Record<string, Record<string, unknown>>;
  const written: string[] = [];
  for (const { id, verdict: v } of verdicts) {
    if (!/^[^#]+#.+$/.test(id)) return { error: `"${id}" is not a call-site id.` };
    const before = sites[id] ?? {};
    // The judged fields replace whatever a previous answer wrote; the rest of the entry keeps its place and value.
    const { taskType: _t, taskTypeSource: _s, job: _j, questions: _q, upgradeSignals: _u, ...rest } = before;
    sites[id] = {
      ...rest,
      taskType: v.taskType,
      taskTypeSource: verdictSource(v),
      job: v.job,
      questions: Object.fromEntries(QUESTION_KEYS.map((k) => [k, { answer: v.questions[k].answer, reason: v.questions[k].reason }])),
      upgradeSignals: [...v.upgradeSignals],
    };
    written.push(id);
  }
  doc.callSites = sites;
  // Keep the file's indentation (two spaces, four, a tab), so the diff a teammate reviews is only the answers.
  const indent = (existing && /\n([ \t]+)"/.exec(existing)?.[1]) || '  ';
  const text = `${JSON.stringify(doc, null, indent)}\n`;
  const check = parseUsageFile(text, file);
  if (!check.valid) return { error: `the answers would make ${file} invalid, so Tierwise did not write it: ${check.problems.map((p) => p.message).join(' ')}` };
  return { text, written };
}

/**
 * The usage file with `callSites[id].taskType` set by hand ("Set task type…"): Claude's answers for another type, if
 * any, are dropped with its `taskTypeSource`; every other field stays.
 */
export function setTaskTypeInUsage(existing: string | null, id: string, taskType: string, file = USAGE_FILE_NAME): { text: string } | { error: string } {
  let doc: Record<string, unknown> = {};
  if (existing !== null && existing.trim() !== '') {
    const loaded = parseUsageFile(existing, file);
    if (!loaded.valid) return { error: `${file} has problems, so Tierwise did not change it: ${loaded.problems.map((p) => p.message).join(' ')}` };
    doc = JSON.parse(existing) as Record<string, unknown>;
  }
  const sites = (doc.callSites && typeof doc.callSites === 'object' ? doc.callSites : {}) as Record<string, Record<string, unknown>>;
  const { taskType: _t, taskTypeSource: _s, job: _j, questions: _q, upgradeSignals: _u, ...rest } = sites[id] ?? {};
  sites[id] = { ...rest, taskType };
  doc.callSites = sites;
  const indent = (existing && /\n([ \t]+)"/.exec(existing)?.[1]) || '  ';
  const text = `${JSON.stringify(doc, null, indent)}\n`;
  const check = parseUsageFile(text, file);
  if (!check.valid) return { error: check.problems.map((p) => p.message).join(' ') };
  return { text };
}

/**
 * The annotation line that names a task type: the call's own annotation with `task=` set (its other fields kept), or a
 * new comment line. `existing` is the text of the annotation comment line when the call has one.
 */
export function annotationWithTask(existing: string | null, taskType: string, language: 'typescript' | 'javascript' | 'python'): string {
  if (existing !== null && /tierwise:/.test(existing)) {
    return /\btask=[\w-]+/.test(existing) ? existing.replace(/\btask=[\w-]+/, `task=${taskType}`) : existing.replace(/\s*$/, ` task=${taskType}`);
  }
  return `${language === 'python' ? '#' : '//'} tierwise: task=${taskType}`;
}
