// The editor shows what the CLI computes (issue #11), on a copy of the example workspace (examples/, with its usage
// file): in every source file the cost lenses sit on the lines of `tierwise scan`'s call sites and carry their figures.
import path from 'node:path';
import { assertLensesEqualCli } from '../lib/equalsCli';
import { ROOT } from '../lib/paths';
import { fileOptions, test } from '../lib/ui';

// A smaller font, so that the longest example file (44 lines and its lenses) is in view at once: the check counts the
// lenses drawn, and an editor draws only what is in view.
fileOptions({ workspace: path.join(ROOT, 'examples'), settings: { 'editor.fontSize': 11 } });

test('every source file\'s cost lenses are the CLI\'s call sites of that file, with their figures', async (ctx) => {
  await assertLensesEqualCli(ctx, 'examples');
}, { timeoutMs: 240_000 });
