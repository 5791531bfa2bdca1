// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();

export async function handlePost(post: { text: string; author: string }) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 200,
    system: "Identify every brand, product and person mentioned in the social media post. Return JSON: {\"brands\": [], \"products\": [], \"people\": []}.",
    messages: [{ role: "user", content: post.text }],
  });
  const entities = JSON.parse(res.content[0].type === "text" ? res.content[0].text : "{}");
  return { ...post, entities };
}

export async function weeklyMentionsReport(posts: string[]) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2000,
    messages: [
      {
        role: "user",
        content: `Below are all ${posts.length} posts that mentioned us this week. Identify the main conversations, how sentiment shifted during the week, influential posts and what we should respond to.\n\n${posts.join("\n---\n")}`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function threadOfTweets(articleUrl: string, article: string) {
  const res = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1500,
    messages: [{ role: "user", content: `Write a 10-tweet thread that tells the story of this article in an engaging way and ends with a link to ${articleUrl}.\n\n${article}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
