// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { runTool } from "./tools";

const client = new Anthropic();

const tools: Anthropic.Tool[] = [
  {
    name: "get_service_status",
    description: "Read the health of a service",
    input_schema: { type: "object", properties: { service: { type: "string" } }, required: ["service"] },
  },
  {
    name: "restart_service",
    description: "Restart a service in production",
    input_schema: { type: "object", properties: { service: { type: "string" } }, required: ["service"] },
  },
  {
    name: "deploy_release",
    description: "Deploy a release tag to production",
    input_schema: { type: "object", properties: { tag: { type: "string" } }, required: ["tag"] },
  },
];

export async function runIncidentAgent(alert: string) {
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: `Alert: ${alert}\nInvestigate and mitigate.` }];
  for (let step = 0; step < 10; step++) {
    const response = await client.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 2048,
      system: "You are an on-call SRE agent. Use the tools to diagnose the incident, then act. Explain each step.",
      tools,
      messages,
    });
    messages.push({ role: "assistant", content: response.content });
    if (response.stop_reason !== "tool_use") return response;
    const results = [];
    for (const block of response.content) {
      if (block.type === "tool_use") {
        results.push({ type: "tool_result", tool_use_id: block.id, content: await runTool(block.name, block.input) });
      }
    }
    messages.push({ role: "user", content: results });
  }
}
