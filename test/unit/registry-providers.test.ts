// "Move to registry" never changes the provider a call talks to. One fixture per family of providers
// (test/fixtures/registry/providers/<case>/): the source files (in/), what each call is offered (case.json: its
// registry key, the Haiku tier written its way or null when its client takes no Claude model, its own model kept),
// and the files after the default move of every call (out/: the tier where the client takes Claude models, the
// call's own model elsewhere). Calls are found by the scanner; `facts` adds the provider / base URL the current
// scanner does not read yet, `construct` builds a call the current scanner does not find (both listed in the report).
// UPDATE_REGISTRY_FIXTURES=1 rewrites out/ (review the diff before committing).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, moveOptions, planMoveToRegistry, readRegistry, registryKey, routeAccepts, routeOf, writtenModelOf, type ConflictPolicy, type ModelRoute, type MoveCall, type MovePlan } from '../../src/core/registry';
import { scanTexts } from '../../src/core/scan/project';
import { initScanEngine as initPythonScanner } from '../../src/core/scan/engine/simple';
import { providerOf, providerOfModel } from '../../src/core/scan/provider';
import type { ScannedCall } from '../../src/core/types';

const CASES = path.join(__dirname, '..', 'fixtures', 'registry', 'providers');
const UPDATE = process.env.UPDATE_REGISTRY_FIXTURES === '1';
const TIERS = { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' };
/** The routing guide's models, pinned by a user: dated ids must come out in each platform's form too. */
const PINNED = { haiku: 'claude-haiku-4-5-20251001', sonnet: 'claude-sonnet-4-6' };

interface Facts {
  provider?: string;
  baseUrl?: string;
  sdk?: string;
}
interface CaseCall {
  function?: string;
  construct?: { function: string; needle: string; sdk: string; api: string; provider?: string };
  facts?: Facts;
  task?: string;
  key: string;
  haiku: string | null;
  keep: string;
}
interface CaseSpec {
  about: string;
  rescan?: string;
  calls: CaseCall[];
}

interface Loaded {
  name: string;
  spec: CaseSpec;
  files: Map<string, string>;
  items: Array<{ spec: CaseCall; fn: string; task: string; call: MoveCall; scanned: boolean; route: ModelRoute; before: ScannedCall | null }>;
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/').replace(/\.txt$/, '')];
  });
}

function withFacts(c: ScannedCall, facts: Facts | undefined): ScannedCall {
  return facts ? { ...c, ...facts } : c;
}

function moveCallOf(c: ScannedCall, task: string, targetModel: string, text: string): MoveCall {
  return {
    file: c.file,
    language: c.language,
    model: c.model,
    task,
    targetModel,
    sdk: c.sdk,
    ...(c.provider ? { provider: c.provider } : {}),
    ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
    api: c.api,
    ...(c.wrapper ? { wrapper: { innerSdk: c.wrapper.innerSdk } } : {}),
    callText: text.slice(c.span.start, c.span.end),
  };
}

/** A call the current scanner does not find, as the new scanner will report it. */
function constructed(file: string, text: string, k: NonNullable<CaseCall['construct']>): ScannedCall {
  const def = text.indexOf(`def ${k.function}(`) >= 0 ? text.indexOf(`def ${k.function}(`) : text.indexOf(`function ${k.function}(`);
  assert.ok(def >= 0, `${k.function} not in ${file}`);
  const at = text.indexOf(k.needle, def);
  assert.ok(at >= 0, `${k.needle} not in ${k.function}`);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const callStart = text.indexOf('return ', def) + 'return '.length;
  const callEnd = text.indexOf('\n', at);
  const literal = text.slice(at, at + k.needle.length);
  const language = file.endsWith('.py') ? 'python' : 'typescript';
  return {
    file,
    language,
    enclosingFunction: k.function,
    className: null,
    callee: { line: text.slice(0, lineStart).split('\n').length, column: callStart - lineStart + 1, offset: callStart },
    span: { start: callStart, end: callEnd < 0 ? text.length : callEnd },
    sdk: k.sdk,
    api: k.api,
    ...(k.provider ? { provider: k.provider } : {}),
    model: { expression: literal, resolved: literal.slice(1, -1), source: 'literal', span: { start: at, end: at + literal.length } },
    registryTask: null,
    streaming: false,
    batch: false,
    cacheControl: false,
    cacheTtl: null,
    maxTokens: null,
    temperature: null,
    prompt: [],
    tools: [],
    stopSequences: [],
    signals: [],
    annotation: null,
  };
}

function scan(files: Map<string, string>): ScannedCall[] {
  return scanTexts(Object.fromEntries(files)).calls;
}

