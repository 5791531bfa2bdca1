import os

import anthropic
from github import Github

client = anthropic.Anthropic()
gh = Github(os.environ["GITHUB_TOKEN"])

REVIEW_SYSTEM = """You are a strict Python code reviewer.
Review the pull request diff for bugs, unhandled exceptions, security issues and missing tests.
Reference file and line for each comment."""


def review_pr(repo_name: str, number: int) -> str:
    pr = gh.get_repo(repo_name).get_pull(number)
    diff = "\n".join(f.patch or "" for f in pr.get_files())
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=3000,
        system=REVIEW_SYSTEM,
        messages=[{"role": "user", "content": diff}],
    )
    return msg.content[0].text


def triage_traceback(traceback_text: str, code: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=1200,
        messages=[
            {
                "role": "user",
                "content": f"This traceback comes from our worker. Find the root cause in the code and explain the fix.\n\nTraceback:\n{traceback_text}\n\nCode:\n{code}",
            }
        ],
    )
    return msg.content[0].text


def check_notebook(cells: str) -> str:
    msg = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=1500,
        system="Review the data-science notebook code for data leakage between train and test sets, wrong metrics and irreproducible randomness.",
        messages=[{"role": "user", "content": cells}],
    )
    return msg.content[0].text
