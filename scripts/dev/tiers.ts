// Joins hand labels with what the engine says of each labelled job's tier (dev only):
//   npx tsx scripts/dev/tiers.ts <batch dir with *.labels.json> > out.jsonl
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { analyseTargets } from '../../src/cli/main';

const [bdir] = process.argv.slice(2);
const last = (s: string) => (s || '').split(/[.#:]/).filter(Boolean).pop() || '';
async function main(): Promise<void> {
  for (const f of readdirSync(bdir).filter((x) => x.endsWith('.labels.json')).sort()) {
    const short = f.replace('.labels.json', '');
    const labels = JSON.parse(readFileSync(path.join(bdir, f), 'utf8')) as { jobs: { file: string; line: number; function?: string; job: string; taskType: string; tier: string }[] };
    const a = await analyseTargets({ paths: [path.join(bdir, short)] }, () => {}, process.cwd());
    if (!a) continue;
    const sites = a.analysis.sites.map((s) => ({ site: s.site, inf: s.inference }));
    const pairs: [number, number, number][] = [];
    labels.jobs.forEach((j, ji) => sites.forEach(({ site }, si) => {
      if (site.file !== j.file) return;
      const d = Math.abs(site.line - j.line);
      if (d <= 3) pairs.push([d, ji, si]);
      else if (j.function && last(j.function) === last(String(site.id).split('#')[1])) pairs.push([100 + d, ji, si]);
    }));
    pairs.sort((x, y) => x[0] - y[0]);
    const used = new Set<number>(); const matched = new Map<number, number>();
    for (const [, ji, si] of pairs) if (!matched.has(ji) && !used.has(si)) { matched.set(ji, si); used.add(si); }
    labels.jobs.forEach((j, ji) => {
      const si = matched.get(ji);
      if (si === undefined) return;
      const { site, inf } = sites[si];
      console.log(JSON.stringify({ repo: short, file: site.file, line: site.line, job: j.job, label: j.taskType, tier: j.tier, type: site.taskType, conf: site.confidence, rec: site.recommendedTier, runnerUp: inf.runnerUp, q: inf.questions, notes: inf.questionNotes, up: inf.upgradeReasons }));
    });
  }
  process.exit(0);
}
void main();
