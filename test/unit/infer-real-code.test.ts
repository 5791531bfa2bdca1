// Patterns met in public repositories (the third blind set) that the rules misread. Each fixture is
// written for this test; the comment says which general pattern it stands for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inferTaskType } from '../../src/core/infer/index';
import { makeCall, part, signal } from './infer-helpers';

describe('the JSON answer format is one cue, not an instruction', () => {
  it('reads "write 3 follow-up questions … as a JSON object" as generated content, not extraction', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'relatedQuestions',
        prompt: [
          part('system', 'Help the reader go further. Keep names mentioned in the page. Write 3 follow-up questions a reader may ask next. Return them as a JSON object with a "questions" array. Only return JSON.'),
          part('user', '', 12, { origin: 'dynamic', dynamicSlots: 1, holes: ['question'] }),
        ],
        signals: [signal('structured-output', 'JSON response format'), signal('json-parse', 'JSON.parse(text)', 30)],
      }),
    );
    assert.equal(inf.taskType, 'draft_long_form', inf.reasons.join('\n'));
  });

  it('still reads an extraction instruction with a JSON answer as extraction', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [part('user', 'Extract the invoice number, total and due date from the text below. Return JSON with keys number, total, due.\n', 10, { dynamicSlots: 1, holes: ['invoice'] })],
        signals: [signal('json-parse', 'JSON.parse(text)', 30)],
      }),
    );
    assert.equal(inf.taskType, 'extract_entities');
  });
});

describe('research agents', () => {
  it('reads "generate a list of search queries" as planning the research, not as code', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'nextSearches',
        prompt: [part('prompt', 'From the user request below, generate a list of web search queries to research the topic. Return at most 4 queries.\n', 10, { dynamicSlots: 1, holes: ['request'] })],
        signals: [signal('structured-output', 'generateObject')],
      }),
    );
    assert.equal(inf.taskType, 'plan_agent_steps', inf.reasons.join('\n'));
  });

  it('reads "write a final report … 3 or more pages" over joined notes as long-form writing', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'finish',
        prompt: [
          part('system', 'You are an expert researcher.'),
          part('prompt', 'Write a final report on the topic using the notes below. Be as detailed as possible, aim for 3 or more pages.\n\n', 12, { dynamicSlots: 1, holes: ['notesText'] }),
        ],
        signals: [signal('documents-joined', 'notes.map(…).join')],
      }),
    );
    assert.equal(inf.taskType, 'draft_long_form', inf.reasons.join('\n'));
  });

  it('reads "ask follow-up questions to clarify" as a conversational turn', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'followUps',
        prompt: [part('prompt', 'Here is what the user wants to research. Ask a few follow-up questions to clarify what they need: ', 10, { dynamicSlots: 1, holes: ['query'] })],
        signals: [signal('structured-output', 'generateObject')],
      }),
    );
    assert.equal(inf.taskType, 'chat_general', inf.reasons.join('\n'));
  });
});

describe('code editing agents', () => {
  it('reads "SEARCH/REPLACE blocks" over joined project files as code generation', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'planEdits',
        maxTokens: 8000,
        prompt: [
          part('system', 'Project files:\n\nApply the instructions to the files above. Return only SEARCH/REPLACE blocks for the changes, no explanations.', 10, { holes: ['projectFiles'], dynamicSlots: 1 }),
          part('user', 'Produce the blocks now.', 20),
        ],
        signals: [signal('documents-joined', 'files.map(…).join')],
      }),
    );
    assert.equal(inf.taskType, 'generate_code', inf.reasons.join('\n'));
  });

  it('reads "provide a … function in JavaScript" as code', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [
          part('system', 'Provide a scraping function in JavaScript that reads the page and returns the rows. Output runnable code only.'),
          part('user', 'Page: ', 12, { dynamicSlots: 1, holes: ['html'] }),
        ],
      }),
    );
    assert.equal(inf.taskType, 'generate_code', inf.reasons.join('\n'));
  });
});

