import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

const ESSAY_SYSTEM = `You are an award-winning essayist. Write long-form, well-structured essays with an introduction,
several developed arguments with examples, counterarguments, and a conclusion.`;

export async function essay(prompt, words = 2000) {
  const message = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 5000,
    system: ESSAY_SYSTEM,
    messages: [{ role: "user", content: `Write a ${words}-word essay: ${prompt}` }],
  });
  return message.content[0].text;
}

export async function speech(occasion, notes) {
  const message = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2500,
    messages: [{ role: "user", content: `Draft a 10-minute speech for ${occasion}. Use these notes and anecdotes:\n${notes}` }],
  });
  return message.content[0].text;
}

export async function chapter(outline, previousChapter) {
  const message = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 8000,
    system: "You are co-writing a mystery novel. Keep the voice consistent with the previous chapter.",
    messages: [{ role: "user", content: `Previous chapter:\n${previousChapter}\n\nWrite the next chapter following this outline:\n${outline}` }],
  });
  return message.content[0].text;
}

export async function headline(article) {
  const message = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 40,
    messages: [{ role: "user", content: `Write a headline of at most 12 words that captures the gist of this article:\n\n${article}` }],
  });
  return message.content[0].text;
}
