import anthropic
from openai import OpenAI

client = anthropic.Anthropic()
oai = OpenAI()


def complete(prompt, model="claude-sonnet-4-6", **kwargs):
    return client.messages.create(model=model, max_tokens=kwargs.get("max_tokens", 1024), messages=[{"role": "user", "content": prompt}])


def run_batch(rows):
    outputs = []
    for row in rows:
        r = oai.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": row["system"]}, {"role": "user", "content": row["user"]}])
        outputs.append(r.choices[0].message.content)
    return outputs


def smoke_test():
    r = client.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": "Hello"}])
    assert r.content


def openai_sentiment(text: str) -> str:
    r = oai.chat.completions.create(
        model="gpt-4o",
        max_tokens=3,
        messages=[
            {"role": "system", "content": "Classify the sentiment as positive, negative or neutral. Respond with one word."},
            {"role": "user", "content": text},
        ],
    )
    return r.choices[0].message.content.strip().lower()


def invoice_fields_openai(text: str) -> dict:
    import json

    r = oai.chat.completions.create(
        model="gpt-4o",
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": "Extract vendor, invoice_number, date, total and currency from the invoice. Respond with JSON."},
            {"role": "user", "content": text},
        ],
    )
    return json.loads(r.choices[0].message.content)
