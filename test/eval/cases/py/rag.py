import anthropic

from .store import search

client = anthropic.Anthropic()


def answer(question: str) -> str:
    chunks = search(question, k=8)
    context = "\n\n".join(f"[{i}] {c.text}" for i, c in enumerate(chunks, 1))
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=1000,
        system="Answer using only the provided context passages and cite them like [2].",
        messages=[{"role": "user", "content": f"Context:\n{context}\n\nQuestion: {question}"}],
    )
    return msg.content[0].text


def compare_papers(papers: list[dict]) -> str:
    docs = "\n\n".join(f"Title: {p['title']}\n{p['body']}" for p in papers)
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=3000,
        messages=[{"role": "user", "content": f"Compare the methodology and conclusions of these papers and explain where they contradict each other.\n\n{docs}"}],
    )
    return msg.content[0].text


def is_relevant(question: str, passage: str) -> bool:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=2,
        messages=[{"role": "user", "content": f"Is the passage relevant to the question? Answer 1 for yes, 0 for no.\nQuestion: {question}\nPassage: {passage}"}],
    )
    return msg.content[0].text.strip() == "1"


def customer_voice_report(tickets: list[str]) -> str:
    joined = "\n---\n".join(tickets)
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=2500,
        system="You read hundreds of support tickets. Write a report on the top pain points across them, with counts and example quotes.",
        messages=[{"role": "user", "content": joined}],
    )
    return msg.content[0].text
