// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { sendEmail, searchInbox, archiveThread } from "../lib/mail";

const anthropic = new Anthropic();

const TOOLS = [
  { name: "search_inbox", description: "Search the user's inbox", input_schema: { type: "object", properties: { query: { type: "string" } } } },
  { name: "send_email", description: "Send an email on the user's behalf", input_schema: { type: "object", properties: { to: { type: "string" }, subject: { type: "string" }, body: { type: "string" } } } },
  { name: "archive_thread", description: "Archive an email thread", input_schema: { type: "object", properties: { threadId: { type: "string" } } } },
];

export class InboxAssistant {
  private history: Anthropic.MessageParam[] = [];

  async handle(instruction: string) {
    this.history.push({ role: "user", content: instruction });
    while (true) {
      const msg = await anthropic.messages.create({
        model: "claude-sonnet-4-6",
        max_tokens: 1500,
        tools: TOOLS,
        messages: this.history,
      });
      this.history.push({ role: "assistant", content: msg.content });
      const calls = msg.content.filter((b) => b.type === "tool_use");
      if (calls.length === 0) break;
      const toolResults = await Promise.all(
        calls.map(async (c) => ({ type: "tool_result" as const, tool_use_id: c.id, content: await this.exec(c.name, c.input) })),
      );
      this.history.push({ role: "user", content: toolResults });
    }
  }

  private async exec(name: string, input: any): Promise<string> {
    if (name === "send_email") return sendEmail(input);
    if (name === "archive_thread") return archiveThread(input.threadId);
    return searchInbox(input.query);
  }
}
