import anthropic

client = anthropic.Anthropic()


def pandas_snippet(question: str, columns: list[str]) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=300,
        messages=[
            {
                "role": "user",
                "content": f"Write one line of pandas code on DataFrame df (columns: {', '.join(columns)}) that answers: {question}. Code only.",
            }
        ],
    )
    return msg.content[0].text


def alembic_migration(models_before: str, models_after: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=3000,
        system="Write an Alembic migration with upgrade() and downgrade() that moves the database from the old SQLAlchemy models to the new ones without data loss.",
        messages=[{"role": "user", "content": f"Old models:\n{models_before}\n\nNew models:\n{models_after}"}],
    )
    return msg.content[0].text


def implement_feature(spec: str, repo_context: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=8000,
        system="You are a senior Python developer. Implement the feature described in the spec across the necessary modules. Output a unified diff.",
        messages=[{"role": "user", "content": f"Spec:\n{spec}\n\nRepository context:\n{repo_context}"}],
    )
    return msg.content[0].text


def password_hashing_code(framework: str) -> str:
    msg = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=800,
        messages=[{"role": "user", "content": f"Write the {framework} code that hashes and verifies user passwords with argon2, including the login view. Code only."}],
    )
    return msg.content[0].text
