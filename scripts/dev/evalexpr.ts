// Evaluates the callee of every call in one file of a folder and prints what the engine thinks it is:
//   node --import tsx scripts/dev/evalexpr.ts <dir> <file>
import { DEBUG_ENTER } from '../../src/core/scan/engine/evaluate';
import { loadEngine } from './devEngine';

const [root, target] = process.argv.slice(2);
void loadEngine(root).then(({ ev, modules }) => {
  const mod = modules.get(target)!;
  for (const call of mod.calls) {
    const ctx = ev.abstractCtx(mod, call.fn);
    const v = ev.budgeted(() => ev.eval(ctx, call.f), 20_000);
    const show = (x: any): string => (x.t === 'alt' ? `alt(${x.options.map(show).join(', ')})` : `${x.t}${x.key ? ':' + x.key : ''}${x.cls ? ':' + x.cls : ''}${x.name ? ':' + x.name : ''}`);
    if (process.env.LINE && mod.text.slice(0, call.f.p[0]).split('\n').length !== Number(process.env.LINE)) continue;
    console.log(mod.text.slice(call.f.p[0], call.f.p[1]).slice(0, 60), '=>', show(v));
    if (process.env.CALLV) {
      const r = ev.budgeted(() => ev.call(ctx, call, { file: mod.file, s: call.p[0], e: call.p[1] }), Number(process.env.BUDGET ?? 60000));
      console.log('   value:', JSON.stringify(r, (kk, vv) => (kk === 'src' || kk === 'use' || kk === 'env' ? undefined : vv instanceof Map ? Object.fromEntries(vv) : vv)).slice(0, 1500));
    }
    if (process.env.ARGS) {
      const [a, ex] = ev.budgeted(() => [ev.args(ctx, call), ev.exhausted] as const, Number(process.env.BUDGET ?? 60000));
      console.log("   exhausted:", ex);
      if (DEBUG_ENTER) console.log([...DEBUG_ENTER].sort((x, y) => y[1] - x[1]).slice(0, 25));
      for (const x of a.pos) console.log('    pos', JSON.stringify(x, (kk, vv) => (kk === 'src' || kk === 'use' || kk === 'env' ? undefined : vv instanceof Map ? Object.fromEntries(vv) : vv)).slice(0, 900));
      for (const [k, x] of a.kw) console.log('   ', k, '=', JSON.stringify(x, (kk, vv) => (kk === 'src' || kk === 'use' || kk === 'env' ? undefined : vv instanceof Map ? Object.fromEntries(vv) : vv)).slice(0, 600));
    }
  }
});
