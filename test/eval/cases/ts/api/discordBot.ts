// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { Client, Events } from "discord.js";

const anthropic = new Anthropic();
const bot = new Client({ intents: [] });
const channelMemory = new Map<string, { role: "user" | "assistant"; content: string }[]>();

bot.on(Events.MessageCreate, async (message) => {
  if (message.author.bot) return;
  const memory = channelMemory.get(message.channelId) ?? [];
  memory.push({ role: "user", content: `${message.author.username}: ${message.content}` });
  const reply = await anthropic.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 400,
    system: "You are Pip, a playful bot hanging out in a board-game Discord server. Keep replies short and fun.",
    messages: memory.slice(-20),
  });
  const text = reply.content[0].type === "text" ? reply.content[0].text : "";
  memory.push({ role: "assistant", content: text });
  channelMemory.set(message.channelId, memory);
  await message.reply(text);
});
