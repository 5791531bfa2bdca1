// Every command id in one place (package.json declares the same ids under contributes.commands).
export const CommandId = {
  rescan: 'tierwise.rescan',
  showReport: 'tierwise.showReport',
  openUsageFile: 'tierwise.openUsageFile',
  toggleLenses: 'tierwise.toggleLenses',
  exportReport: 'tierwise.exportReport',
  showCallDetails: 'tierwise.showCallDetails',
  revealCallSite: 'tierwise.revealCallSite',
  groupByFile: 'tierwise.tree.groupByFile',
  groupByTaskType: 'tierwise.tree.groupByTaskType',
  showSkippedFiles: 'tierwise.showSkippedFiles',
  showTestFilesSetting: 'tierwise.showTestFilesSetting',
  classifyWithClaude: 'tierwise.classifyWithClaude',
  acceptClassifications: 'tierwise.acceptClassifications',
  discardClassifications: 'tierwise.discardClassifications',
  setTaskType: 'tierwise.setTaskType',
  // Registered by other features; referenced by the lenses.
  compare: 'tierwise.compare',
  moveToRegistry: 'tierwise.moveToRegistry',
} as const;
