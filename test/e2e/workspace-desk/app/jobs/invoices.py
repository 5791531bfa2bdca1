import json

from anthropic import Anthropic

from app.registry.model_registry import model_for

client = Anthropic()


def parse_invoice(text: str) -> dict:
    response = client.messages.create(
        model=model_for("extract_entities"),
        max_tokens=200,
        system='Extract the invoice number, total and due date. Respond with JSON: {"number": str, "total": float, "due": str}.',
        messages=[{"role": "user", "content": text}],
    )
    return json.loads(response.content[0].text)
