from anthropic import Anthropic

client = Anthropic()

GRANT_SYSTEM = "You write grant proposals for non-profits: need statement, program design, evaluation plan, budget narrative. 2000 words."


def grant_proposal(org_profile: str, program: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=5000,
        system=GRANT_SYSTEM,
        messages=[{"role": "user", "content": f"Organization:\n{org_profile}\n\nProgram:\n{program}"}],
    )
    return msg.content[0].text


def product_launch_email(product: str, audience: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=1500,
        messages=[{"role": "user", "content": f"Write a launch announcement email for {product} to {audience}: subject line, story-led intro, three feature sections, and a call to action."}],
    )
    return msg.content[0].text


def short_story(prompt: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=4000,
        messages=[{"role": "user", "content": f"Write a 2500-word short story: {prompt}"}],
    )
    return msg.content[0].text


def alt_text(image_description: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=60,
        messages=[{"role": "user", "content": f"Condense this image description into alt text of at most 125 characters:\n{image_description}"}],
    )
    return msg.content[0].text
