// "Move to registry" on fixtures: each case under test/fixtures/registry/cases/<name>/ has the workspace files
// (in/), the calls to move (case.json) and the expected files after the edits (out/).
// Fixture files carry a `.txt` suffix so that the project's type-check and lint leave them alone.
// UPDATE_REGISTRY_FIXTURES=1 rewrites out/ (review the diff before committing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { applyEdits, newTsRegistryText, planMoveToRegistry, readRegistry, tsSyntaxError, type MoveCall, type MovePlanInput, type TextEdit } from '../../src/core/registry';
import type { ModelSource } from '../../src/core/types';

const CASES = path.join(__dirname, '..', 'fixtures', 'registry', 'cases');
const UPDATE = process.env.UPDATE_REGISTRY_FIXTURES === '1';

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/').replace(/\.txt$/, '')];
  });
}

interface CaseCall {
  file: string;
  needle: string;
  offset?: number;
  length?: number;
  source: ModelSource;
  resolved: string | null;
  task: string;
  targetModel: string;
  /** The call's SDK (default anthropic) and, where the scanner would know them, its provider and base URL. */
  sdk?: string;
}
interface CaseSpec {
  calls: CaseCall[];
  registryPath?: string;
  pythonRegistryPath?: string;
  onConflict?: MovePlanInput['onConflict'];
  typescriptProject?: boolean;
}

function loadCase(name: string) {
  const dir = path.join(CASES, name);
  const spec = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseSpec;
  const files = new Map<string, string>();
  for (const f of listFiles(path.join(dir, 'in'))) files.set(f, readFileSync(path.join(dir, 'in', `${f}.txt`), 'utf8'));
  const calls: MoveCall[] = spec.calls.map((c) => {
    const text = files.get(c.file);
    assert.ok(text !== undefined, `${name}: ${c.file} missing`);
    const at = text.indexOf(c.needle);
    assert.ok(at >= 0, `${name}: needle ${c.needle} not in ${c.file}`);
    const start = at + (c.offset ?? 0);
    const end = start + (c.length ?? c.needle.length - (c.offset ?? 0));
    const language = c.file.endsWith('.py') ? 'python' : /\.[cm]?jsx?$/.test(c.file) ? 'javascript' : 'typescript';
    return { file: c.file, language, task: c.task, targetModel: c.targetModel, sdk: c.sdk ?? 'anthropic', model: { expression: text.slice(start, end), resolved: c.resolved, source: c.source, span: { start, end } } };
  });
  const input: MovePlanInput = {
    calls,
    readText: (f) => files.get(f) ?? null,
    registryPath: spec.registryPath ?? 'src/llm/modelRegistry.ts',
    pythonRegistryPath: spec.pythonRegistryPath ?? 'model_registry.py',
    defaultModel: 'claude-sonnet-5-5',
    onConflict: spec.onConflict ?? 'report',
    typescriptProject: spec.typescriptProject,
  };
  return { dir, spec, files, calls, input };
}

