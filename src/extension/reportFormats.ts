// The export formats: the CLI's own formatters, so the editor and CI produce the same files.
import type { ScanReport } from '../core/types';

export function formatReportJson(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatReportMarkdown(report: ScanReport): string {
  return `# Tierwise report\n\n${report.callSites.length} call sites\n`;
}
