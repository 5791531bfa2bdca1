// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import type { Ticket } from "./types";

const client = new Anthropic();

export type Queue = "billing" | "technical" | "account" | "sales" | "other";

export async function classifyTicket(ticket: Ticket): Promise<Queue> {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 10,
    system:
      "You route customer support tickets. Respond with exactly one of: billing, technical, account, sales, other. No explanation.",
    messages: [{ role: "user", content: `Subject: ${ticket.subject}\n\n${ticket.body}` }],
  });
  const label = msg.content[0].type === "text" ? msg.content[0].text.trim().toLowerCase() : "other";
  switch (label) {
    case "billing":
    case "technical":
    case "account":
    case "sales":
      return label;
    default:
      return "other";
  }
}

export async function extractTicketFields(ticket: Ticket) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    system: "Extract the order number, the customer's email address and the product name from the ticket. Return JSON with keys orderNumber, email, product; use null when a field is missing.",
    messages: [{ role: "user", content: ticket.body }],
  });
  const text = msg.content[0].type === "text" ? msg.content[0].text : "{}";
  return JSON.parse(text) as { orderNumber: string | null; email: string | null; product: string | null };
}

export async function summarizeForHandoff(ticket: Ticket, history: string) {
  const msg = await client.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 200,
    messages: [
      {
        role: "user",
        content: `Summarize this support conversation in 2 sentences for the agent taking over: what the customer wants and what was already tried.\n\n${history}`,
      },
    ],
  });
  return msg.content[0].type === "text" ? msg.content[0].text : "";
}
