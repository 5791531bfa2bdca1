// Scanning texts held in memory (tests, the compare panel's selection): every file is given, the engine decides
// what to parse and links. Parses in place: no time budget (the workspace scan has one).
import type { ScannedCall, SkippedFile } from '../../types';
import { frontEnds, parseFile } from './frontends';
import './frontendsAll';
import { Project, runSync, type AnalyzeOptions } from './project';
import type { ProjectConfig } from './resolve';
import { projectConfigFromTexts } from '../workspace';

export function scanTexts(files: Readonly<Record<string, string>>, options: AnalyzeOptions & { config?: ProjectConfig } = {}): { calls: ScannedCall[]; skipped: SkippedFile[]; project: Project } {
  const project = new Project(frontEnds(), options);
  project.setConfig(options.config ?? projectConfigFromTexts(files));
  for (const [file, text] of Object.entries(files)) project.setFile(file, text);
  const result = runSync(
    project.compute((f) => files[f] ?? null),
    (r) => parseFile(r.file, r.text, r.options),
  );
  return { calls: result.calls, skipped: result.skipped, project };
}
