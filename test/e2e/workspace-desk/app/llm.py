"""The Python jobs' one way to ask a model."""
from anthropic import Anthropic

from app.registry.model_registry import DEFAULT_MODEL

client = Anthropic()


def complete(system: str, user: str, model: str = DEFAULT_MODEL, max_tokens: int = 500) -> str:
    response = client.messages.create(
        model=model,
        max_tokens=max_tokens,
        system=system,
        messages=[{"role": "user", "content": user}],
    )
    return response.content[0].text
