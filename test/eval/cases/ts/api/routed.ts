// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { modelFor, MODEL_REGISTRY } from "../../src/llm/modelRegistry";

const client = new Anthropic();

export async function handle(input: string) {
  const r = await client.messages.create({
    model: modelFor("classify_intent"),
    max_tokens: 1024,
    messages: [{ role: "user", content: input }],
  });
  return r;
}

export async function process(doc: string) {
  const r = await client.messages.create({
    model: MODEL_REGISTRY.extract_entities,
    max_tokens: 1024,
    messages: [{ role: "user", content: doc }],
  });
  return r;
}

export async function run(task: string) {
  const r = await client.messages.create({
    model: MODEL_REGISTRY["plan_agent_steps"],
    max_tokens: 1024,
    messages: [{ role: "user", content: task }],
  });
  return r;
}

export async function triage(input: string) {
  const r = await client.messages.create({
    model: modelFor("triage_ticket"),
    max_tokens: 20,
    messages: [{ role: "user", content: input }],
  });
  return r;
}

export async function respond(input: string) {
  const r = await client.messages.create({
    model: modelFor("chat_general"),
    max_tokens: 1024,
    messages: [{ role: "user", content: input }],
  });
  return r;
}

export async function writeDocs(input: string) {
  const r = await client.messages.create({
    model: modelFor("summarize_short"),
    max_tokens: 1024,
    messages: [{ role: "user", content: input }],
  });
  return r;
}
