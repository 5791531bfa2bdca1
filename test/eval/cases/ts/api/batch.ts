// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

const SENTIMENT_SYSTEM = "Label the sentiment of the product review as positive, negative, mixed or neutral. Output the label only.";

export async function nightlySentiment(reviews: { id: string; text: string }[]) {
  const batch = await client.messages.batches.create({
    requests: reviews.map((r) => ({
      custom_id: r.id,
      params: {
        model: "claude-sonnet-4-6",
        max_tokens: 5,
        system: SENTIMENT_SYSTEM,
        messages: [{ role: "user", content: r.text }],
      },
    })),
  });
  return batch.id;
}

export async function analyze(input: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1024,
    messages: [{ role: "user", content: input }],
  });
  return res;
}
