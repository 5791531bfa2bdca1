// Evidence the Python scanner hands to inference on real-shaped code: prompt builders, bare variables, histories.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { initScanEngine as initPythonScanner, scanAllTexts } from '../../src/core/scan/engine/simple';
import { inferTaskType } from '../../src/core/infer';

function scan(files: Record<string, string>) {
  return scanAllTexts(files);
}

const APP = `import anthropic

client = anthropic.Anthropic()


def build_answer_prompt(question, sources):
    joined = "\\n\\n".join(sources)
    if not sources:
        return "No sources."
    return f"""Answer the question using only the sources below. Cite them as [n].

Sources:
{joined}

Question: {question}"""


def answer(user_question: str, docs: list[str]):
    resp = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=800,
        messages=[{"role": "user", "content": build_answer_prompt(user_question, docs)}],
    )
    return resp.content[0].text


def reply(user_message: str):
    resp = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=800,
        messages=[{"role": "user", "content": user_message}],
    )
    return resp.content[0].text
`;

test('content built by a local function carries the text it returns, its holes named after this call', async () => {
  await initPythonScanner();
  const { calls } = scan({ 'app/qa.py': APP });
  const answer = calls.find((c) => c.enclosingFunction === 'answer')!;
  const [user] = answer.prompt;
  assert.equal(user.role, 'user');
  assert.match(user.text, /^Answer the question using only the sources below\. Cite them as \[n\]\./);
  assert.equal(user.origin, 'returned by build_answer_prompt in app/qa.py');
  assert.equal(user.file, 'app/qa.py');
  assert.equal(user.line, 10);
  assert.equal(user.dynamicSlots, 2);
  assert.deepEqual(user.holes, ['"\\n\\n".join(sources)', 'user_question']);
  assert.equal(inferTaskType(answer).taskType, 'synthesize_documents');
});

test('a bare variable passed as content says where it comes from, so a user question reads as chat evidence', async () => {
  await initPythonScanner();
  const { calls } = scan({ 'app/qa.py': APP });
  const reply = calls.find((c) => c.enclosingFunction === 'reply')!;
  const [user] = reply.prompt;
  assert.equal(user.origin, 'parameter user_message');
  assert.deepEqual(user.holes, ['user_message']);
  assert.ok(inferTaskType(reply).reasons.some((r) => /end user's own words/.test(r)));
});

test('an f-string names its holes', async () => {
  await initPythonScanner();
  const { calls } = scan({
    'app/t.py': `import anthropic\nclient = anthropic.Anthropic()\n\ndef tag(ticket_text):\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": f"Ticket: {ticket_text!r:>10}"}])\n`,
  });
  assert.deepEqual(calls[0].prompt[0].holes, ['ticket_text']);
});

test('LangChain and session histories are message-history signals', async () => {
  await initPythonScanner();
  const { calls } = scan({
    'bot/chat.py': `from langchain_anthropic import ChatAnthropic

llm = ChatAnthropic(model="claude-sonnet-4-5")


class Bot:
    def respond(self):
        return llm.invoke(self.history)

    def respond_chain(self, chain, question):
        return llm.invoke({"history": self.session.get_messages(), "question": question})

    def respond_session(self, conversation):
        return llm.invoke(conversation.get_messages())
`,
  });
  assert.equal(calls.length, 3);
  for (const c of calls) assert.ok(c.signals.some((s) => s.kind === 'message-history'), `${c.enclosingFunction}: ${c.signals.map((s) => s.kind).join(',')}`);
});

test('a prompt builder imported from another workspace file gives its returned text, also through a local', async () => {
  await initPythonScanner();
  const { calls } = scan({
    'app/__init__.py': '',
    'app/prompts.py': `def build_triage_prompt(ticket):\n    return f"""Classify the support ticket into one of: billing, bug, account, other.\nReply with the label only.\n\nTicket: {ticket}"""\n`,
    'app/triage.py': `import anthropic\nfrom app.prompts import build_triage_prompt\n\nclient = anthropic.Anthropic()\n\n\ndef triage(ticket_text: str):\n    prompt = build_triage_prompt(ticket_text)\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": prompt}])\n\n\ndef triage_inline(ticket_text: str):\n    return client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": build_triage_prompt(ticket_text)}])\n`,
  });
  assert.equal(calls.length, 2);
  for (const c of calls) {
    const [user] = c.prompt;
    assert.match(user.text, /^Classify the support ticket into one of: billing, bug, account, other\./, c.enclosingFunction);
    assert.equal(user.origin, 'returned by build_triage_prompt in app/prompts.py');
    assert.equal(user.file, 'app/prompts.py');
    assert.equal(user.line, 2);
    assert.equal(inferTaskType(c).taskType, 'classify_intent');
  }
});

test('a method that builds the system prompt (self._system_prompt(style)) is read with its argument', async () => {
  await initPythonScanner();
  const { calls } = scan({
    'svc.py': `import anthropic\n\n\nclass Summarizer:\n    def __init__(self):\n        self.client = anthropic.Anthropic()\n\n    def _system_prompt(self, style):\n        return f"Summarize the article in three bullet points, {style} style."\n\n    def run(self, article: str):\n        return self.client.messages.create(model="claude-haiku-4-5", max_tokens=200, system=self._system_prompt("plain"), messages=[{"role": "user", "content": article}])\n`,
  });
  const system = calls[0].prompt.find((p) => p.role === 'system')!;
  assert.equal(system.text, 'Summarize the article in three bullet points, plain style.');
  assert.equal(system.origin, 'returned by Summarizer._system_prompt in svc.py');
});
