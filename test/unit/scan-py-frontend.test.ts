// The Python front-end: the IR it gives for each construct, what it does with broken and hostile input.
import { strict as assert } from 'node:assert';
import { before, test } from 'node:test';
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';
import { TOP, type CallIR, type Expr, type ModuleIR } from '../../src/core/scan/ir';
import { pyFrontEnd } from '../../src/core/scan/py/frontend';

before(async () => {
  const err = await initScanEngine();
  assert.equal(err, null);
});

/** An expression without positions, for comparing shapes. */
function shape(e: unknown): unknown {
  return JSON.parse(JSON.stringify(e, (k, v) => (k === 'p' ? undefined : v)));
}

function ir(text: string, file = 'app/x.py'): ModuleIR {
  return pyFrontEnd(file, text);
}

function callNamed(m: ModuleIR, callee: string): CallIR {
  const c = m.calls.find((x) => m.text.slice(x.f.p[0], x.f.p[1]) === callee);
  assert.ok(c, `no call of ${callee} in ${m.calls.map((x) => m.text.slice(x.f.p[0], x.f.p[1])).join(', ')}`);
  return c;
}

function local(m: ModuleIR, fn: string, name: string): unknown {
  return shape(m.fns[fn].locals[name]);
}

test('methods: self is `this`, cls of a classmethod is its class, parameters as callers pass them', () => {
  const m = ir(`class Agent(Base):
    def __init__(self, client: Optional[Client] = None, *args, k: "llm.Fwd" = 2, **kw):
        self.client = client

    @classmethod
    def make(cls, model):
        return cls(model)

    @staticmethod
    def helper(x, /, y):
        return x

    def run(self, q: list[str] | None):
        return self.client.chat(q)
`);
  const init = m.fns['Agent.__init__'];
  assert.equal(init.kind, 'ctor');
  assert.equal(init.cls, 'Agent');
  assert.deepEqual(
    shape(init.params),
    [
      { name: 'client', index: 0, type: { k: 'ref', n: 'Optional', args: [{ k: 'ref', n: 'Client' }] }, d: { k: 'null' } },
      { name: 'args', index: 1, rest: true },
      { name: 'k', index: 2, kwOnly: true, type: { k: 'ref', n: 'llm.Fwd' }, d: { k: 'num', v: 2 } },
      { name: 'kw', index: 3, kwrest: true },
    ],
  );
  assert.equal(m.fns['Agent.make'].kind, 'method');
  assert.deepEqual(shape(m.fns['Agent.make'].params), [{ name: 'model', index: 0 }]);
  assert.deepEqual(shape(callNamed(m, 'cls').f), { k: 'cls', key: 'Agent' });
  assert.equal(m.fns['Agent.helper'].isStatic, true);
  assert.deepEqual(
    m.fns['Agent.helper'].params.map((p) => p.name),
    ['x', 'y'],
  );
  assert.deepEqual(shape(m.fns['Agent.run'].params[0].type), { k: 'union', ts: [{ k: 'ref', n: 'list', args: [{ k: 'ref', n: 'str' }] }, { k: 'other' }] });
  assert.deepEqual(shape(callNamed(m, 'self.client.chat').f), { k: 'get', o: { k: 'get', o: { k: 'this' }, n: 'client' }, n: 'chat' });
  assert.deepEqual(m.classes.Agent.methods, { __init__: 'Agent.__init__', make: 'Agent.make', helper: 'Agent.helper', run: 'Agent.run' });
  assert.deepEqual(shape(m.classes.Agent.bases), [{ k: 'name', n: 'Base' }]);
});

test('a def nested in a method reads self through the method; a lambda in it is `this` directly', () => {
  const m = ir(`class A:
    def run(self):
        def inner():
            return self.client.go()
        f = lambda: self.model
        return inner()
`);
  assert.deepEqual(shape(callNamed(m, 'self.client.go').f), { k: 'get', o: { k: 'get', o: { k: 'name', n: 'self' }, n: 'client' }, n: 'go' });
  assert.deepEqual(local(m, 'A.run', 'self'), [{ e: { k: 'this' }, at: m.fns['A.run'].p[0], op: 'decl', fixed: true }]);
  assert.equal(m.fns.inner.parent, 'A.run');
  assert.equal(m.fns.f.kind, 'lambda');
  assert.deepEqual(shape(m.fns.f.returns), [{ k: 'get', o: { k: 'this' }, n: 'model' }]);
});

