import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSourceFile, makeExcludeTest } from '../../src/extension/index/exclude';

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
