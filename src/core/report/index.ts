export { formatUsd, formatCallsPerDay, savingPercent, type UsdOptions } from './money';
export { formatTable, formatJson, formatMarkdown, currentCost, recommendedCost, siteSaving, mdCell, type MarkdownOptions } from './formats';
