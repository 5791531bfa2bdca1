// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { db } from "../lib/db";

const anthropic = new Anthropic();

export async function POST(req: Request) {
  const { conversationId, message } = await req.json();
  const previous = await db.messages.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
  const messages = [...previous.map((m) => ({ role: m.role, content: m.content })), { role: "user", content: message }];
  const stream = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2048,
    system: "You are a helpful assistant for Planly, a project management tool. Answer questions about using Planly.",
    messages,
    stream: true,
  });
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      async start(controller) {
        for await (const event of stream) {
          if (event.type === "content_block_delta" && event.delta.type === "text_delta") controller.enqueue(encoder.encode(event.delta.text));
        }
        controller.close();
      },
    }),
  );
}
