import OpenAI from "openai";

const oai = new OpenAI();

export async function tagSentiment(message: string): Promise<string> {
  const completion = await oai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [
      { role: "system", content: "Label the sentiment of the message as positive, neutral or negative. Reply with the label only." },
      { role: "user", content: message },
    ],
  });
  return completion.choices[0]?.message.content ?? "neutral";
}
