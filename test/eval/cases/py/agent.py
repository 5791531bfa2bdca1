import json
import subprocess

import anthropic

client = anthropic.Anthropic()

TOOLS = [
    {
        "name": "run_shell",
        "description": "Run a shell command on the build server",
        "input_schema": {"type": "object", "properties": {"cmd": {"type": "string"}}, "required": ["cmd"]},
    },
    {
        "name": "deploy",
        "description": "Deploy the current build to production",
        "input_schema": {"type": "object", "properties": {"env": {"type": "string"}}, "required": ["env"]},
    },
]


def execute(name, args):
    if name == "run_shell":
        return subprocess.run(args["cmd"], shell=True, capture_output=True, text=True).stdout
    return "deployed"


def release_agent(goal: str):
    messages = [{"role": "user", "content": goal}]
    while True:
        response = client.messages.create(
            model="claude-sonnet-4-6",
            max_tokens=2048,
            system="You are a release engineer agent. Build, test and ship the release using the tools.",
            tools=TOOLS,
            messages=messages,
        )
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return response
        results = []
        for block in response.content:
            if block.type == "tool_use":
                results.append({"type": "tool_result", "tool_use_id": block.id, "content": execute(block.name, block.input)})
        messages.append({"role": "user", "content": results})


def plan(goal: str, capabilities: list[str]) -> list[dict]:
    response = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=1500,
        system="Break the goal into a sequence of concrete steps using only these capabilities. Consider what can fail and add verification steps. Return a JSON list of steps.",
        messages=[{"role": "user", "content": f"Goal: {goal}\nCapabilities: {', '.join(capabilities)}"}],
    )
    return json.loads(response.content[0].text)


class ResearchAgent:
    def __init__(self, search):
        self.search = search
        self.tools = [
            {"name": "search", "description": "Search the knowledge base", "input_schema": {"type": "object", "properties": {"q": {"type": "string"}}}}
        ]

    def run(self, question: str):
        messages = [{"role": "user", "content": question}]
        for _ in range(8):
            reply = client.messages.create(
                model="claude-sonnet-4-6", max_tokens=1024, tools=self.tools, messages=messages
            )
            messages.append({"role": "assistant", "content": reply.content})
            uses = [b for b in reply.content if b.type == "tool_use"]
            if not uses:
                return reply
            messages.append(
                {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": u.id, "content": json.dumps(self.search(u.input["q"]))} for u in uses
                    ],
                }
            )
