"""The team's model registry for the Python jobs."""

MODEL_REGISTRY = {
    "classify_intent": "claude-haiku-4-5",
    "extract_entities": "claude-haiku-4-5",
}

DEFAULT_MODEL = "claude-sonnet-4-6"


def model_for(task: str) -> str:
    return MODEL_REGISTRY.get(task, DEFAULT_MODEL)
