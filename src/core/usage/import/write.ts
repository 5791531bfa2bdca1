// Writes measured figures into `.tierwise.json`, keeping the rest of the file as the user wrote it (jsonc-parser edits
// only the `measured` members it changes, in the file's own indentation and line endings). An import replaces the
// measured picture: `measured` members of call sites the import did not see are removed (an entry left empty by that
// goes too). The result must be a valid usage file, or nothing is written.
import { applyEdits, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { parseUsageFile, type MeasuredUsage, USAGE_FILE_NAME } from '../usageFile';
import { USAGE_FILE_MAX_BYTES } from '../limits';

export interface UsageWrite {
  text: string;
  added: string[];
  updated: string[];
  removed: string[];
}

export class UsageWriteError extends Error {}

function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

export function withMeasured(existing: string | null, measured: Readonly<Record<string, MeasuredUsage>>, file = USAGE_FILE_NAME): UsageWrite {
  let text = existing ?? '{}\n';
  if (existing !== null) {
    const loaded = parseUsageFile(existing, file);
    if (!loaded.valid) {
      const p = loaded.problems[0];
      throw new UsageWriteError(`${p ? p.message.replace(/ The file is ignored; defaults apply\.$/, '') : `${file} is not valid`} Fix it first: nothing was written.`);
    }
  }
  const formattingOptions = formattingOf(text);
  const current = (parseUsageFile(text, file).usage.callSites ?? {}) as Record<string, { measured?: unknown }>;
  const added: string[] = [];
  const updated: string[] = [];
  const removed: string[] = [];
  for (const [id, m] of Object.entries(measured)) {
    (current[id]?.measured ? updated : added).push(id);
    text = applyEdits(text, modify(text, ['callSites', id, 'measured'], m, { formattingOptions }));
  }
  for (const [id, entry] of Object.entries(current)) {
    if (measured[id] || !entry || !entry.measured) continue;
    removed.push(id);
    const keys = Object.keys(entry).filter((k) => k !== 'measured');
    text = applyEdits(text, modify(text, keys.length ? ['callSites', id, 'measured'] : ['callSites', id], undefined, { formattingOptions }));
  }
  if (!text.endsWith('\n')) text += formattingOptions.eol ?? '\n';
  if (!parseTree(text)) throw new UsageWriteError('the edited file would not parse: nothing was written.');
  const check = parseUsageFile(text, file);
  if (!check.valid) throw new UsageWriteError(`the edited file would not be valid (${check.problems[0]?.message ?? 'unknown problem'}): nothing was written.`);
  if (text.length > USAGE_FILE_MAX_BYTES) throw new UsageWriteError(`the edited file would be larger than the usage file limit: nothing was written.`);
  return { text, added, updated, removed };
}