function pyCompiles(text: string): string | null {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tierwise-registry-'));
  try {
    const f = path.join(tmp, 'm.py');
    writeFileSync(f, text);
    execFileSync('python3', ['-m', 'py_compile', f], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

for (const name of readdirSync(CASES).sort()) {
  test(`move to registry: ${name}`, () => {
    const { dir, files, calls, input } = loadCase(name);
    const plan = planMoveToRegistry(input);
    assert.equal(plan.status, 'ok', plan.status === 'refused' ? plan.message : JSON.stringify(plan));
    if (plan.status !== 'ok') return;

    const byFile = new Map<string, TextEdit[]>();
    for (const e of plan.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    const after = new Map<string, string>();
    for (const [file, edits] of byFile) after.set(file, applyEdits(plan.createdFiles.includes(file) ? '' : (files.get(file) ?? ''), edits));

    // Nothing outside the targets changes: every edit is an insertion, or replaces a model expression
    // (or the shorthand property holding it), or a registry entry's model.
    const spans = calls.map((c) => c.model.span!);
    for (const e of plan.edits) {
      if (e.start === e.end) continue;
      const original = files.get(e.file) ?? '';
      const replaced = original.slice(e.start, e.end);
      const isModelExpr = spans.some((s) => e.start >= s.start && e.end <= s.end) || calls.some((c) => c.file === e.file && replaced === c.model.expression);
      const isRegistryValue = e.file === plan.registryFile && /^["'][\w.-]+["']$/.test(replaced);
      assert.ok(isModelExpr || isRegistryValue, `${name}: unexpected replacement of ${JSON.stringify(replaced)} in ${e.file}`);
    }
    // Only the call files, the files holding a moved default, and the registry are touched.
    const allowed = new Set([...calls.map((c) => c.file), ...plan.outcomes.map((o) => o.rewrittenIn), plan.registryFile]);
    for (const f of byFile.keys()) assert.ok(allowed.has(f), `${name}: ${f} should not change`);

    // Every edited file re-parses (py_compile for Python), and the registry reads back with the moved tasks.
    for (const [file, text] of after) {
      if (file.endsWith('.py')) {
        if (hasPython) assert.equal(pyCompiles(text), null, `${name}: ${file} does not compile`);
      } else assert.equal(tsSyntaxError(file, text), null, `${name}: ${file} does not parse`);
    }
    const registry = readRegistry(plan.registryFile, after.get(plan.registryFile) ?? files.get(plan.registryFile) ?? '');
    assert.deepEqual(registry.problems, []);
    for (const o of plan.outcomes) {
      assert.equal(registry.entries.find((e) => e.task === o.key)?.model, o.model, `${name}: registry entry for ${o.key}`);
      const rewritten = after.get(o.rewrittenIn) ?? '';
      assert.ok(rewritten.includes(`(${JSON.stringify(o.key)})`) || rewritten.includes(`('${o.key}')`), `${name}: ${o.rewrittenIn} names ${o.key}`);
    }

    // Golden files: exactly the changed files, with the expected text.
    const outDir = path.join(dir, 'out');
    if (UPDATE) {
      rmSync(outDir, { recursive: true, force: true });
      for (const [file, text] of after) {
        mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
        writeFileSync(path.join(outDir, `${file}.txt`), text);
      }
    }
    assert.deepEqual(listFiles(outDir).sort(), [...after.keys()].sort(), `${name}: changed files`);
    for (const [file, text] of after) assert.equal(text, readFileSync(path.join(outDir, `${file}.txt`), 'utf8'), `${name}: ${file}`);
  });
}

test('a task type already mapped to another model is reported, kept, or updated as asked', () => {
  const { input } = loadCase('existing-as-const');
  const call = { ...input.calls[0], task: 'draft_long_form', targetModel: 'claude-haiku-5-5' };
  const reported = planMoveToRegistry({ ...input, calls: [call] });
  assert.deepEqual(reported.status === 'conflict' && reported.conflicts, [{ task: 'draft_long_form', registryModel: 'claude-sonnet-5-5', requestedModel: 'claude-haiku-5-5' }]);

  const kept = planMoveToRegistry({ ...input, calls: [call], onConflict: 'keep-registry' });
  assert.equal(kept.status, 'ok');
  if (kept.status === 'ok') {
    assert.equal(kept.outcomes[0].model, 'claude-sonnet-5-5');
    assert.ok(kept.edits.every((e) => e.file !== kept.registryFile), 'registry untouched');
  }
  const updated = planMoveToRegistry({ ...input, calls: [call], onConflict: 'update-registry' });
  assert.equal(updated.status, 'ok');
  if (updated.status === 'ok') {
    const reg = updated.edits.filter((e) => e.file === updated.registryFile);
    assert.deepEqual(reg.map((e) => e.newText), ['"claude-haiku-5-5"']);
  }
});

test('a registry path outside the workspace folder is refused', () => {
  const { input } = loadCase('new-registry');
  for (const registryPath of ['../shared/modelRegistry.ts', 'src/../../x.ts', '/etc/modelRegistry.ts', '']) {
    const plan = planMoveToRegistry({ ...input, registryPath, root: '/work/project' });
    assert.equal(plan.status, 'refused', registryPath);
    if (plan.status === 'refused') assert.match(plan.message, /outside the workspace folder|empty/);
  }
  const inside = planMoveToRegistry({ ...input, registryPath: '/work/project/src/llm/reg.ts', root: '/work/project' });
  assert.equal(inside.status === 'ok' && inside.registryFile, 'src/llm/reg.ts');
});

test('a registry in an unexpected shape gets a message and no edit', () => {
  const { input, files } = loadCase('existing-as-const');
  const shapes = [
    'export const MODEL_REGISTRY = { ...BASE, classify_intent: "claude-haiku-5-5" } as const;\nexport const DEFAULT_MODEL = "x";\nexport function modelFor(t: string) { return t; }\n',
    'export const MODEL_REGISTRY = buildRegistry();\nexport const DEFAULT_MODEL = "x";\nexport function modelFor(t: string) { return t; }\n',
    'export const MODELS = {};\n',
    'export const MODEL_REGISTRY = { a: "b" ',
  ];
  for (const registry of shapes) {
    const texts = new Map(files);
    texts.set('src/llm/modelRegistry.ts', registry);
    const plan = planMoveToRegistry({ ...input, readText: (f) => texts.get(f) ?? null });
    assert.equal(plan.status, 'refused', registry);
    if (plan.status === 'refused') assert.match(plan.message, /not in the shape Tierwise edits/);
  }
});

test('a model that is not hard-coded is not moved', () => {
  const { input } = loadCase('new-registry');
  for (const source of ['registry', 'parameter', 'unresolved'] as const) {
    const call = { ...input.calls[0], model: { ...input.calls[0].model, source } };
    const plan = planMoveToRegistry({ ...input, calls: [call] });
    assert.equal(plan.status, 'refused', source);
  }
});

test('a stale span (the buffer changed) is refused rather than editing the wrong text', () => {
  const { input } = loadCase('new-registry');
  const call = { ...input.calls[0], model: { ...input.calls[0].model, span: { start: 3, end: 9 } } };
  const plan = planMoveToRegistry({ ...input, calls: [call] });
  assert.equal(plan.status, 'refused');
});

test('a Python edit that would not parse is refused (injected checker)', () => {
  const { input } = loadCase('py-existing');
  const plan = planMoveToRegistry({ ...input, checkPython: () => 'invalid syntax' });
  assert.equal(plan.status, 'refused');
  if (plan.status === 'refused') assert.match(plan.message, /unparseable/);
});

test('a registry the fix creates type-checks under strict TypeScript, and modelFor falls back to DEFAULT_MODEL', () => {
  const registry = newTsRegistryText('src/llm/modelRegistry.ts', [{ task: 'classify_intent', model: 'claude-haiku-5-5' }], 'claude-sonnet-5-5', { cjs: false, quote: '"', semicolons: true });
  const user = 'import { modelFor } from "./modelRegistry";\nexport const a: string = modelFor("classify_intent");\n';
  const files: Record<string, string> = { '/v/modelRegistry.ts': registry, '/v/user.ts': user };
  const options = { strict: true, noUnusedLocals: true, noEmit: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, lib: ['lib.es2020.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => (files[name] !== undefined ? ts.createSourceFile(name, files[name], lang) : getSourceFile(name, lang));
  host.fileExists = (name) => files[name] !== undefined || ts.sys.fileExists(name);
  host.readFile = (name) => files[name] ?? ts.sys.readFile(name);
  host.directoryExists = (dir) => dir === '/v' || ts.sys.directoryExists(dir);
  const program = ts.createProgram(Object.keys(files), options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(diagnostics, []);
  // Run it: the entry, the default for an unknown task, and no prototype keys.
  const js = ts.transpileModule(registry, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  const mod: { exports: Record<string, (t: string) => string> } = { exports: {} };
  new Function('module', 'exports', js)(mod, mod.exports);
  assert.equal(mod.exports.modelFor('classify_intent'), 'claude-haiku-5-5');
  assert.equal(mod.exports.modelFor('review_code'), 'claude-sonnet-5-5');
  assert.equal(mod.exports.modelFor('constructor'), 'claude-sonnet-5-5');
});

test('a whole-file move: one entry per task type, the first model wins within the move, one import', () => {
  const { input, files } = loadCase('satisfies-import-list');
  const calls = input.calls.map((c) => ({ ...c, task: 'triage_ticket', targetModel: c === input.calls[0] ? 'claude-haiku-5-5' : 'claude-sonnet-5-5' }));
  const plan = planMoveToRegistry({ ...input, calls, onConflict: 'keep-registry' });
  assert.equal(plan.status, 'ok');
  if (plan.status !== 'ok') return;
  assert.deepEqual(plan.outcomes.map((o) => [o.entry, o.model]), [['added', 'claude-haiku-5-5'], ['reused', 'claude-haiku-5-5']]);
  assert.ok(plan.notes.some((n) => n.includes('already maps to claude-haiku-5-5')));
  const registry = applyEdits(files.get('src/llm/modelRegistry.ts')!, plan.edits.filter((e) => e.file === 'src/llm/modelRegistry.ts'));
  assert.equal(readRegistry('src/llm/modelRegistry.ts', registry).entries.filter((e) => e.task === 'triage_ticket').length, 1);
  const bot = applyEdits(files.get('src/review/bot.ts')!, plan.edits.filter((e) => e.file === 'src/review/bot.ts'));
  assert.equal(bot.match(/modelFor\("triage_ticket"\)/g)?.length, 2);
  assert.equal(bot.match(/^\s+modelFor,$/gm)?.length, 1, 'the import gains modelFor once');
});

test('a CommonJS registry the fix wrote is extended in place', () => {
  const registryText = newTsRegistryText('lib/llm/modelRegistry.js', [{ task: 'classify_intent', model: 'claude-haiku-5-5' }], 'claude-sonnet-5-5', { cjs: true, quote: "'", semicolons: true });
  const caller = "const { tag } = require('./tag');\n\nasync function run(client) {\n  return client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 5, messages: [] });\n}\nmodule.exports = { run };\n";
  const texts = new Map([['lib/llm/modelRegistry.js', registryText], ['lib/run.js', caller]]);
  const at = caller.indexOf("'claude-sonnet-5-5'");
  const plan = planMoveToRegistry({
    calls: [{ file: 'lib/run.js', language: 'javascript', task: 'extract_entities', targetModel: 'claude-haiku-5-5', sdk: 'anthropic', model: { expression: "'claude-sonnet-5-5'", resolved: 'claude-sonnet-5-5', source: 'literal', span: { start: at, end: at + 19 } } }],
    readText: (f) => texts.get(f) ?? null,
    registryPath: 'lib/llm/modelRegistry.js',
    pythonRegistryPath: 'model_registry.py',
    defaultModel: 'claude-sonnet-5-5',
    onConflict: 'report',
  });
  assert.equal(plan.status, 'ok', plan.status === 'refused' ? plan.message : '');
  if (plan.status !== 'ok') return;
  const reg = applyEdits(registryText, plan.edits.filter((e) => e.file === 'lib/llm/modelRegistry.js'));
  assert.match(reg, /Object\.freeze\(\{\n  classify_intent: 'claude-haiku-5-5',\n  extract_entities: 'claude-haiku-5-5',\n\}\)/);
  const run = applyEdits(caller, plan.edits.filter((e) => e.file === 'lib/run.js'));
  assert.match(run, /^const \{ tag \} = require\('\.\/tag'\);\nconst \{ modelFor \} = require\('\.\/llm\/modelRegistry'\);\n/);
  assert.match(run, /model: modelFor\('extract_entities'\)/);
});
