// Python shapes the cross-file engine reads through the Python front-end: each fails without its engine rule.
import { strict as assert } from 'node:assert';
import { before, test } from 'node:test';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import type { ScannedCall } from '../../src/core/types';

before(async () => {
  assert.equal(await initScanEngine(), null);
});

function scan(files: Record<string, string>): ScannedCall[] {
  return scanAllTexts(files).calls;
}

function only(calls: ScannedCall[], fn: string): ScannedCall {
  const c = calls.find((x) => x.enclosingFunction === fn);
  assert.ok(c, `no site in ${fn}: ${calls.map((x) => x.enclosingFunction).join(', ')}`);
  return c;
}

const SYSTEM = 'Summarize the text in three bullet points for an executive reader.';

test('a Protocol-typed provider reaches the classes that implement it without naming it; an ABC its subclasses', () => {
  const calls = scan({
    'llm.py': `from typing import Protocol
from abc import ABC, abstractmethod
from anthropic import Anthropic


class ChatProvider(Protocol):
    def complete(self, system: str, user: str) -> str: ...


class Base(ABC):
    @abstractmethod
    def complete(self, system: str, user: str) -> str: ...


class AnthropicProvider:
    def complete(self, system, user):
        return Anthropic().messages.create(model="claude-haiku-4-5", max_tokens=100, system=system, messages=[{"role": "user", "content": user}])


class Sub(Base):
    def complete(self, system, user):
        return Anthropic().messages.create(model="claude-sonnet-4-6", max_tokens=100, system=system, messages=[{"role": "user", "content": user}])
`,
    'jobs.py': `from llm import ChatProvider, Base


def summarize(provider: ChatProvider, text: str) -> str:
    return provider.complete("${SYSTEM}", text)


def summarize_base(provider: Base, text: str) -> str:
    return provider.complete("${SYSTEM}", text)
`,
  });
  for (const fn of ['summarize', 'summarize_base']) {
    const c = only(calls, fn);
    assert.equal(c.sdk, 'wrapper');
    assert.equal(c.prompt[0].text, SYSTEM);
  }
});

test('a @property is read by running it', () => {
  const calls = scan({
    'bot.py': `from anthropic import Anthropic


class Bot:
    def __init__(self):
        self._client = Anthropic(base_url="https://openrouter.ai/api/v1")

    @property
    def client(self):
        return self._client

    def reply(self, q):
        return self.client.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": q}])
`,
  });
  assert.equal(only(calls, 'Bot.reply').provider, 'openrouter');
});

test('a dataclass built with keyword or positional arguments holds them; getattr and Enum values are read', () => {
  const calls = scan({
    'cfg.py': `import enum
from dataclasses import dataclass
from anthropic import Anthropic

client = Anthropic()


class Models(str, enum.Enum):
    FAST = "claude-haiku-4-5"


@dataclass
class Job:
    model: str = "claude-haiku-4-5"
    max_tokens: int = 10


def by_keyword(q):
    job = Job(model="claude-sonnet-4-6")
    return client.messages.create(model=job.model, max_tokens=job.max_tokens, messages=[{"role": "user", "content": q}])


def by_position(q):
    job = Job("claude-opus-4-1", 20)
    return client.messages.create(model=job.model, max_tokens=job.max_tokens, messages=[{"role": "user", "content": q}])


def by_getattr(q, settings):
    return client.messages.create(model=getattr(settings, "model", "claude-sonnet-4-5"), max_tokens=5, messages=[{"role": "user", "content": q}])


def by_enum(q):
    return client.messages.create(model=Models.FAST.value, max_tokens=5, messages=[{"role": "user", "content": q}])
`,
  });
  assert.equal(only(calls, 'by_keyword').model.resolved, 'claude-sonnet-4-6');
  assert.equal(only(calls, 'by_keyword').maxTokens, 10);
  assert.equal(only(calls, 'by_position').model.resolved, 'claude-opus-4-1');
  assert.equal(only(calls, 'by_position').maxTokens, 20);
  assert.equal(only(calls, 'by_getattr').model.resolved, 'claude-sonnet-4-5');
  assert.equal(only(calls, 'by_enum').model.resolved, 'claude-haiku-4-5');
});