describe('a persona that names its job is not a chat persona', () => {
  it('"You are an AI assistant specialized in generating …" does not vote chat', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [
          part('system', 'You are an AI assistant specialized in generating test questions. Generate 5 questions a new user might ask about the product.'),
          part('user', '', 12, { origin: 'parameter description', dynamicSlots: 1 }),
        ],
      }),
    );
    assert.ok(!inf.reasons.some((r) => r.includes('conversational persona')), inf.reasons.join('\n'));
    assert.equal(inf.taskType, 'draft_long_form');
  });
});

describe('pass-through provider adapters', () => {
  it('reads a provider class method that forwards its messages as unknown, with low confidence', () => {
    const inf = inferTaskType(
      makeCall({
        file: 'src/llms/groq.ts',
        className: 'GroqLLM',
        enclosingFunction: 'GroqLLM.generateChat',
        maxTokens: null,
        prompt: [part('user', '', 12, { origin: 'messages from messages.map((m) => ({ role: m.role, content: m.content }))', dynamicSlots: 1, holes: ['messages.map(…)'] })],
        signals: [signal('message-history', 'messages come from a history array', 12)],
      }),
    );
    assert.equal(inf.taskType, 'unknown', inf.reasons.join('\n'));
    assert.ok(inf.confidence <= 0.3);
    assert.ok(inf.reasons.some((r) => r.includes('pass-through')), inf.reasons.join('\n'));
  });

  it('keeps a chat service that forwards the conversation under its own system prompt as chat', () => {
    const inf = inferTaskType(
      makeCall({
        file: 'src/support/chat.ts',
        enclosingFunction: 'SupportChat.reply',
        prompt: [
          part('system', 'You are Juno, the support assistant of a bike shop. Keep replies short and friendly.'),
          part('user', '', 12, { origin: 'messages from history', dynamicSlots: 1 }),
        ],
        signals: [signal('message-history', 'messages come from a history array', 12)],
      }),
    );
    assert.equal(inf.taskType, 'chat_general');
  });
});

describe('chat routes that offer tools', () => {
  it('reads a streamed chat over the request history with the SDK tool loop as chat', () => {
    const inf = inferTaskType(
      makeCall({
        file: 'app/api/chat/route.ts',
        enclosingFunction: 'POST',
        sdk: 'vercel-ai',
        api: 'streamText',
        maxTokens: null,
        prompt: [
          part('system', 'You are a friendly assistant! Keep your responses concise and helpful.'),
          part('user', '', 12, { origin: 'messages from convertToModelMessages(uiMessages)', dynamicSlots: 1 }),
        ],
        tools: [
          { name: 'getWeather', description: 'Get the weather at a location', schemaText: '{ latitude: z.number(), longitude: z.number() }' },
          { name: 'createDocument', description: 'Create a document for writing', schemaText: '{ title: z.string() }' },
        ],
        signals: [
          signal('message-history', 'messages come from a history array', 12),
          signal('streams-to-response', 'toUIMessageStreamResponse()', 30),
          signal('tool-use-loop', 'maxSteps / stopWhen: the SDK runs the tool loop', 14),
        ],
      }),
    );
    assert.equal(inf.taskType, 'chat_general', inf.reasons.join('\n'));
  });

  it('still reads a hand-written tool-use loop as an agent', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [part('system', 'You are a helpful assistant.'), part('user', '', 12, { origin: 'messages from history', dynamicSlots: 1 })],
        tools: [{ name: 'search_orders', description: 'Find orders', schemaText: '{}' }],
        signals: [signal('message-history', 'messages come from a history array', 12), signal('tool-use-loop', 'while loop line 40 checks stop_reason', 40)],
      }),
    );
    assert.equal(inf.taskType, 'plan_agent_steps');
  });
});

