// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export async function summarizeApplication(application: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 250,
    system:
      "Summarize this loan application in 4 bullet points: income, existing debt, employment history and anything unusual. Underwriters read this summary before they approve or decline the credit line.",
    messages: [{ role: "user", content: application }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function categorizeTransaction(description: string, amount: number) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 10,
    system: `Categorize the bank transaction. Allowed categories: groceries, dining, transport, utilities, rent, entertainment, health, travel, income, transfer, other. Output the category only.`,
    messages: [{ role: "user", content: `${description} (${amount} EUR)` }],
  });
  return res.content[0].type === "text" ? res.content[0].text.trim() : "other";
}

export async function disputeReason(customerMessage: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 20,
    system: `Assign the chargeback dispute to one reason code:
- fraud_card_not_present
- fraud_card_present
- fraud_account_takeover
- duplicate_charge
- incorrect_amount
- subscription_not_cancelled
- subscription_cancelled_but_charged
- product_not_received
- product_not_as_described
- product_damaged
- service_not_provided
- service_quality
- refund_not_processed
- refund_partial
- credit_not_issued
- currency_conversion
- atm_dispute
- unrecognized_merchant
- other
Reply with the code only.`,
    messages: [{ role: "user", content: customerMessage }],
  });
  return res.content[0].type === "text" ? res.content[0].text.trim() : "other";
}
