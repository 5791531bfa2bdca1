// "Move to registry" never changes a call's provider (issue 11, item 2), for the providers the scanner learned since
// the registry fixtures were written too: a job whose provider is picked at run time among implementations of an
// interface (provider "configurable") has no model in its code to move, and no Claude tier is offered for it. (Local
// OpenAI-compatible servers, LM Studio and vLLM, are in test/fixtures/registry/providers/ts-sdks.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMovable, isMovableModel, moveOptions, planMoveToRegistry, routeOf } from '../../src/core/registry';
import { scanTexts } from '../../src/core/scan/project';
import { providerOf } from '../../src/core/scan/provider';

const FILES: Record<string, string> = {
  'src/llm/provider.ts': `import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
export interface ChatProvider { chat(system: string, user: string): Promise<string> }
class AnthropicProvider implements ChatProvider {
  private client = new Anthropic();
  async chat(system: string, user: string) {
    const r = await this.client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 200, system, messages: [{ role: "user", content: user }] });
    return r.content[0].type === "text" ? r.content[0].text : "";
  }
}
class OpenAIProvider implements ChatProvider {
  private client = new OpenAI();
  async chat(system: string, user: string) {
    const r = await this.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: system }, { role: "user", content: user }] });
    return r.choices[0].message.content ?? "";
  }
}
export const provider: ChatProvider = process.env.LLM_PROVIDER === "openai" ? new OpenAIProvider() : new AnthropicProvider();
`,
  'src/jobs/triage.ts': `import { provider } from "../llm/provider";
export const triage = (t: string) => provider.chat("Classify the ticket as billing, bug or other. Reply with the label only.", t);
`,
};

test('a job on a provider picked at run time ("configurable") is offered no move, and a plan to a Claude tier is refused', () => {
  const calls = scanTexts(FILES).calls;
  assert.equal(calls.length, 1, 'one job, at the caller');
  const [call] = calls;
  assert.equal(providerOf(call), 'configurable');
  assert.equal(call.model.resolved, null);
  assert.match(call.model.note ?? '', /claude-sonnet-4-5.*gpt-4o/);
  // Nothing in the caller's code names the model: neither the lens nor the lightbulb offers the move.
  assert.equal(isMovableModel(call.model), false);
  const check = checkMovable({ file: call.file, language: call.language, model: call.model }, (f) => FILES[f] ?? null);
  assert.equal(check.ok, false);
  // And the route says why no Claude tier: the provider is not Anthropic's for sure.
  const route = routeOf(call, { written: null });
  const options = moveOptions(route, { haiku: 'claude-haiku-5-5', sonnet: 'claude-sonnet-5-5' });
  assert.deepEqual(options.tiers, []);
  assert.equal(options.keep, null);
  assert.match(options.blocked ?? '', /would change the provider/);
  // Asked anyway (a command with arguments), the plan changes nothing.
  const plan = planMoveToRegistry({
    calls: [{ file: call.file, language: call.language, model: call.model, task: 'classify_intent', targetModel: 'claude-haiku-5-5', sdk: call.sdk, api: call.api, provider: 'configurable', callText: FILES[call.file].slice(call.span.start, call.span.end) }],
    readText: (f: string) => FILES[f] ?? null,
    root: '/ws',
    registryPath: 'src/llm/modelRegistry.ts',
    pythonRegistryPath: 'model_registry.py',
  } as never);
  assert.notEqual(plan.status, 'ok', JSON.stringify(plan).slice(0, 300));
});
