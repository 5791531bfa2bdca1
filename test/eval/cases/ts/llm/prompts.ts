// @ts-nocheck
// Prompt library shared by the API handlers.

export const INTENT_PROMPT = `Classify the user's message into one of these intents:
- check_order_status
- cancel_order
- return_item
- change_address
- talk_to_human
- other

Reply with the intent name only.`;

export const PRODUCT_FACTS_PROMPT = `From the product description, pull out: brand, model number, color, weight in grams, and dimensions.
Output a JSON object with exactly these keys: brand, modelNumber, color, weightGrams, dimensions.`;

export const CHANGELOG_PROMPT = `You are a technical writer. Turn the list of merged pull request titles into release notes for customers.
Group them under "New", "Improved" and "Fixed". Write a friendly intro paragraph and a short paragraph per notable feature.
Aim for about 600 words in Markdown.`;

export const REVIEW_PROMPT = `You are a senior engineer reviewing a pull request.
Look at the diff below and point out bugs, security problems, missing tests and unclear naming.
For each finding give the file, the line and a suggested fix.`;

export const DIGEST_PROMPT = "Write a one-paragraph TL;DR of the following newsletter issue (max 60 words).";
