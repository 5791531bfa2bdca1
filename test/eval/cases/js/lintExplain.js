import Anthropic from "@anthropic-ai/sdk";

const anthropic = new Anthropic();

export async function explainLintErrors(source, eslintOutput) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1500,
    messages: [{ role: "user", content: `Explain each ESLint error below in the context of the code, say whether it is a real problem or noise, and show the fix.\n\nCode:\n${source}\n\nESLint:\n${eslintOutput}` }],
  });
  return res.content[0].text;
}

export async function accessibilityReview(jsx) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1500,
    system: "You audit React components for accessibility (WCAG 2.2 AA): labels, roles, keyboard navigation, contrast hints, focus management.",
    messages: [{ role: "user", content: jsx }],
  });
  return res.content[0].text;
}

export async function gradeSubmission(studentCode, rubric) {
  const res = await anthropic.messages.create({
    model: "claude-sonnet-4-6",
    max_tokens: 1200,
    system: `Grade the student's code against the rubric. For each rubric item give points and a one-line justification referencing the code.\n\nRubric:\n${rubric}`,
    messages: [{ role: "user", content: studentCode }],
  });
  return res.content[0].text;
}
