import os

import anthropic

_client = anthropic.Anthropic()


def call_llm(prompt: str, system: str | None = None, max_tokens: int = 1024) -> str:
    kwargs = {"system": system} if system else {}
    resp = _client.messages.create(
        model=os.getenv("LLM_MODEL", "claude-sonnet-4-6"),
        max_tokens=max_tokens,
        messages=[{"role": "user", "content": prompt}],
        **kwargs,
    )
    return resp.content[0].text
