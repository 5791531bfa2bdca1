// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import type { WebSocket } from "ws";

const client = new Anthropic();

export async function onSocketMessage(ws: WebSocket, history: Anthropic.MessageParam[], text: string) {
  history.push({ role: "user", content: text });
  const stream = client.messages.stream({
    model: "claude-sonnet-4-6",
    max_tokens: 1024,
    system: "You are Juniper, a warm conversational companion. Remember what the user told you earlier in the conversation.",
    messages: history,
  });
  stream.on("text", (delta) => ws.send(JSON.stringify({ type: "delta", delta })));
  const final = await stream.finalMessage();
  history.push({ role: "assistant", content: final.content });
}

export async function greet(userName: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 200,
    system: "You are Juniper, a warm conversational companion.",
    messages: [{ role: "user", content: `Say hello to ${userName}, who just opened the app for the first time today, and ask how they are doing.` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "Hi!";
}