test('module-level and nested defs and classes are bound where they are written', () => {
  const m = ir(`def outer():
    def inner():
        pass
    class Local:
        pass
    return inner

class Top:
    pass

handler = lambda x: x
`);
  assert.deepEqual(local(m, TOP, 'outer'), [{ e: { k: 'fn', key: 'outer' }, at: 0, op: 'decl', fixed: true }]);
  assert.equal((m.fns[TOP].locals.Top[0].e as Expr).k, 'cls');
  assert.equal((m.fns.outer.locals.inner[0].e as Expr).k, 'fn');
  assert.equal((m.fns.outer.locals.Local[0].e as Expr).k, 'cls');
  assert.equal(m.classes.Local.parent, 'outer');
  assert.equal(m.fns.handler.kind, 'lambda');
  assert.deepEqual(shape(m.fns[TOP].locals.handler), [{ e: { k: 'fn', key: 'handler' }, at: m.text.indexOf('handler ='), op: '=' }]);
});

test('classes: attributes and self.x fields, docstring, abstract bases', () => {
  const m = ir(`class Config:
    """Settings for the model."""
    model: str = "claude-haiku-4-5"
    timeout: int

    def __init__(self, m):
        self.model = m
        self.history: list = []

    def add(self, x):
        self.history.append(x)

class Port(Protocol):
    def chat(self, q): ...

class Abstract:
    @abstractmethod
    def go(self): ...

class Meta(metaclass=ABCMeta):
    pass
`);
  const c = m.classes.Config;
  assert.equal(c.doc, 'Settings for the model.');
  assert.deepEqual(
    c.fields.model.map((f) => [f.fn, shape(f.e)]),
    [
      [TOP, { k: 'str', v: 'claude-haiku-4-5' }],
      ['Config.__init__', { k: 'name', n: 'm' }],
    ],
  );
  assert.deepEqual(shape(c.fields.timeout), [{ type: { k: 'ref', n: 'int' }, at: m.text.indexOf('timeout'), fn: TOP }]);
  assert.deepEqual(shape(c.fields.history[0].type), { k: 'ref', n: 'list' });
  assert.deepEqual(shape(c.fields.history[1].e), { k: 'arr', items: [{ k: 'name', n: 'x' }] });
  assert.equal(c.abstract, undefined);
  assert.equal(m.classes.Port.abstract, true);
  assert.equal(m.classes.Abstract.abstract, true);
  assert.equal(m.classes.Meta.abstract, true);
});

test('imports: packages, submodules, aliases, relative and star imports', () => {
  const m = ir(`import os, app.llm.client
import app.llm as llm
from .x import y as z, w
from .. import sibling
from pkg.sub import *
`);
  assert.deepEqual(m.imports, {
    os: { m: 'os', n: '*' },
    app: { m: 'app', n: '*' },
    'app.llm.client': { m: 'app.llm.client', n: '*' },
    llm: { m: 'app.llm', n: '*' },
    z: { m: '.x', n: 'y' },
    w: { m: '.x', n: 'w' },
    sibling: { m: '..', n: 'sibling' },
  });
  assert.deepEqual(m.exportAll, ['pkg.sub']);
  assert.equal(m.exports, null);
});

test('strings: f-strings, implicit concatenation, + chains, % formatting, escapes', () => {
  const m = ir(`a = f"Hi {name!r:>{width}}, {{literal}}\\n"
b = "one " 'two ' f"{three}"
c = "x" + y + "z"
d = "Fix: %s" % (text,)
e = r"raw\\n" b"\\x41"
`);
  assert.deepEqual(local(m, TOP, 'a'), [{ e: { k: 'tpl', parts: ['Hi ', { k: 'name', n: 'name' }, ', {literal}\n'] }, at: 0, op: '=' }]);
  assert.deepEqual(shape(m.fns[TOP].locals.b[0].e), { k: 'tpl', parts: ['one two ', { k: 'name', n: 'three' }] });
  assert.deepEqual(shape(m.fns[TOP].locals.c[0].e), { k: 'cat', items: [{ k: 'str', v: 'x' }, { k: 'name', n: 'y' }, { k: 'str', v: 'z' }] });
  assert.deepEqual(shape(m.fns[TOP].locals.d[0].e), { k: 'bin', op: '%', l: { k: 'str', v: 'Fix: %s' }, r: { k: 'arr', items: [{ k: 'name', n: 'text' }] } });
  assert.deepEqual(shape(m.fns[TOP].locals.e[0].e), { k: 'str', v: 'raw\\nA' });
});

