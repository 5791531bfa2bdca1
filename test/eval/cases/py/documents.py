from anthropic import Anthropic
from pydantic import BaseModel

client = Anthropic()


class Party(BaseModel):
    name: str
    role: str


class ContractFacts(BaseModel):
    parties: list[Party]
    effective_date: str | None
    indemnification_cap: str | None
    non_compete_months: int | None


def contract_facts(text: str) -> ContractFacts:
    response = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=800,
        system="Extract the parties and their roles, the effective date, the indemnification cap and the non-compete duration in months from the employment contract. Respond with JSON matching the schema.",
        messages=[{"role": "user", "content": text}],
    )
    return ContractFacts.model_validate_json(response.content[0].text)


def discharge_summary_codes(summary: str) -> list[str]:
    response = client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=300,
        system="List the ICD-10 diagnosis codes supported by this hospital discharge summary, as a JSON array of strings.",
        messages=[{"role": "user", "content": summary}],
    )
    import json

    return json.loads(response.content[0].text)


def answer_from_filings(question: str, filings: list[str]) -> str:
    context = "\n\n".join(f"<filing>{f}</filing>" for f in filings)
    response = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=2000,
        system="You answer questions about companies using their SEC filings. Combine evidence across filings and cite each one.",
        messages=[{"role": "user", "content": f"{context}\n\nQuestion: {question}"}],
    )
    return response.content[0].text


def claim_summary_for_adjuster(claim_file: str) -> str:
    response = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=300,
        system="Summarize the insurance claim in 5 bullets. The adjuster uses the summary to approve or deny the payout.",
        messages=[{"role": "user", "content": claim_file}],
    )
    return response.content[0].text
