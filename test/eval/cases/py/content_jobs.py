import json

from openai import OpenAI

client = OpenAI()


def localize_captions(captions, target_language):
    prompt = f"""Translate the captions below from English to {target_language}. Keep the timing fields unchanged.
Return the json object with the same keys.

{json.dumps(captions)}"""
    resp = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": prompt}],
        response_format={"type": "json_object"},
    )
    data = json.loads(resp.choices[0].message.content)
    if "captions" in data:
        return data["captions"]
    return data


def keywords_for(request_text):
    system = (
        "Read the request and extract up to 8 search keywords and short phrases. "
        "Output only a json object: {'keywords': [...]}"
    )
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": system}, {"role": "user", "content": request_text}],
        response_format={"type": "json_object"},
    )
    return json.loads(resp.choices[0].message.content).get("keywords", [])


def useful_links(results):
    prompt = f"""Search results:
{json.dumps(results)}

Which of these links are most relevant for setting up the payments SDK? Return a JSON list of URLs."""
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": prompt}],
        response_format={"type": "json_object"},
    )
    return json.loads(resp.choices[0].message.content).get("urls", [])


def sample_questions(product_blurb, how_many):
    system = """You are an assistant specialized in writing test data.
Given a product description, generate a specified number of varied questions a customer could ask about it.
Return JSON: {"questions": [...]}"""
    resp = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": system}, {"role": "user", "content": f"{product_blurb}\n\nCount: {how_many}"}],
        response_format={"type": "json_object"},
    )
    return json.loads(resp.choices[0].message.content)["questions"]
