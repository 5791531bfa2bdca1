import type { Inference, PromptPart, ScannedCall, Tier } from '../../src/core/types';
import type { InferFn } from '../../src/core/analyze';

/** A scanned call with nothing visible: fully dynamic prompt, no tools, no max_tokens. */
export function scannedCall(over: Partial<ScannedCall> & { file?: string; enclosingFunction?: string; line?: number } = {}): ScannedCall {
  const line = over.line ?? 10;
  return {
    file: 'src/app.ts',
    language: 'typescript',
    enclosingFunction: 'handler',
    className: null,
    callee: { line, column: 5, offset: line * 40 },
    span: { start: line * 40, end: line * 40 + 30 },
    sdk: 'anthropic',
    api: 'messages.create',
    model: { expression: '"claude-sonnet-4-5"', resolved: 'claude-sonnet-4-5', source: 'literal', span: null },
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
    ...over,
  };
}

export function part(role: PromptPart['role'], text: string, dynamicSlots = 0): PromptPart {
  return { role, text, dynamicSlots, file: 'src/app.ts', line: 1, span: null, origin: 'literal' };
}

/** An inference stub: a fixed task type and tier per file, honouring overrides as the real one must. */
export function fixedInfer(taskType: string, tier: Tier, byFile: Record<string, [string, Tier]> = {}): InferFn {
  return (call, override) => {
    const [t, r] = byFile[call.file] ?? [taskType, tier];
    const task = override?.taskType ?? call.registryTask ?? t;
    const inference: Inference = {
      taskType: task,
      confidence: override ? 1 : 0.8,
      runnerUp: null,
      reasons: [override ? `set by ${override.source}` : 'stub'],
      recommendedTier: override ? (['classify_intent', 'extract_entities', 'summarize_short'].includes(task) ? 'haiku' : 'sonnet') : r,
      upgradeReasons: [],
      questions: { shortSchemaConstrainedOutput: true, cheapToRecover: true, noMultiStepReasoning: true },
    };
    return inference;
  };
}
