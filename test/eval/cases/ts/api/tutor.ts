// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

type Turn = { role: "user" | "assistant"; content: string };

export class TutorSession {
  private turns: Turn[] = [];
  constructor(private subject: string) {}

  async send(studentMessage: string): Promise<string> {
    this.turns.push({ role: "user", content: studentMessage });
    const res = await anthropic.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 800,
      system: `You are a patient Socratic tutor for ${this.subject}. Ask guiding questions instead of giving answers away.`,
      messages: this.turns,
    });
    const text = res.content[0].type === "text" ? res.content[0].text : "";
    this.turns.push({ role: "assistant", content: text });
    return text;
  }
}
