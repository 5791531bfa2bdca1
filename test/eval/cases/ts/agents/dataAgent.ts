// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { runQuery } from "../lib/warehouse";

const client = new Anthropic();

export class AnalystAgent {
  private readonly tools: Anthropic.Tool[] = [
    { name: "list_tables", description: "List the warehouse tables", input_schema: { type: "object", properties: {} } },
    { name: "run_sql", description: "Run a read-only SQL query and return rows", input_schema: { type: "object", properties: { sql: { type: "string" } }, required: ["sql"] } },
  ];

  async answer(question: string) {
    const transcript: Anthropic.MessageParam[] = [{ role: "user", content: question }];
    for (let i = 0; i < 12; i++) {
      const reply = await client.messages.create({
        model: "claude-sonnet-4-6",
        max_tokens: 2048,
        system: "You are a data analyst agent. Explore the schema, run queries, check your numbers, then answer with a short explanation.",
        tools: this.tools,
        messages: transcript,
      });
      transcript.push({ role: "assistant", content: reply.content });
      if (reply.stop_reason !== "tool_use") return reply;
      const toolUse = reply.content.find((b) => b.type === "tool_use")!;
      const rows = toolUse.name === "run_sql" ? await runQuery((toolUse.input as any).sql) : await runQuery("show tables");
      transcript.push({ role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: JSON.stringify(rows) }] });
    }
  }
}
