// Prints, for each call site of a folder, the task type, its confidence, the tier and why (upgrade reasons, the routing
// questions): FILTER=<substring of file> npx tsx scripts/dev/why.ts <dir>
import { analyseTargets } from '../../src/cli/main';

const [dir] = process.argv.slice(2);
void analyseTargets({ paths: [dir] }, () => {}, process.cwd()).then((a) => {
  if (!a) return;
  for (const s of a.analysis.sites) {
    const { site, inference: inf } = s;
    if (process.env.FILTER && !site.file.includes(process.env.FILTER)) continue;
    console.log(`${site.file}:${site.line} ${site.taskType} ${site.confidence} → ${site.recommendedTier}`);
    console.log('   upgrade:', JSON.stringify(inf.upgradeReasons));
    console.log('   questions:', JSON.stringify(inf.questions), JSON.stringify(inf.questionNotes));
  }
  process.exit(0);
});
