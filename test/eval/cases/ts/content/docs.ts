// @ts-nocheck
import Anthropic from "@anthropic-ai/sdk";
import { callClaude } from "../lib/callClaude";

const anthropic = new Anthropic();

export async function writeTutorial(feature: string, apiReference: string) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 6000,
    system: "You are a developer-documentation writer. Write step-by-step tutorials with prose explanations, code samples and a troubleshooting section.",
    messages: [{ role: "user", content: `Write a getting-started tutorial for ${feature}.\n\nAPI reference:\n${apiReference}` }],
  });
  return res.content[0].type === "text" ? res.content[0].text : "";
}

export async function caseStudy(interviewNotes: string) {
  return callClaude(
    "Turn the customer interview notes into a polished 1000-word case study: challenge, solution, results (with numbers), and a pull quote.",
    interviewNotes,
    3000,
  );
}

export async function docsFromModules(modules: { path: string; source: string }[]) {
  return callClaude(
    "You get several source modules of one package. Write an architecture overview explaining how the modules fit together, the data flow between them, and the main extension points.",
    modules.map((m) => `// ${m.path}\n${m.source}`).join("\n\n"),
    4000,
  );
}

export async function apiClientFromOpenApi(spec: string) {
  return callClaude("Generate a typed TypeScript client (fetch-based) for every endpoint in this OpenAPI spec, with request/response types and error handling.", spec, 8000);
}
