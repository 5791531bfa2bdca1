"""Sentiment tagging for survey answers."""
import json

from anthropic import Anthropic

client = Anthropic()

SENTIMENT_MODEL = "claude-sonnet-4-6"


def tag_sentiment(answer: str) -> dict:
    # tierwise: calls=20k/day
    response = client.messages.create(
        model=SENTIMENT_MODEL,
        max_tokens=50,
        system='Label the sentiment of the survey answer. Respond with JSON: {"sentiment": "positive" | "neutral" | "negative"}',
        messages=[{"role": "user", "content": answer}],
    )
    return json.loads(response.content[0].text)