test('containers: lists, tuples, dicts with spreads, comprehensions', () => {
  const m = ir(`def f(docs, base):
    p = {"model": "m", 1: "one", **base, key: "dropped"}
    t = (1, *rest)
    lst = [d.text for d in docs if d]
    return p
`);
  assert.deepEqual(shape(m.fns.f.locals.p[0].e), {
    k: 'obj',
    props: [
      ['model', { k: 'str', v: 'm' }],
      ['1', { k: 'str', v: 'one' }],
    ],
    spreads: [{ k: 'name', n: 'base' }],
  });
  assert.deepEqual(shape(m.fns.f.locals.t[0].e), { k: 'arr', items: [{ k: 'num', v: 1 }, { k: 'spread', o: { k: 'name', n: 'rest' } }] });
  assert.deepEqual(shape(m.fns.f.locals.lst[0].e), { k: 'arr', items: [{ k: 'get', o: { k: 'name', n: 'd' }, n: 'text' }], runtime: true });
  // The loop name is bound, before the element is read, to an item of what is iterated (`docs[…]`).
  const d = m.fns.f.locals.d;
  assert.equal(d.length, 1);
  assert.equal((d[0].e as Expr).k, 'idx');
  assert.deepEqual(shape((d[0].e as Extract<Expr, { k: 'idx' }>).o), { k: 'name', n: 'docs' });
  assert.ok(d[0].at < m.text.indexOf('d.text'));
});

test('environment variables: os.environ.get, os.getenv, os.environ[…], names imported from os', () => {
  const m = ir(`import os
from os import environ, getenv
a = os.environ.get("A", "claude-haiku-4-5")
b = os.getenv("B")
c = os.environ["C"]
d = getenv("D", default)
e = environ.get("E")
`);
  assert.deepEqual(shape(m.fns[TOP].locals.a[0].e), { k: 'env', n: 'A', d: { k: 'str', v: 'claude-haiku-4-5' } });
  assert.deepEqual(shape(m.fns[TOP].locals.b[0].e), { k: 'env', n: 'B' });
  assert.deepEqual(shape(m.fns[TOP].locals.c[0].e), { k: 'env', n: 'C' });
  assert.deepEqual(shape(m.fns[TOP].locals.d[0].e), { k: 'env', n: 'D', d: { k: 'name', n: 'default' } });
  assert.deepEqual(shape(m.fns[TOP].locals.e[0].e), { k: 'env', n: 'E' });
  assert.equal(m.calls.length, 0);
});

test('calls: keyword arguments, spreads, result variables, parses around them, statement lines', () => {
  const m = ir(`import json

def go(client, args, opts):
    out = client.create(
        "p", *args, model="m", **opts
    )
    data = json.loads(client.create(x=1).content[0].text)
    v = Model.model_validate_json(client.create(y=2))
    with client.stream(q) as s:
        pass
    return client.create(z=3)
`);
  const first = m.calls[callNamed(m, 'client.create').id];
  assert.deepEqual(shape(first.a), [{ k: 'str', v: 'p' }, { k: 'spread', o: { k: 'name', n: 'args' } }, { k: 'spread', o: { k: 'name', n: 'opts' }, kw: true }]);
  assert.deepEqual(shape(first.kw), { model: { k: 'str', v: 'm' } });
  assert.equal(first.rv, 'out');
  assert.equal(first.fn, 'go');
  assert.equal(first.stmtLine, 4);
  assert.equal(first.at, m.text.indexOf('client.create('));
  const creates = m.calls.filter((c) => m.text.slice(c.f.p[0], c.f.p[1]) === 'client.create');
  assert.equal(creates[1].parsed, 'json-parse');
  assert.equal(creates[1].parsedDetail, 'json.loads');
  assert.equal(creates[2].parsed, 'schema-parse');
  assert.equal(creates[2].parsedDetail, 'Model.model_validate_json');
  assert.equal(creates[3].returned, true);
  assert.equal(callNamed(m, 'client.stream').rv, 's');
});

