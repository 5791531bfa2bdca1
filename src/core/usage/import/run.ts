// One import, as the CLI (`tierwise import-usage`) and the editor (Tierwise: Import Usage…) run it: sniff the file's
// kind, stream it, then write measured figures into the usage file (OTLP) or check the estimate (a usage export).
import { createReadStream, closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { PriceBook } from '../../cost/prices';
import type { CallSite, ScannedCall } from '../../types';
import { ImportError, importOtlp, sniffExport, type OtlpImport } from './index';
import { checkExport, readUsageCsv, readUsageJson, type ExportCheck, type ProviderExport } from './providerExport';
import { exportSummary, otlpSummary } from './summary';
import { withMeasured, type UsageWrite } from './write';
import { writeFileAtomic } from './atomic';

export interface RunImportInput {
  /** Absolute path of the export. */
  file: string;
  /** Absolute path of the usage file to write (OTLP). */
  usagePath: string;
  sites: ReadonlyArray<{ site: CallSite; call: ScannedCall }>;
  book: PriceBook;
  date: string;
  dryRun?: boolean;
}

export type RunImportResult =
  | { kind: 'otlp'; result: OtlpImport; write: UsageWrite | null; lines: string[] }
  | { kind: 'export'; exp: ProviderExport; check: ExportCheck; lines: string[] };

const CHUNK = 64 * 1024;

export async function runImport(input: RunImportInput): Promise<RunImportResult> {
  const st = statSync(input.file);
  if (!st.isFile()) throw new ImportError(`${input.file} is not a regular file`, 1);
  const head = Buffer.alloc(Math.min(CHUNK, st.size));
  const fd = openSync(input.file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const kind = sniffExport(head.toString('utf8'));
  if (typeof kind !== 'string') throw new ImportError(kind.error, 1);
  const name = path.basename(input.file);
  const stream = () => createReadStream(input.file, { highWaterMark: CHUNK });
  if (kind === 'otlp') {
    const canonical = (m: string): string => input.book.find(m)?.id ?? m.toLowerCase();
    const result = await importOtlp(stream(), name, input.sites, canonical);
    let existing: string | null = null;
    try {
      existing = readFileSync(input.usagePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const write = withMeasured(existing, result.measured, path.basename(input.usagePath));
    if (!input.dryRun) writeFileAtomic(input.usagePath, write.text);
    const lines = otlpSummary(result, input.dryRun ? null : { file: path.basename(input.usagePath), added: write.added.length, updated: write.updated.length, removed: write.removed.length });
    return { kind: 'otlp', result, write: input.dryRun ? null : write, lines };
  }
  const exp = kind === 'usage-json' ? await readUsageJson(stream(), name) : await readUsageCsv(stream(), name);
  const check = checkExport(
    exp,
    input.sites.map((s) => ({ model: s.site.model.resolved, monthly: s.site.monthlyCost.current ?? 0 })),
    input.book,
    input.date,
  );
  return { kind: 'export', exp, check, lines: exportSummary(exp, check) };
}
