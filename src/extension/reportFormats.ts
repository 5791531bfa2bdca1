// The export formats: the CLI's own formatters, so the editor and CI produce the same files.
export { formatJson as formatReportJson, formatMarkdown as formatReportMarkdown } from '../core/report/formats';
