// Verifications whose batch was still running when the window closed: their checkpoints (batch ids, the spec, the
// dataset's hash) in workspace state, so a reload resumes them by polling the same batch instead of paying twice.
import type * as vscode from 'vscode';
import type { VerifyCheckpoint } from '../../core/verify/job';

const KEY = 'tierwise.verify.jobs';

export interface KeptJob {
  checkpoint: VerifyCheckpoint;
  /** The dataset file (read again on resume; its hash must match). */
  datasetUri: string;
  /** The call's document. */
  uri: string;
}

export class VerifyJobs {
  constructor(private readonly state: vscode.Memento) {}

  all(): KeptJob[] {
    const v = this.state.get<Record<string, KeptJob>>(KEY) ?? {};
    return Object.values(v).filter((j) => j && typeof j === 'object' && j.checkpoint?.version === 1 && typeof j.datasetUri === 'string' && typeof j.uri === 'string');
  }

  forSite(siteId: string): KeptJob | undefined {
    return this.all().find((j) => j.checkpoint.spec.siteId === siteId);
  }

  async keep(job: KeptJob): Promise<void> {
    const v = { ...(this.state.get<Record<string, KeptJob>>(KEY) ?? {}) };
    v[job.checkpoint.spec.siteId] = job;
    await this.state.update(KEY, v);
  }

  async forget(siteId: string): Promise<void> {
    const v = { ...(this.state.get<Record<string, KeptJob>>(KEY) ?? {}) };
    if (!(siteId in v)) return;
    delete v[siteId];
    await this.state.update(KEY, v);
  }
}
