// The monorepo bench's generator (test/bench/monorepo-tree.ts): the bench is only as honest as its ground truth, so
// the truth is checked against the files written — every job's function and instruction are where the truth says,
// nowhere else, and the files parse. (No timing here: speed is measured by `npm run bench` only.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parse } from '@typescript-eslint/typescript-estree';
import { buildMonorepo, type Monorepo } from '../bench/monorepo-tree';

const digest = (m: Monorepo): string => {
  const h = createHash('sha1');
  for (const [f, t] of [...m.files].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${f}\0${t}\0`);
  h.update(JSON.stringify(m.jobs));
  return h.digest('hex');
};

const repo = buildMonorepo();

test('same seed, same tree; another seed, another tree', () => {
  assert.equal(digest(buildMonorepo()), digest(repo));
  assert.notEqual(digest(buildMonorepo({ seed: 7 })), digest(repo));
});

test('3,000 source files, 150 jobs with distinct instructions and sites, every shape used', () => {
  assert.equal(repo.sourceFiles, 3000);
  assert.ok(repo.testFiles > 50, `test files: ${repo.testFiles}`);
  assert.equal(repo.jobs.length, 150);
  assert.equal(new Set(repo.jobs.map((j) => j.instruction)).size, 150);
  assert.equal(new Set(repo.jobs.map((j) => `${j.file}#${j.fn}`)).size, 150);
  const shapes = new Set(repo.jobs.map((j) => j.shape));
  assert.ok(shapes.size >= 20, `shapes: ${shapes.size}`);
  assert.ok(repo.jobs.some((j) => j.language === 'python') && repo.jobs.some((j) => j.language === 'typescript'));
  assert.equal(buildMonorepo({ sourceFiles: 800 }).sourceFiles, 800);
});

test("each job's function is defined in its file and its instruction is written there or in a prompt constant it imports", () => {
  for (const j of repo.jobs) {
    const text = repo.files.get(j.file);
    assert.ok(text, `${j.file} is written`);
    const [cls, method] = j.fn.includes('.') ? j.fn.split('.') : [null, j.fn];
    if (cls) assert.match(text, new RegExp(`class ${cls}\\b`), `${j.file}: class ${cls}`);
    const def = j.language === 'python' ? `def ${method}\\(` : `(?:function ${method}\\b|async ${method}\\(|^\\s*${method}\\()`;
    assert.match(text, new RegExp(def, 'm'), `${j.file}: ${j.fn} defined`);
    const literal = JSON.stringify(j.instruction);
    const holders = [...repo.files].filter(([, t]) => t.includes(literal)).map(([f]) => f);
    if (holders.length === 1 && holders[0] === j.file) continue;
    // A prompt constant: one prompts module holds it, the job's file imports that module by the tsconfig alias.
    assert.equal(holders.length, 1, `${j.fn}: instruction written once (${holders.join(', ')})`);
    assert.match(holders[0], /^apps\/web\/src\/prompts\//);
    const constant = new RegExp(`export const (\\w+) = ${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(repo.files.get(holders[0])!)?.[1];
    assert.ok(constant && text.includes(`import { ${constant} } from "@/prompts/`), `${j.file} imports ${constant}`);
  }
});

test('near-miss files hold no job instruction', () => {
  const instructions = repo.jobs.map((j) => JSON.stringify(j.instruction));
  assert.ok(repo.nearMisses.length >= 10);
  for (const { file } of repo.nearMisses) {
    const text = repo.files.get(file);
    assert.ok(text, `${file} is written`);
    assert.ok(!instructions.some((i) => text.includes(i)), `${file} holds no instruction`);
  }
});

test('the LLM layer, the job files and a sample of ordinary files parse as TypeScript', () => {
  const jobFiles = new Set(repo.jobs.map((j) => j.file));
  let n = 0;
  for (const [f, text] of repo.files) {
    if (!/\.tsx?$/.test(f)) continue;
    if (!jobFiles.has(f) && !f.startsWith('packages/llm/') && n++ % 15 !== 0) continue;
    assert.doesNotThrow(() => parse(text, { jsx: f.endsWith('.tsx'), loc: false, range: false }), f);
  }
});
