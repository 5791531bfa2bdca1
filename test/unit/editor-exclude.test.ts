import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSourceFile, makeExcludeTest } from '../../src/extension/index/exclude';
import { walkSourceFiles } from '../../src/extension/index/walk';

test('files.exclude, search.exclude, tierwise.exclude and nested .gitignore files all exclude', () => {
  const excluded = makeExcludeTest({
    globMaps: [{ '**/.git': true, '**/tmp': false }, { '**/node_modules': true, '**/*.code-search': true, '**/gen': { when: '$(basename).ts' } }],
    globs: ['legacy/**', 'src/**/*.spec.ts'],
    gitignores: [
      { dir: '', text: 'dist/\n*.log\n' },
      { dir: 'packages/a', text: 'out\n!keep.ts\n' },
    ],
  });
  assert.equal(excluded('src/app.ts'), false);
  assert.equal(excluded('node_modules/openai/index.js'), true);
  assert.equal(excluded('packages/x/node_modules/y/z.js'), true);
  assert.equal(excluded('.git/hooks/a.js'), true);
  assert.equal(excluded('tmp/a.ts'), false, 'a false value does not exclude');
  assert.equal(excluded('gen/a.ts'), false, 'a `when` clause is not applied blindly');
  assert.equal(excluded('legacy/old.ts'), true);
  assert.equal(excluded('src/deep/a.spec.ts'), true);
  assert.equal(excluded('dist/extension.js'), true);
  assert.equal(excluded('packages/a/out/x.js'), true);
  assert.equal(excluded('packages/b/out/x.js'), false, 'a nested .gitignore only applies below its folder');
});

test('source files: scanner extensions, never declarations', () => {
  assert.equal(isSourceFile('a/b.ts'), true);
  assert.equal(isSourceFile('a/b.py'), true);
  assert.equal(isSourceFile('a/b.d.ts'), false);
  assert.equal(isSourceFile('a/b.json'), false);
});

test('the worker walk prunes excluded folders, applies nested .gitignore files and returns them', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tierwise-walk-'));
  try {
    const put = (rel: string, text = 'x'): void => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    put('.gitignore', 'generated/\n');
    put('src/a.ts');
    put('src/a.d.ts');
    put('src/readme.md');
    put('generated/g.ts');
    put('node_modules/openai/index.js');
    put('pkg/.gitignore', 'local.ts\n');
    put('pkg/local.ts');
    put('pkg/kept.py');
    put('legacy/old.ts');
    put('tmp/t.ts');
    const r = await walkSourceFiles(root, { globMaps: [{ '**/tmp': true }], globs: ['legacy/**'] });
    assert.deepEqual(r.files, ['pkg/kept.py', 'src/a.ts']);
    assert.deepEqual(r.gitignores.map((g) => g.dir).sort(), ['', 'pkg']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
