// Reads a Python registry: `MODEL_REGISTRY = { "task": "model", … }` (annotation allowed), `DEFAULT_MODEL = "…"`, `def model_for(…)`.
import type { RegistryInfo } from './types';
import { lineOf } from './readTs';
import { pyStatements, pyStringValue, tokenizePython, type PyStatement, type PyToken } from './pySource';

function assignment(statements: PyStatement[], name: string): { statement: PyStatement; value: PyToken[] } | null {
  for (const s of statements) {
    if (s.indent !== 0 || s.tokens[0].type !== 'name' || s.tokens[0].value !== name) continue;
    const eq = s.tokens.findIndex((t) => t.type === 'op' && t.value === '=' && t.depth === 0);
    if (eq < 0) continue;
    return { statement: s, value: s.tokens.slice(eq + 1) };
  }
  return null;
}

export function readPythonRegistry(file: string, text: string): RegistryInfo {
  const info: RegistryInfo = { file, language: 'python', entries: [], defaultModel: null, hasLookup: false, object: null, declarationLine: null, problems: [] };
  let statements: PyStatement[];
  try {
    statements = pyStatements(tokenizePython(text));
  } catch (e) {
    info.problems.push(`${file} does not parse: ${(e as Error).message}`);
    return info;
  }
  const reg = assignment(statements, 'MODEL_REGISTRY');
  if (!reg) {
    info.problems.push(`${file} has no top-level MODEL_REGISTRY dict (expected \`MODEL_REGISTRY = {"task_type": "model-id", …}\`).`);
  } else {
    info.declarationLine = lineOf(text, reg.statement.start);
    const v = reg.value;
    const open = v[0];
    const close = v[v.length - 1];
    if (!open || open.value !== '{' || close.value !== '}' || close.depth !== open.depth) {
      info.problems.push(`MODEL_REGISTRY in ${file} is not a dict literal, so Tierwise cannot edit it.`);
    } else {
      info.object = { start: open.start, end: close.end };
      const inner = v.slice(1, -1);
      let i = 0;
      while (i < inner.length) {
        const key = inner[i];
        const colon = inner[i + 1];
        const value = inner[i + 2];
        const after = inner[i + 3];
        const line = lineOf(text, key.start);
        const task = pyStringValue(key);
        const model = value ? pyStringValue(value) : null;
        const endsWell = !after || (after.type === 'op' && after.value === ',');
        if (task === null || !colon || colon.value !== ':' || model === null || !endsWell) {
          info.problems.push(`${file}:${line}: MODEL_REGISTRY entry is not \`"task_type": "model-id"\`.`);
          // Skip to the next top-level comma inside the dict.
          while (i < inner.length && !(inner[i].value === ',' && inner[i].depth === open.depth + 1)) i++;
          i++;
          continue;
        }
        info.entries.push({ task, model, span: { start: key.start, end: value.end }, keySpan: { start: key.start, end: key.end }, valueSpan: { start: value.start, end: value.end }, line });
        i += after ? 4 : 3;
      }
    }
  }
  const def = assignment(statements, 'DEFAULT_MODEL');
  const defValue = def && def.value.length === 1 ? pyStringValue(def.value[0]) : null;
  if (def && defValue !== null) info.defaultModel = { value: defValue, span: { start: def.value[0].start, end: def.value[0].end }, line: lineOf(text, def.value[0].start) };
  else info.problems.push(def ? `DEFAULT_MODEL in ${file} is not a string literal.` : `${file} has no DEFAULT_MODEL.`);
  info.hasLookup = statements.some((s) => s.indent === 0 && s.tokens[0].value === 'def' && s.tokens[1]?.value === 'model_for');
  if (!info.hasLookup) info.problems.push(`${file} defines no model_for(task) function for calls to use.`);
  const seen = new Set<string>();
  for (const e of info.entries) {
    if (seen.has(e.task)) info.problems.push(`${file}:${e.line}: task type "${e.task}" appears twice in MODEL_REGISTRY.`);
    seen.add(e.task);
  }
  return info;
}
