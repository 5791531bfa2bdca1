// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import type { PromptTemplate } from "./templates";

export class AnthropicProvider {
  private client = new Anthropic();

  constructor(private model = "claude-sonnet-4-6") {}

  async generate(template: PromptTemplate, vars: Record<string, string>) {
    const res = await this.client.messages.create({
      model: this.model,
      max_tokens: template.maxTokens,
      system: template.render("system", vars),
      messages: [{ role: "user", content: template.render("user", vars) }],
    });
    return res;
  }

  async stream(messages: Anthropic.MessageParam[], onText: (t: string) => void) {
    const s = this.client.messages.stream({ model: this.model, max_tokens: 4096, messages });
    s.on("text", onText);
    return s.finalMessage();
  }
}