test('uses: derived names, parses, comparisons, membership, match, returns', () => {
  const m = ir(`def f(client):
    out = client.create()
    label = out.strip().lower()
    data = json.loads(out)
    if label == "billing" or "yes" in out or label in LABELS or out.startswith("A"):
        pass
    if out.stop_reason == "tool_use":
        pass
    match label:
        case "a" | "b":
            pass
        case _:
            pass
    return data
`);
  const uses = m.fns.f.uses.map((u) => `${u.kind}:${u.names.join(',')}${u.targets ? `→${u.targets.join(',')}` : ''}${u.detail ? ` ${u.detail}` : ''}`);
  assert.deepEqual(uses, [
    'derive:client→out',
    'derive:out→label',
    'json-parse:out json.loads(out)',
    'derive:out,json→data parsed',
    'compare:label == "billing"',
    'includes:out "yes" in out',
    'enum-includes:label in LABELS',
    'includes:out out.startswith',
    'switch:label match on a, b',
    'return:data',
  ]);
});

test('assignments: lists growing, +=, tuple unpacking, global and nonlocal, loops', () => {
  const m = ir(`G = 1

def f(items):
    global G
    G = 2
    count = 0
    messages = [{"role": "user", "content": "hi"}]
    messages += [{"role": "assistant", "content": "x"}]
    text = "a"
    text += "b"
    first, (second, third) = pair
    def inner():
        nonlocal count
        count = 1
        messages.append({"role": "user", "content": "again"})
    for i, item in enumerate(items):
        messages.extend([item])
    while True:
        break
`);
  assert.equal(m.fns[TOP].locals.G.length, 2);
  assert.equal(m.fns.f.locals.G, undefined);
  assert.deepEqual(
    m.fns.f.locals.count.map((a) => shape(a.e)),
    [
      { k: 'num', v: 0 },
      { k: 'num', v: 1 },
    ],
  );
  assert.equal(m.fns.inner.locals.count, undefined);
  assert.deepEqual(
    m.fns.f.locals.messages.map((a) => a.op),
    ['=', 'push', 'push', 'push'],
  );
  assert.equal(m.fns.inner.locals.messages, undefined);
  assert.deepEqual(
    m.fns.f.locals.text.map((a) => a.op),
    ['=', '+='],
  );
  assert.deepEqual(shape(m.fns.f.locals.third), [{ e: { k: 'name', n: 'pair' }, at: m.text.indexOf('first, (second'), op: '=', path: ['1', '1'] }]);
  assert.deepEqual(m.fns.f.locals.item[0].path, ['1']);
  assert.equal(m.fns.f.loops.length, 2);
});

test('a name reassigned from itself reads its previous value (the engine end to end)', () => {
  const { calls } = scanAllTexts({
    'app/llm.py': `import anthropic

client = anthropic.Anthropic()
SYSTEM = "You are a careful reviewer of pull requests. List bugs first, then style."


def review(diff, messages):
    system = SYSTEM
    system = system.strip()
    messages = normalize(messages)
    return client.messages.create(model="claude-haiku-4-5", max_tokens=100, system=system, messages=messages)


def normalize(messages):
    return messages


def caller(diff):
    return review(diff, [{"role": "user", "content": "Review this diff and list every bug you find in it: " + diff}])
`,
  });
  assert.equal(calls.length, 1);
  assert.match(calls[0].prompt.map((p) => p.text).join('|'), /^You are a careful reviewer of pull requests/);
});

test('decorators are kept on the function, outermost first', () => {
  const m = ir(`@app.post("/x")
@retry(3)
def handler(q):
    pass
`);
  assert.deepEqual(
    (m.fns.handler.decorators ?? []).map((d) => m.text.slice(d.p[0], d.p[1])),
    ['app.post("/x")', 'retry(3)'],
  );
});

test('`except ImportError: X = None` keeps the import', () => {
  const m = ir(`try:
    from anthropic import Anthropic
except ImportError:
    Anthropic = None
`);
  assert.deepEqual(m.imports.Anthropic, { m: 'anthropic', n: 'Anthropic' });
  assert.equal(m.fns[TOP].locals.Anthropic, undefined);
});

test('tierwise annotations and offsets in text with non-ASCII characters', () => {
  const m = ir(`# héllo wörld ✓
def f(q):
    # tierwise: calls=2000/day
    return c.create(q)  # tierwise: calls=5/day
`);
  assert.equal(m.notes[3], ' tierwise: calls=2000/day');
  assert.equal(m.notes[4], ' tierwise: calls=5/day');
  const call = callNamed(m, 'c.create');
  assert.equal(m.text.slice(call.at, call.at + 8), 'c.create');
});

