// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { webSearch, fetchPage } from "./web";

const client = new Anthropic();

const TOOLS: Anthropic.Tool[] = [
  { name: "web_search", description: "Search the web", input_schema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } },
  { name: "fetch_page", description: "Fetch a web page as text", input_schema: { type: "object", properties: { url: { type: "string" } }, required: ["url"] } },
];

export async function deepResearch(question: string) {
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: question }];
  let turns = 0;
  while (turns++ < 25) {
    const msg = await client.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 4000,
      system: "Research the question thoroughly. Decide which searches to run, read the most relevant pages, and stop when you can answer with citations.",
      tools: TOOLS,
      messages,
    });
    messages.push({ role: "assistant", content: msg.content });
    if (msg.stop_reason === "end_turn") return msg;
    const out: Anthropic.ToolResultBlockParam[] = [];
    for (const b of msg.content) {
      if (b.type !== "tool_use") continue;
      const input = b.input as { q?: string; url?: string };
      out.push({ type: "tool_result", tool_use_id: b.id, content: b.name === "web_search" ? await webSearch(input.q!) : await fetchPage(input.url!) });
    }
    messages.push({ role: "user", content: out });
  }
}