test('star imports, submodules read as attributes, and an SDK module used without an import', () => {
  const calls = scan({
    'consts.py': 'MODEL = "claude-haiku-4-5"\n',
    'app.py': `from consts import *
from langchain_openai import *
import google.generativeai
import anthropic


def a(q):
    return anthropic.Anthropic().messages.create(model=MODEL, max_tokens=5, messages=[{"role": "user", "content": q}])


def b(q):
    return google.generativeai.GenerativeModel("gemini-1.5-flash").generate_content(q)


def c(q):
    return ChatOpenAI(model="gpt-4o-mini").invoke(q)


def d(q):
    return litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": q}])
`,
  });
  assert.equal(only(calls, 'a').model.resolved, 'claude-haiku-4-5');
  assert.equal(only(calls, 'b').provider, 'google');
  assert.equal(only(calls, 'c').sdk, 'langchain');
  assert.equal(only(calls, 'd').sdk, 'litellm');
});

test('keyword arguments in a nested config: a key the object lacks is absent, not unknown', () => {
  const calls = scan({
    'g.py': `from google import genai
from google.genai import types

client = genai.Client()


def ask(q):
    return client.models.generate_content(model="gemini-2.0-flash", contents=q, config=types.GenerateContentConfig(system_instruction="You answer in one short sentence, citing no sources."))
`,
  });
  const c = only(calls, 'ask');
  assert.deepEqual(
    c.prompt.filter((p) => p.role === 'system').map((p) => p.text),
    ['You answer in one short sentence, citing no sources.'],
  );
  assert.ok(!c.signals.some((s) => s.kind === 'structured-output'), JSON.stringify(c.signals));
});

test('a positional prompt of a LlamaIndex LLM and a DSPy signature docstring are the instructions', () => {
  const calls = scan({
    'li.py': `import dspy
from llama_index.llms.openai import OpenAI

llm = OpenAI(model="gpt-4o-mini")


class QA(dspy.Signature):
    """Answer the question with a short factoid."""

    question = dspy.InputField()
    answer = dspy.OutputField()


qa = dspy.Predict(QA)


def complete(text):
    return llm.complete(f"Summarize for a newsletter: {text}")


def predict(q):
    return qa(question=q)
`,
  });
  assert.equal(only(calls, 'complete').prompt[0].text, 'Summarize for a newsletter: ');
  assert.equal(only(calls, 'predict').prompt[0].text, 'Answer the question with a short factoid.');
});

test('duck typing: a method only one workspace class defines is reached through an untyped object', () => {
  const calls = scan({
    'models.py': `import litellm


class Model:
    def __init__(self, name):
        self.name = name

    def send_completion(self, messages):
        return litellm.completion(model=self.name, messages=messages)
`,
    'coder.py': `def commit_message(model, diff):
    return model.send_completion([{"role": "user", "content": "Write a one-line commit message for this diff:\\n" + diff}])
`,
  });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].enclosingFunction, 'commit_message');
  assert.equal(calls[0].api, 'model.send_completion');
});

test('mocks are not clients', () => {
  const calls = scan({
    'svc.py': `from unittest.mock import MagicMock


def fake():
    m = MagicMock()
    return m.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": "x"}])
`,
  });
  assert.deepEqual(calls, []);
});

test('plumbing over several layers, a package conversion of the messages between them', () => {
  const calls = scan({
    'provider.py': `from langchain_anthropic import ChatAnthropic

llm = ChatAnthropic(model="claude-haiku-4-5")


def chat(messages):
    return llm.invoke(messages)
`,
    'mid.py': `from langchain_community.adapters.openai import convert_openai_messages
from provider import chat


def call_model(prompt):
    return chat(convert_openai_messages(prompt))
`,
    'job.py': `from mid import call_model


def review(draft):
    return call_model([{"role": "user", "content": f"Review this draft and list concrete fixes:\\n{draft}"}])
`,
  });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].file, 'job.py');
  assert.equal(calls[0].wrapper?.name, 'call_model');
  assert.match(calls[0].prompt[0].text, /^Review this draft/);
});
