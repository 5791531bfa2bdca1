import anthropic

client = anthropic.Anthropic()


def summarize(ticket: str) -> str:
    """Historically summarized tickets; now only decides spam vs not spam."""
    r = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=4,
        messages=[{"role": "user", "content": f"Is this message spam? Answer SPAM or HAM.\n\n{ticket}"}],
    )
    return r.content[0].text.strip()


def chat_handler(diff: str) -> str:
    r = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=2000,
        messages=[{"role": "user", "content": f"Please review this patch and flag anything that could break in production:\n\n{diff}"}],
    )
    return r.content[0].text


def sql_for(question: str, schema: str) -> str:
    r = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=250,
        system="Write a single SQLite SELECT statement that answers the question. Output only SQL.",
        messages=[{"role": "user", "content": f"{schema}\n\n{question}"}],
    )
    return r.content[0].text


def weekly_digest(updates: list[str]) -> str:
    r = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=1500,
        messages=[{"role": "user", "content": "Combine the status updates from all teams into one weekly digest: cross-team dependencies, risks, and wins.\n\n" + "\n\n".join(updates)}],
    )
    return r.content[0].text


def assistant_turn(history: list[dict]) -> str:
    r = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=800,
        system="You are Sage, a friendly assistant in a meditation app.",
        messages=history,
    )
    return r.content[0].text