test('syntax errors: the broken lines are named, calls elsewhere are kept', () => {
  const text = `from anthropic import Anthropic

client = Anthropic()


def good(q):
    return client.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": q}])


def broken(q:
    return client.messages.create(model="claude-sonnet-4-6", max_tokens=10, messages=[{"role": "user", "content": q}]


def after(q):
    return client.messages.create(model="claude-haiku-4-5", max_tokens=20, messages=[{"role": "user", "content": q}])


class Service:
    def ok(self):
        return client.messages.create(model="claude-haiku-4-5", max_tokens=30, messages=[])

    def half(self):
        x = [1, 2

    def also_ok(self):
        return client.messages.create(model="claude-haiku-4-5", max_tokens=40, messages=[])
`;
  const m = ir(text);
  assert.deepEqual(m.problems, ['syntax error at line 10 (lines 10–11 not read; the rest of the file was)', 'syntax error at line 23 (line 23 not read; the rest of the file was)']);
  assert.deepEqual(Object.keys(m.fns).sort(), ['(top)', 'Service.also_ok', 'Service.half', 'Service.ok', 'after', 'good']);
  const { calls, skipped } = scanAllTexts({ 'b.py': text });
  assert.deepEqual(
    calls.map((c) => `${c.enclosingFunction}:${c.maxTokens}`),
    ['good:10', 'after:20', 'Service.ok:30', 'Service.also_ok:40'],
  );
  assert.deepEqual(skipped, [{ file: 'b.py', reason: m.problems.join('; ') }]);
});

test('hostile input: deep nesting and long chains never throw, and say what was left out', () => {
  const cases: Record<string, string> = {
    plusChain: `import anthropic\nc = anthropic.Anthropic()\nP = ${'a + '.repeat(50_000)}"z"\nc.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": P}])\n`,
    parens: `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n`,
    lists: `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    calls: `x = ${'f('.repeat(10_000)}${')'.repeat(10_000)}\n`,
    attributes: `x = a${'.b'.repeat(20_000)}\n`,
    minusChain: `x = ${'a - '.repeat(20_000)}a\n`,
    unclosed: `x = ${'('.repeat(10_000)}\n`,
    garbage: ')))(((\n\u0000\u0001 def (:\n  """',
    decorators: `@${'('.repeat(3000)}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    const m = ir(text);
    assert.ok(Array.isArray(m.calls), name);
    const r = scanAllTexts({ 'deep.py': text });
    assert.ok(Array.isArray(r.calls), name);
    if (name === 'plusChain') {
      assert.equal(r.calls.length, 1);
      assert.deepEqual(m.problems, []);
    }
    if (name === 'parens' || name === 'lists' || name === 'minusChain') assert.deepEqual(m.problems, ['expressions nested deeper than 200 levels were not read (at line 1; the rest of the file was)'], name);
  }
});

test('test files and stubs are left out unless tests are included', () => {
  const text = 'import anthropic\nanthropic.Anthropic().messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[])\n';
  const testText = `import pytest\n\n${text}\ndef test_answers():\n    pass\n`;
  for (const f of ['tests/test_llm.py', 'app/test_x.py', 'app/x_test.py', 'conftest.py', 'testing/helpers.py']) {
    assert.equal(pyFrontEnd(f, testText).ignored, 'test or mock file', f);
    assert.equal(pyFrontEnd(f, testText, { includeTests: true }).ignored, undefined, f);
  }
  // Named like a test outside a tests folder, holding none (`generator/unit_test.py` writes tests): the app's.
  for (const f of ['app/test_x.py', 'app/generator/unit_test.py']) assert.equal(pyFrontEnd(f, text).ignored, undefined, f);
  for (const f of ['tests/helpers.py', 'conftest.py']) assert.equal(pyFrontEnd(f, text).ignored, 'test or mock file', f);
  // A script that tests by hand (`def minimal_test():` run under `__main__`) is a test too.
  assert.equal(pyFrontEnd('script/minimal_test.py', `${text}\ndef minimal_test(lang="en"):\n    pass\n`).ignored, 'test or mock file');
  assert.equal(pyFrontEnd('app/utils/test_new_llms.py', `${text}\nif __name__ == "__main__":\n    main()\n`).ignored, 'test or mock file');
  assert.equal(pyFrontEnd('app/stubs.pyi', text).ignored, 'stub file');
  assert.equal(pyFrontEnd('app/contest.py', text).ignored, undefined);
});
