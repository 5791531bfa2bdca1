import type { RegistryInfo } from './types';
import { readPythonRegistry } from './readPython';
import { readTsRegistry } from './readTs';

/** Reads a registry file of either language (chosen by the file's extension). */
export function readRegistry(file: string, text: string): RegistryInfo {
  return file.endsWith('.py') ? readPythonRegistry(file, text) : readTsRegistry(file, text);
}

/** The registry's model for a task type: its entry, else DEFAULT_MODEL (null when the registry has neither). */
export function registryModelFor(info: RegistryInfo, task: string): string | null {
  return info.entries.find((e) => e.task === task)?.model ?? info.defaultModel?.value ?? null;
}