function load(name: string): Loaded {
  const dir = path.join(CASES, name);
  const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseSpec;
  const files = new Map<string, string>();
  for (const f of listFiles(path.join(dir, 'in'))) files.set(f, readFileSync(path.join(dir, 'in', `${f}.txt`), 'utf8'));
  const scanned = scan(files);
  const items = spec.calls.map((c) => {
    const task = c.task ?? 'classify_intent';
    let sc: ScannedCall;
    let isScanned = false;
    if (c.construct) {
      const file = [...files.keys()].find((f) => files.get(f)!.includes(`def ${c.construct!.function}(`) || files.get(f)!.includes(`function ${c.construct!.function}(`));
      assert.ok(file, `${name}: no file defines ${c.construct.function}`);
      assert.ok(!scanned.some((s) => s.enclosingFunction === c.construct!.function), `${name}: the scanner now finds ${c.construct.function}: use "function" instead of "construct"`);
      sc = constructed(file, files.get(file)!, c.construct);
    } else {
      const found = scanned.filter((s) => s.enclosingFunction === c.function);
      assert.equal(found.length, 1, `${name}: the scanner finds ${found.length} calls in ${c.function}`);
      sc = withFacts(found[0], c.facts);
      isScanned = true;
    }
    const text = files.get(sc.file)!;
    const call = moveCallOf(sc, task, '', text);
    const route = routeOf(call, { written: writtenModelOf(sc.model, (f) => files.get(f) ?? null), callText: call.callText });
    return { spec: c, fn: c.function ?? c.construct!.function, task, call, scanned: isScanned, route, before: isScanned ? sc : null };
  });
  return { name, spec, files, items };
}

function plan(calls: MoveCall[], files: Map<string, string>, onConflict: ConflictPolicy): MovePlan {
  return planMoveToRegistry({
    calls,
    readText: (f) => files.get(f) ?? null,
    registryPath: 'src/llm/modelRegistry.ts',
    pythonRegistryPath: 'model_registry.py',
    defaultModel: TIERS.sonnet,
    onConflict,
  });
}

function after(files: Map<string, string>, p: Extract<MovePlan, { status: 'ok' }>): Map<string, string> {
  const out = new Map(files);
  for (const file of new Set(p.edits.map((e) => e.file))) {
    out.set(file, applyEdits(p.createdFiles.includes(file) ? '' : (files.get(file) ?? ''), p.edits.filter((e) => e.file === file)));
  }
  return out;
}

before(async () => {
  const err = await initPythonScanner();
  assert.equal(err, null, `python parser: ${err}`);
});

const NAMES = readdirSync(CASES).sort();

for (const name of NAMES) {
  test(`move to registry keeps the provider: ${name}`, () => {
    const l = load(name);
    for (const it of l.items) {
      const where = `${name} ${it.fn}`;
      assert.equal(registryKey(it.task, it.route), it.spec.key, `${where}: registry key`);
      const options = moveOptions(it.route, TIERS);
      assert.equal(options.tiers.find((o) => o.tier === 'haiku')?.model ?? null, it.spec.haiku, `${where}: the Haiku tier written the call's way (null: no tier move)`);
      assert.equal(options.keep?.model ?? null, it.spec.keep, `${where}: the call's own model`);
      if (it.spec.haiku === null) assert.match(options.blocked ?? '', /would change the provider/, `${where}: the reason the tiers are not offered`);
    }

    // The default move of every call, as one plan (the file's source action).
    const calls = l.items.map((it) => ({ ...it.call, targetModel: it.route.claude ? TIERS.haiku : it.route.written! }));
    const p = plan(calls, l.files, 'keep-registry');
    assert.equal(p.status, 'ok', p.status === 'refused' ? p.message : JSON.stringify(p));
    if (p.status !== 'ok') return;
    const out = after(l.files, p);
    const registry = readRegistry(p.registryFile, out.get(p.registryFile)!);
    assert.deepEqual(registry.problems, []);
    for (const [i, o] of p.outcomes.entries()) {
      const it = l.items[i];
      assert.equal(o.key, it.spec.key);
      assert.equal(o.model, it.spec.haiku ?? it.spec.keep, `${name} ${it.fn}: the entry's model`);
      assert.equal(registry.entries.find((e) => e.task === o.key)?.model, o.model);
    }
    const changed = [...out.keys()].filter((f) => out.get(f) !== l.files.get(f));
    const outDir = path.join(CASES, name, 'out');
    if (UPDATE) {
      rmSync(outDir, { recursive: true, force: true });
      for (const f of changed) {
        mkdirSync(path.dirname(path.join(outDir, f)), { recursive: true });
        writeFileSync(path.join(outDir, `${f}.txt`), out.get(f)!);
      }
    }
    assert.deepEqual(listFiles(outDir).sort(), changed.sort(), `${name}: changed files`);
    for (const f of changed) assert.equal(out.get(f), readFileSync(path.join(outDir, `${f}.txt`), 'utf8'), `${name}: ${f}`);
  });
}

