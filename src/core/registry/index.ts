// The task-type registry: reading it (TypeScript and Python) and the text edits of "move to registry".
export * from './types';
export { readRegistry, registryModelFor } from './read';
export { readTsRegistry } from './readTs';
export { readPythonRegistry } from './readPython';
export { resolveRegistryPath, registryFileFor, importSpecifier, pythonModuleName } from './paths';
export { planMoveToRegistry, planSetRegistryEntry, applyEdits, isMovableModel, checkMovable, newTsRegistryText, newPythonRegistryText, REGISTRY_COMMENT } from './plan';
export { pyTokenCheck } from './pySource';
export { tsSyntaxError } from './tsSource';
export { registryUsage, sitesForRegistry, entryLensTitle, missingLensTitle, switchTitle, type RegistrySiteFacts, type EntryUsage, type MissingTask, type RegistryUsage, type TierOption } from './usage';
export { loadPythonSyntaxCheck } from './pythonCheck';
export { routeOf, registryKey, splitRegistryKey, routeAccepts, modelForRoute, moveOptions, writtenModelOf, claudeIdForm, formatClaudeModel, isClaudeModel, hostOf, providerOfHost, type ModelRoute, type RouteFacts, type ClaudeIdForm, type MoveOption, type RouteTarget } from './route';
export { registryCandidate, chooseRegistry, REGISTRY_TEXT_HINT } from './discover';
