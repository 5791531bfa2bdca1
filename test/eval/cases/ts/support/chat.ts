// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import type { Request, Response } from "express";

const anthropic = new Anthropic();

const SUPPORT_PERSONA = `You are Nova, the friendly support assistant for Acme Cloud.
Be concise and warm. If you do not know the answer, offer to open a ticket.`;

export async function handleChat(req: Request, res: Response) {
  const history = req.body.messages as { role: "user" | "assistant"; content: string }[];
  res.setHeader("Content-Type", "text/event-stream");
  const stream = anthropic.messages.stream({
    model: "claude-sonnet-4-6",
    max_tokens: 1024,
    system: SUPPORT_PERSONA,
    messages: [...history],
  });
  for await (const event of stream) {
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
      res.write(`data: ${JSON.stringify(event.delta.text)}\n\n`);
    }
  }
  res.end();
}

export async function suggestNextReply(conversation: { role: "user" | "assistant"; content: string }[]) {
  const reply = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 512,
    system: SUPPORT_PERSONA,
    messages: conversation,
  });
  return reply.content[0].type === "text" ? reply.content[0].text : "";
}
