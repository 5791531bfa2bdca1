const Anthropic = require("@anthropic-ai/sdk");
const { App } = require("@slack/bolt");

const anthropic = new Anthropic();
const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });

app.event("app_mention", async ({ event, client, say }) => {
  const thread = await client.conversations.replies({ channel: event.channel, ts: event.thread_ts || event.ts });
  const messages = thread.messages.map((m) => ({ role: m.bot_id ? "assistant" : "user", content: m.text }));
  const response = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1000,
    system: "You are a helpful teammate in the #engineering Slack channel.",
    messages,
  });
  await say({ text: response.content[0].text, thread_ts: event.ts });
});

app.command("/tldr", async ({ command, ack, respond, client }) => {
  await ack();
  const history = await client.conversations.history({ channel: command.channel_id, limit: 100 });
  const text = history.messages.map((m) => m.text).join("\n");
  const response = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 300,
    messages: [{ role: "user", content: `Give a short TL;DR (max 5 bullets) of this channel's recent discussion:\n\n${text}` }],
  });
  await respond(response.content[0].text);
});

module.exports = { app };
