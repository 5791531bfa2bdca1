// Python syntax check on the tree-sitter grammar the scanner uses: the fix never writes Python that does not parse.
import { loadPythonParser, parsePython, type PythonParserOptions } from '../scan/python/parser';
import { pyTokenCheck } from './pySource';

/** Loads the parser once; the returned check is synchronous. Falls back to the tokenizer check if the grammar cannot load. */
export async function loadPythonSyntaxCheck(options: PythonParserOptions = {}): Promise<(text: string) => string | null> {
  try {
    await loadPythonParser(options);
  } catch {
    return pyTokenCheck;
  }
  return (text: string) => {
    const tree = parsePython(text);
    if (!tree) return pyTokenCheck(text);
    try {
      if (!tree.rootNode.hasError) return pyTokenCheck(text);
      let bad: { row: number; column: number } | null = null;
      const cursor = tree.walk();
      const visit = (): void => {
        do {
          const n = cursor.currentNode;
          if (bad) return;
          if (n.isError || n.isMissing) {
            bad = n.startPosition;
            return;
          }
          if (n.hasError && cursor.gotoFirstChild()) {
            visit();
            cursor.gotoParent();
          }
        } while (!bad && cursor.gotoNextSibling());
      };
      visit();
      const at = bad as { row: number; column: number } | null;
      return at ? `syntax error at line ${at.row + 1}, column ${at.column + 1}` : 'syntax error';
    } finally {
      tree.delete();
    }
  };
}
