import Groq from 'groq-sdk';
import OpenAI from 'openai';

export interface Turn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export class GroqLLM {
  private client = new Groq();
  constructor(private model = 'llama-3.3-70b-versatile') {}

  async generateResponse(turns: Turn[], format?: { type: string }) {
    const res = await new OpenAI({ baseURL: 'https://api.groq.com/openai/v1' }).chat.completions.create({
      model: this.model,
      messages: turns.map((t) => ({ role: t.role, content: t.content })),
      response_format: format as { type: 'json_object' },
    });
    return res.choices[0].message.content ?? '';
  }

  async generateChat(turns: Turn[]) {
    const res = await new OpenAI().chat.completions.create({
      model: this.model,
      messages: turns.map((t) => ({ role: t.role, content: typeof t.content === 'string' ? t.content : JSON.stringify(t.content) })),
    });
    return { role: 'assistant', content: res.choices[0].message.content ?? '' };
  }
}
