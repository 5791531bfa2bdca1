import OpenAI from "openai";

const openai = new OpenAI();

export async function answerFromDocs(question: string, chunks: { title: string; text: string }[]) {
  const context = chunks.map((c) => `## ${c.title}\n${c.text}`).join("\n\n");
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    messages: [
      { role: "system", content: "Answer using only the documents below. Cite the document titles you used." },
      { role: "user", content: `Documents:\n${context}\n\nQuestion: ${question}` },
    ],
  });
  return completion.choices[0].message.content;
}
