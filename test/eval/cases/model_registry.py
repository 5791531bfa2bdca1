MODEL_REGISTRY = {
    "classify_intent": "claude-haiku-4-5",
    "extract_entities": "claude-haiku-4-5",
    "summarize_short": "claude-haiku-4-5",
    "draft_long_form": "claude-sonnet-4-6",
    "plan_agent_steps": "claude-sonnet-4-6",
}

DEFAULT_MODEL = "claude-sonnet-4-6"


def model_for(task: str) -> str:
    return MODEL_REGISTRY.get(task, DEFAULT_MODEL)