describe('selection and generated lists', () => {
  it('reads "which of these results are most relevant" as a relevance judgement (classify)', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [part('user', 'Here are the search hits:\n\nWhich of these pages are most relevant for learning the billing API? Return their URLs as a JSON list.', 10, { dynamicSlots: 1, holes: ['hits'] })],
        signals: [signal('structured-output', 'response_format=UrlList')],
      }),
    );
    assert.equal(inf.taskType, 'classify_intent', inf.reasons.join('\n'));
  });

  it('reads "generate a specified number of … queries a user might ask" as generated content, not as search planning', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [
          part('system', 'Given a product description, generate a specified number of varied queries that a customer might type into the help widget. Return JSON with a "queries" array.'),
          part('user', 'Description:\n', 12, { dynamicSlots: 2, holes: ['description', 'count'] }),
        ],
        signals: [signal('schema-parse', 'QueryList.parse_raw(content)', 30), signal('structured-output', 'response_format=QueryList')],
      }),
    );
    assert.equal(inf.taskType, 'draft_long_form', inf.reasons.join('\n'));
  });
});

describe('revising content whose kind is a hole', () => {
  it('reads "Improve the following contents of the ${kind}" as revising a piece of writing', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [
          part('system', 'Improve the following contents of the  based on the given prompt.\n\n', 10, { dynamicSlots: 2, holes: ['kind', 'doc.content'] }),
          part('prompt', '', 14, { origin: 'dynamic description', dynamicSlots: 1, holes: ['description'] }),
        ],
      }),
    );
    assert.equal(inf.taskType, 'draft_long_form', inf.reasons.join('\n'));
  });
});

describe('held-out round: translation, names, chat interfaces over a job', () => {
  it('reads a translation with a JSON answer as unknown (no task type fits), whatever its function is called', () => {
    const inf = inferTaskType(
      makeCall({
        language: 'python',
        enclosingFunction: 'translate_script',
        prompt: [
          part('system', 'You are a professional translator.'),
          part('user', 'Translate the following episode from English to  and keep the speakers. Return the json output.\n', 12, { dynamicSlots: 2, holes: ['target_lang', 'json.dumps(lines)'] }),
        ],
        signals: [signal('structured-output', 'response_format={"type": "json_object"}'), signal('json-parse', 'json.loads(content)', 30)],
      }),
    );
    assert.equal(inf.taskType, 'unknown', inf.reasons.join('\n'));
    assert.match(inf.reasons[0], /translation/);
  });

  it('keeps "translate this function to TypeScript" as code generation', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('user', 'Translate this function to TypeScript. Return only the code.\n', 10, { dynamicSlots: 1, holes: ['source'] })] }));
    assert.equal(inf.taskType, 'generate_code', inf.reasons.join('\n'));
  });

  it('does not read lang_code or status_code as code', () => {
    const inf = inferTaskType(makeCall({ enclosingFunction: 'pick', prompt: [part('user', '', 10, { origin: 'parameter lang_code', dynamicSlots: 1, holes: ['lang_code', 'status_code'] })] }));
    assert.ok(!inf.reasons.some((r) => /generate_code/.test(r)) && inf.runnerUp?.taskType !== 'generate_code', inf.reasons.join('\n'));
  });

  it('reads a chat route whose system prompt casts a code generator as code generation', () => {
    const inf = inferTaskType(
      makeCall({
        file: 'app/api/chat/route.ts',
        enclosingFunction: 'POST',
        sdk: 'vercel-ai',
        api: 'streamObject',
        maxTokens: null,
        prompt: [
          part('system', 'You are a careful software engineer. Build the app the user asks for. You may install additional dependencies. Do not wrap code in backticks.'),
          part('user', '', 12, { origin: 'messages from req.json()', dynamicSlots: 1 }),
        ],
        signals: [signal('streams-to-response', 'toTextStreamResponse()', 30), signal('structured-output', 'streamObject', 20)],
      }),
    );
    assert.equal(inf.taskType, 'generate_code', inf.reasons.join('\n'));
  });

  it('still reads a support persona over the request conversation as chat', () => {
    const inf = inferTaskType(
      makeCall({
        file: 'app/api/chat/route.ts',
        enclosingFunction: 'POST',
        prompt: [part('system', 'You are Pip, the friendly assistant of a plant shop.'), part('user', '', 12, { origin: 'messages from req.json()', dynamicSlots: 1 })],
        signals: [signal('streams-to-response', 'toTextStreamResponse()', 30)],
      }),
    );
    assert.equal(inf.taskType, 'chat_general', inf.reasons.join('\n'));
  });
});

