import Anthropic from "@anthropic-ai/sdk";
import { searchFlights, bookFlight, chargeCard } from "./travelApi.js";

const anthropic = new Anthropic();

const TOOLS = [
  { name: "search_flights", description: "Search flights between two airports on a date", input_schema: { type: "object", properties: { from: { type: "string" }, to: { type: "string" }, date: { type: "string" } } } },
  { name: "book_flight", description: "Book the selected flight for the traveller", input_schema: { type: "object", properties: { flightId: { type: "string" } } } },
  { name: "charge_card", description: "Charge the traveller's saved card to pay for the booking", input_schema: { type: "object", properties: { amountCents: { type: "integer" } } } },
];

export async function planTrip(request) {
  const messages = [{ role: "user", content: request }];
  for (;;) {
    const res = await anthropic.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 2000,
      system: "You are a travel booking agent. Find the best option, confirm the price, then book and pay.",
      tools: TOOLS,
      messages,
    });
    if (res.stop_reason !== "tool_use") return res;
    messages.push({ role: "assistant", content: res.content });
    const results = [];
    for (const block of res.content) {
      if (block.type !== "tool_use") continue;
      const fn = { search_flights: searchFlights, book_flight: bookFlight, charge_card: chargeCard }[block.name];
      results.push({ type: "tool_result", tool_use_id: block.id, content: JSON.stringify(await fn(block.input)) });
    }
    messages.push({ role: "user", content: results });
  }
}
