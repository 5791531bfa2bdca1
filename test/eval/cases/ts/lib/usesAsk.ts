// @ts-nocheck
import { ask } from "./ai";

export async function languageOf(text: string) {
  const code = await ask(`What language is this text written in? Answer with the ISO 639-1 code only (e.g. "en", "de").\n\n${text}`, { maxTokens: 5 });
  return code.trim().toLowerCase();
}

export async function meetingTldr(transcript: string) {
  return ask(`Summarize this meeting transcript in 3 bullet points: decisions, owners, deadlines.\n\n${transcript}`, { maxTokens: 250 });
}

export async function writeLandingPage(product: string, audience: string) {
  return ask(
    `Write a 1200-word landing page for ${product} aimed at ${audience}. Include a headline, three benefit sections, customer quotes and a call to action.`,
    { maxTokens: 3000 },
  );
}

export async function dateFromText(sentence: string) {
  const iso = await ask(`Extract the date mentioned in this sentence and return it as YYYY-MM-DD, nothing else: "${sentence}"`, { maxTokens: 12 });
  return new Date(iso.trim());
}

export async function regexFor(description: string) {
  return ask(`Write a JavaScript regular expression that matches ${description}. Return only the regex literal, no explanation.`, { maxTokens: 100 });
}