/** Models of other providers and other forms, asked for on purpose: a plan must refuse or keep the provider. */
const FOREIGN = ['gpt-4o-mini', 'llama3.2', 'groq/llama-3.3-70b-versatile', 'anthropic/claude-haiku-5.5', 'us.anthropic.claude-haiku-5-5-v1:0', 'claude-haiku-5-5@20251001'];
/** What a registry may already hold under the call's key. */
const PRESENT = ['claude-haiku-5-5', 'gpt-4o-mini', 'anthropic.claude-haiku-5-5-v1:0'];

test('property: for every generated plan, the provider of the call before and after (rescanned) is the same', () => {
  let plans = 0;
  let applied = 0;
  let rescanned = 0;
  const rescans = new Map<string, ScannedCall[]>();
  for (const name of NAMES) {
    const l = load(name);
    const python = [...l.files.keys()].some((f) => f.endsWith('.py'));
    const registryFile = python ? 'model_registry.py' : 'src/llm/modelRegistry.ts';
    for (const it of l.items) {
      const where = `${name} ${it.fn}`;
      const key = registryKey(it.task, it.route);
      const targets = new Set([TIERS.haiku, TIERS.sonnet, PINNED.haiku, PINNED.sonnet, it.route.written!, ...FOREIGN]);
      // The registry as it may already be: absent, or holding this key on another model (of any provider).
      const registries: Array<string | null> = [null, ...PRESENT.map((m) => (python ? `MODEL_REGISTRY = {\n    ${JSON.stringify(key)}: ${JSON.stringify(m)},\n}\n\nDEFAULT_MODEL = "claude-sonnet-5-5"\n\n\ndef model_for(task: str) -> str:\n    return MODEL_REGISTRY.get(task, DEFAULT_MODEL)\n` : `export const MODEL_REGISTRY = {\n  ${JSON.stringify(key)}: ${JSON.stringify(m)},\n} as const;\n\nexport const DEFAULT_MODEL = "claude-sonnet-5-5";\n\nexport function modelFor(task: string): string {\n  const models: Readonly<Record<string, string>> = MODEL_REGISTRY;\n  return models[task] ?? DEFAULT_MODEL;\n}\n`))];
      for (const target of targets) {
        // Against an existing entry, the two targets the lightbulb offers most (the tier, the call's own model).
        for (const reg of registries.filter((r) => r === null || target === TIERS.haiku || target === it.route.written)) {
          // Without a registry the conflict policies cannot differ.
          for (const policy of reg === null ? (['report'] as const) : (['report', 'keep-registry', 'update-registry'] as const)) {
            const files = new Map(l.files);
            if (reg !== null) files.set(registryFile, reg);
            const p = plan([{ ...it.call, targetModel: target }], files, policy);
            plans++;
            if (p.status !== 'ok') continue;
            applied++;
            const out = after(files, p);
            const value = readRegistry(p.registryFile, out.get(p.registryFile)!).entries.find((e) => e.task === p.outcomes[0].key)?.model;
            assert.ok(value !== undefined, `${where}: no entry for ${p.outcomes[0].key}`);
            // The entry's model is one the call's own client serves, written its way, from the same vendor.
            assert.ok(routeAccepts(it.route, value), `${where}: ${target} (${policy}${reg ? `, registry had ${reg.match(/: "([^"]+)"/)?.[1]}` : ''}) put it on ${value}`);
            assert.equal(providerOfModel(value) ?? 'unnamed', providerOfModel(it.route.written) ?? 'unnamed', `${where}: vendor of ${value}`);
            if (!it.scanned || l.spec.rescan) continue;
            // Read back by the scanner: the same provider, a model of the same vendor, the key the fix wrote.
            const callFile = it.call.file;
            const cacheKey = `${out.get(callFile)}\u0000${out.get(p.registryFile)}`;
            let again = rescans.get(cacheKey);
            if (!again) {
              again = scan(new Map([[callFile, out.get(callFile)!], [p.registryFile, out.get(p.registryFile)!]]));
              rescans.set(cacheKey, again);
            }
            const found = again.filter((c) => c.enclosingFunction === it.fn);
            assert.equal(found.length, 1, `${where}: the call after the move`);
            const a = withFacts(found[0], it.spec.facts);
            const b = it.before!;
            assert.equal(a.registryTask, p.outcomes[0].key, `${where}: the call names its key`);
            assert.equal(providerOf(a), providerOf(b), `${where}: provider after ${target} (${policy})`);
            assert.equal(providerOfModel(a.model.resolved) ?? 'unnamed', providerOfModel(b.model.resolved) ?? 'unnamed', `${where}: model vendor after ${target} (${policy}): ${a.model.resolved}`);
            rescanned++;
          }
        }
      }
    }
  }
  console.log(`provider property: ${plans} plans, ${applied} applied, ${rescanned} read back by the scanner`);
  assert.ok(applied > 500 && rescanned > 400, `too few plans exercised: ${applied} applied, ${rescanned} rescanned`);
});
