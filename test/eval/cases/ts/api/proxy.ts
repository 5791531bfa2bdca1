// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import express from "express";

const app = express();
const anthropic = new Anthropic();

// Pass-through used by the internal prompt playground.
app.post("/v1/messages", async (req, res) => {
  const result = await anthropic.messages.create({ ...req.body, model: req.body.model ?? "claude-sonnet-4-6" });
  res.json(result);
});

app.post("/v1/run-prompt", async (req, res) => {
  const { template, variables } = req.body;
  const prompt = Object.entries(variables).reduce((t, [k, v]) => t.replaceAll(`{{${k}}}`, String(v)), template);
  const result = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 2048,
    messages: [{ role: "user", content: prompt }],
  });
  res.json(result);
});

export default app;
