import json

from .llm_utils import call_llm

TOPIC_PROMPT = """Tag the article with one topic from this list:
- AI
- Climate
- Health
- Finance
- Sports
- Politics
Return only the topic."""


def tag_article(article: str) -> str:
    return call_llm(f"{TOPIC_PROMPT}\n\n{article}", max_tokens=5).strip()


def people_and_orgs(article: str) -> dict:
    raw = call_llm(
        f"Extract all people and organizations named in the article. Return JSON {{\"people\": [...], \"organizations\": [...]}}.\n\n{article}",
        max_tokens=400,
    )
    return json.loads(raw)


def teaser(article: str) -> str:
    return call_llm(f"Write a two-sentence teaser summarizing the article for the homepage.\n\n{article}", max_tokens=120)


def explainer(topic: str, sources: str) -> str:
    return call_llm(
        f"Write an 1800-word explainer article about {topic} for a general audience, with subheadings and a FAQ at the end. Background material:\n{sources}",
        max_tokens=4500,
    )


def process(payload: str) -> str:
    return call_llm(payload)
