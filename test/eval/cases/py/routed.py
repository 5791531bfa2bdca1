import anthropic

from model_registry import MODEL_REGISTRY, model_for

client = anthropic.Anthropic()


def handle(text: str):
    return client.messages.create(
        model=model_for("classify_intent"),
        max_tokens=1024,
        messages=[{"role": "user", "content": text}],
    )


def work(text: str):
    return client.messages.create(
        model=MODEL_REGISTRY["draft_long_form"],
        max_tokens=1024,
        messages=[{"role": "user", "content": text}],
    )


def step(text: str):
    return client.messages.create(
        model=model_for("plan_agent_steps"),
        max_tokens=1024,
        messages=[{"role": "user", "content": text}],
    )
