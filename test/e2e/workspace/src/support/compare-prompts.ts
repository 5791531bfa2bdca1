// Fixture for the compare panel's end-to-end test: prompt text only, no LLM call here (so no call site and no
// change to any total). The markup must reach the model and the panel as text, never as HTML.
export const ESCALATION_PROMPT = 'Reply <img src=x onerror=document.body.dataset.pwned=1> with escalate or keep';
