import OpenAI from "openai";

const openai = new OpenAI();

export default async function handler(req, res) {
  const { messages } = req.body;
  const completion = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "system", content: "You are the website chat widget for Bloom Florists. Help visitors choose bouquets and answer delivery questions." }, ...messages],
    stream: true,
  });
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  for await (const part of completion) {
    res.write(part.choices[0]?.delta?.content || "");
  }
  res.end();
}

export async function detectLanguage(text) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    max_tokens: 3,
    messages: [{ role: "user", content: `Reply with the two-letter language code of this text: ${text}` }],
  });
  return completion.choices[0].message.content.trim();
}
