// Hand-built ScannedCalls for the inference tests (not a test file itself: no `.test.ts`).
import type { PromptPart, ScannedCall, Signal, SignalKind, ToolDefinition } from '../../src/core/types';

export function part(role: PromptPart['role'], text: string, line = 10, extra: Partial<PromptPart> = {}): PromptPart {
  return { role, text, dynamicSlots: 0, file: 'src/app.ts', line, span: null, origin: 'literal', ...extra };
}

export function signal(kind: SignalKind, detail = '', line = 20): Signal {
  return { kind, detail, file: 'src/app.ts', line };
}

export function tool(name: string, description = '', schemaText = '{ type: "object", properties: {} }'): ToolDefinition {
  return { name, description, schemaText };
}

export function makeCall(over: Partial<ScannedCall> = {}): ScannedCall {
  return {
    file: 'src/app.ts',
    language: 'typescript',
    enclosingFunction: 'handle',
    className: null,
    callee: { line: 8, column: 3, offset: 100 },
    span: { start: 100, end: 300 },
    sdk: 'anthropic',
    api: 'messages.create',
    model: { expression: '"claude-sonnet-4-6"', resolved: 'claude-sonnet-4-6', source: 'literal', span: null },
    registryTask: null,
    streaming: false,
    batch: false,
    cacheControl: false,
    cacheTtl: null,
    maxTokens: 1024,
    temperature: null,
    prompt: [],
    tools: [],
    stopSequences: [],
    signals: [],
    annotation: null,
    ...over,
  };
}
