// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

const STYLE_GUIDE = `House style: second person, short paragraphs, no buzzwords, American spelling.
Use H2 headings every 300 words and end with a clear call to action.`;

export async function draftBlogPost(topic: string, keywords: string[]) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 4096,
    system: STYLE_GUIDE,
    messages: [
      {
        role: "user",
        content: `Write a 1500-word blog post about ${topic}. Work in these keywords naturally: ${keywords.join(", ")}.`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function seoTitle(post: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 30,
    messages: [{ role: "user", content: `Write an SEO title (max 60 characters) that captures this post.\n\n${post}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function newsletter(highlights: string[]) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 3000,
    system: STYLE_GUIDE,
    messages: [
      {
        role: "user",
        content: `Draft this month's customer newsletter. Open with a personal note from the founder, then one section per highlight, then upcoming events.\n\nHighlights:\n${highlights.join("\n")}`,
      },
    ],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
