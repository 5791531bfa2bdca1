import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export class NpcDialogue {
  constructor(npc) {
    this.npc = npc;
    this.log = [];
  }

  async talk(playerLine) {
    this.log.push({ role: "user", content: playerLine });
    const res = await client.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 250,
      system: `You are ${this.npc.name}, ${this.npc.backstory}. Stay in character and reply to the player.`,
      messages: this.log,
    });
    const line = res.content[0].text;
    this.log.push({ role: "assistant", content: line });
    return line;
  }
}

export async function questText(questOutline) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3000,
    messages: [{ role: "user", content: `Write the full quest script — narration, dialogue for every NPC, and item descriptions — for this outline:\n${questOutline}` }],
  });
  return res.content[0].text;
}
