import json
from enum import Enum

import anthropic

client = anthropic.Anthropic()


class Priority(str, Enum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


PRIORITY_PROMPT = """Assign a priority to the bug report.
P1: outage or data loss. P2: major feature broken. P3: minor bug with workaround. P4: cosmetic.
Answer with P1, P2, P3 or P4 only."""


def bug_priority(report: str) -> Priority:
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=5,
        system=PRIORITY_PROMPT,
        messages=[{"role": "user", "content": report}],
    )
    return Priority(message.content[0].text.strip())


def extract_repro_steps(report: str) -> dict:
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=500,
        system="Extract the steps to reproduce, the expected result, the actual result and the app version from the bug report. Return JSON with keys steps (list), expected, actual, version.",
        messages=[{"role": "user", "content": report}],
    )
    return json.loads(message.content[0].text)


def summarize_bug(report: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        messages=[{"role": "user", "content": f"Summarize this bug report in one line for the weekly triage list:\n\n{report}"}],
    )
    return message.content[0].text


def route_feedback(feedback: str) -> str:
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=10,
        messages=[
            {
                "role": "user",
                "content": f"Which team should handle this feedback? One of: mobile, web, payments, growth, infra.\n\n{feedback}",
            }
        ],
    )
    team = message.content[0].text.strip().lower()
    if team in ("mobile", "web", "payments", "growth", "infra"):
        return team
    return "infra"
