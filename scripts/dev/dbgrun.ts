// Runs the function a call at LINE reaches with the call's arguments and prints each of its return values and the
// given local names as the engine reads them there:
//   LINE=108 NAMES=mainChain,llm node --import tsx scripts/dev/dbgrun.ts <dir> <file>
import { loadEngine } from './devEngine';

const [root, target] = process.argv.slice(2);
const show = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'src' || k === 'use' || k === 'env' || k === 'via' ? undefined : v instanceof Map ? Object.fromEntries(v) : v)).slice(0, 700);
void loadEngine(root).then(({ ev, modules }) => {
  const mod = modules.get(target)!;
  for (const call of mod.calls) {
    if (mod.text.slice(0, call.f.p[0]).split('\n').length !== Number(process.env.LINE)) continue;
    const ctx = ev.abstractCtx(mod, call.fn);
    const f = ev.eval(ctx, call.f);
    if (f.t !== 'fn') continue;
    const fmod = modules.get(f.file)!;
    const fn = fmod.fns[f.key];
    const run = ev.runCtx(fmod, fn, ev.args(ctx, call), f.self ?? null, null, 1);
    for (const r of fn.returns) console.log('return', fmod.text.slice(r.p[0], r.p[1]).slice(0, 50).replace(/\s+/g, ' '), '=>', show(ev.eval(run, r)));
    for (const n of (process.env.NAMES ?? '').split(',').filter(Boolean)) console.log(n, '=>', show(ev.eval(run, { k: 'name', n, p: [fn.p[1] - 1, fn.p[1] - 1] } as never)));
  }
});
