// Registers every front-end beyond TS/JS (imported for its effect by the entry points: the CLI, the index, the parse
// worker, the in-memory scan): Python, whose grammar (WASM) loads asynchronously once.
import { mayMatterPattern } from '../catalogue';
import { pyFrontEnd, PY_EXTENSIONS } from '../py/frontend';
import { isPythonParserReady, loadPythonParser } from '../python/parser';
import { addFrontEndLoader, registerFrontEnd } from './frontends';

const PY_MAY_MATTER = mayMatterPattern('py');

registerFrontEnd({
  lang: 'py',
  extensions: PY_EXTENSIONS,
  mayMatter: (text) => PY_MAY_MATTER.test(text),
  analyze: (file, text, options) => {
    if (!isPythonParserReady()) throw new Error('the Python grammar is not loaded');
    return pyFrontEnd(file, text, options);
  },
});

addFrontEndLoader(async () => {
  try {
    // Next to the bundle (dist/), or in node_modules when running from source.
    await loadPythonParser();
    return null;
  } catch (e) {
    return `Python files cannot be read: ${e instanceof Error ? e.message : String(e)}`;
  }
});