describe('fresh round: titles, search-query rewrites, answers from injected documents', () => {
  it('reads "generating a concise, descriptive title" as a short summary', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('system', 'You are tasked with generating a concise, descriptive title for a conversation. Keep it under six words.'), part('user', '', 12, { dynamicSlots: 1, holes: ['transcript'] })] }));
    assert.equal(inf.taskType, 'summarize_short', inf.reasons.join('\n'));
  });

  it('reads "write a query to search the web" as a research step', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('user', 'Turn the latest message into a query to search the web. Keep it close to the wording.\n', 10, { dynamicSlots: 1, holes: ['conversation'] })] }));
    assert.equal(inf.taskType, 'plan_agent_steps', inf.reasons.join('\n'));
  });

  it('reads "use the documents below to answer" as an answer from sources', () => {
    const inf = inferTaskType(
      makeCall({
        prompt: [part('user', 'You answer questions about the uploaded files. Only use the documents below to answer the question.\n\nDocuments:\n', 10, { dynamicSlots: 1, holes: ['docs'] }), part('user', '', 20, { origin: 'history messages', dynamicSlots: 1 })],
        signals: [signal('message-history', '...messages', 20), signal('streams-to-response', 'StreamingTextResponse', 30)],
      }),
    );
    assert.equal(inf.taskType, 'synthesize_documents', inf.reasons.join('\n'));
  });
});

describe('fifth round: quizzes and wrappers that forward an options bag', () => {
  it('reads "create a multiple choice test" as generated content, not unit tests', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('system', 'You are a teacher. Take the document and create a multiple choice test with 4 questions about it.'), part('user', 'Here is the document.')] }));
    assert.equal(inf.taskType, 'draft_long_form', inf.reasons.join('\n'));
  });

  it('does not read messages forwarded from an options bag as a conversation', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'SafeGenerator.generateObject',
        prompt: [part('user', '', 12, { origin: 'messages from options', dynamicSlots: 1 })],
        signals: [signal('structured-output', 'generateObject')],
      }),
    );
    assert.ok(!inf.reasons.some((r) => /conversation/.test(r)), inf.reasons.join('\n'));
    assert.equal(inf.taskType, 'unknown');
  });
});

describe('editors and clusters', () => {
  it('reads "You are a senior editor … revise the provided markdown content" as writing', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('system', 'You are a senior editor at a magazine. Your task is to revise the provided markdown content and keep its voice.'), part('user', '', 12, { dynamicSlots: 1, holes: ['draftMarkdown'] })] }));
    assert.equal(inf.taskType, 'draft_long_form', inf.reasons.join('\n'));
  });

  it('keeps "You are a code editor" as code, not as a writer', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('system', 'You are a code editor. Return the code changes for the request.'), part('user', '', 12, { dynamicSlots: 1, holes: ['request'] })] }));
    assert.equal(inf.taskType, 'generate_code', inf.reasons.join('\n'));
  });

  it('reads "group the results into meaningful clusters" as classification', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('system', 'You look at search results and group them into meaningful clusters, each with a short label.'), part('user', '', 12, { dynamicSlots: 1, holes: ['results'] })] }));
    assert.equal(inf.taskType, 'classify_intent', inf.reasons.join('\n'));
  });
});
