import { callAI } from "../llm/callAI";

export async function answerFromArticles(question: string, articles: string[]): Promise<string> {
  // tierwise: calls=5k/day
  return callAI(
    "Answer the customer's question using only the knowledge-base articles below. Cite the article titles you used; say so when they do not answer it.",
    `Question: ${question}\n\nArticles:\n${articles.join("\n---\n")}`,
    { maxTokens: 800 },
  );
}
