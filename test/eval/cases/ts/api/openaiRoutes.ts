// @ts-nocheck
import OpenAI from "openai";

const openai = new OpenAI();

export async function moderateListing(title: string, description: string) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    max_tokens: 5,
    messages: [
      { role: "system", content: "You moderate marketplace listings. Answer ALLOW or BLOCK. Block weapons, drugs, counterfeit goods and adult content." },
      { role: "user", content: `${title}\n${description}` },
    ],
  });
  return completion.choices[0].message.content?.trim() === "ALLOW";
}

export async function extractEvent(emailBody: string) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: "Extract the calendar event from the email: title, start (ISO 8601), end (ISO 8601), location, attendees. Respond in JSON." },
      { role: "user", content: emailBody },
    ],
  });
  return JSON.parse(completion.choices[0].message.content ?? "{}");
}

export async function streamChat(messages: OpenAI.ChatCompletionMessageParam[], res: any) {
  const stream = await openai.chat.completions.create({
    model: "gpt-4o",
    stream: true,
    messages: [{ role: "system", content: "You are a helpful cooking assistant." }, ...messages],
  });
  for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? "");
  res.end();
}

export async function writeUnitTests(sourceCode: string, framework: string) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4.1",
    max_tokens: 4000,
    messages: [
      { role: "system", content: `You write thorough ${framework} unit tests. Cover edge cases and error paths. Output only the test file.` },
      { role: "user", content: sourceCode },
    ],
  });
  return completion.choices[0].message.content;
}
