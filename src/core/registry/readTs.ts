// Reads a TypeScript / JavaScript registry: `MODEL_REGISTRY = { task: "model", … } [as const] [satisfies …]`,
// `DEFAULT_MODEL = "…"` and a `modelFor` function, exported the ESM or the CommonJS way.
import type { RegistryInfo } from './types';
import { parseTs, stringValue, unwrapExpression, type Node, type Program } from './tsSource';

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Top-level `const NAME = init` (exported or not) or `exports.NAME = init` / `module.exports.NAME = init`. */
function topLevelValue(ast: Program, name: string): { init: Node; declaration: Node } | null {
  for (const stmt of ast.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration : stmt;
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) {
        if (d.id.type === 'Identifier' && d.id.name === name && d.init) return { init: d.init, declaration: stmt };
      }
    } else if (decl.type === 'ExpressionStatement' && decl.expression.type === 'AssignmentExpression') {
      const left = decl.expression.left;
      if (left.type === 'MemberExpression' && !left.computed && left.property.type === 'Identifier' && left.property.name === name) {
        const obj = left.object;
        const isExports =
          (obj.type === 'Identifier' && obj.name === 'exports') ||
          (obj.type === 'MemberExpression' && obj.object.type === 'Identifier' && obj.object.name === 'module' && obj.property.type === 'Identifier' && obj.property.name === 'exports');
        if (isExports) return { init: decl.expression.right, declaration: stmt };
      }
    }
  }
  return null;
}

function definesFunction(ast: Program, name: string): boolean {
  for (const stmt of ast.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration : stmt;
    if (decl.type === 'FunctionDeclaration' && decl.id?.name === name) return true;
  }
  const value = topLevelValue(ast, name);
  return !!value && (value.init.type === 'ArrowFunctionExpression' || value.init.type === 'FunctionExpression' || value.init.type === 'Identifier');
}

export function readTsRegistry(file: string, text: string): RegistryInfo {
  const info: RegistryInfo = { file, language: 'typescript', entries: [], defaultModel: null, hasLookup: false, object: null, declarationLine: null, problems: [] };
  let ast: Program;
  try {
    ast = parseTs(file, text);
  } catch (e) {
    info.problems.push(`${file} does not parse: ${(e as Error).message}`);
    return info;
  }
  const registry = topLevelValue(ast, 'MODEL_REGISTRY');
  if (!registry) {
    info.problems.push(`${file} has no top-level MODEL_REGISTRY object (expected \`export const MODEL_REGISTRY = { task_type: "model-id", … } as const;\`).`);
  } else {
    info.declarationLine = lineOf(text, registry.declaration.range[0]);
    const obj = unwrapExpression(registry.init);
    if (obj.type !== 'ObjectExpression') {
      info.problems.push(`MODEL_REGISTRY in ${file} is not an object literal, so Tierwise cannot edit it.`);
    } else {
      info.object = { start: obj.range[0], end: obj.range[1] };
      for (const p of obj.properties) {
        const line = lineOf(text, p.range[0]);
        if (p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method) {
          info.problems.push(`${file}:${line}: MODEL_REGISTRY has an entry Tierwise cannot read (spread, computed key or method).`);
          continue;
        }
        const task = p.key.type === 'Identifier' ? p.key.name : stringValue(p.key as Node);
        const value = unwrapExpression(p.value as Node);
        const model = stringValue(value);
        if (task === null || model === null) {
          info.problems.push(`${file}:${line}: MODEL_REGISTRY entry${task ? ` "${task}"` : ''} is not \`task_type: "model-id"\`.`);
          continue;
        }
        info.entries.push({ task, model, span: { start: p.range[0], end: p.range[1] }, keySpan: { start: p.key.range[0], end: p.key.range[1] }, valueSpan: { start: value.range[0], end: value.range[1] }, line });
      }
    }
  }
  const def = topLevelValue(ast, 'DEFAULT_MODEL');
  if (def) {
    const node = unwrapExpression(def.init);
    const value = stringValue(node);
    if (value !== null) info.defaultModel = { value, span: { start: node.range[0], end: node.range[1] }, line: lineOf(text, node.range[0]) };
    else info.problems.push(`DEFAULT_MODEL in ${file} is not a string literal.`);
  } else {
    info.problems.push(`${file} has no DEFAULT_MODEL.`);
  }
  info.hasLookup = definesFunction(ast, 'modelFor');
  if (!info.hasLookup) info.problems.push(`${file} defines no modelFor(task) function for calls to use.`);
  const seen = new Set<string>();
  for (const e of info.entries) {
    if (seen.has(e.task)) info.problems.push(`${file}:${e.line}: task type "${e.task}" appears twice in MODEL_REGISTRY.`);
    seen.add(e.task);
  }
  return info;
}

