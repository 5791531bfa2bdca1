import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCategoryLists, findSchemaEnums, inferTaskType, MIN_SCORE, overlappingCategories } from '../../src/core/infer/index';
import { makeCall, part, signal, tool } from './infer-helpers';

const TRIAGE = 'You route customer support tickets. Respond with exactly one of: billing, technical, account, sales, other. No explanation.';

describe('classify_intent', () => {
  it('reads a category list, the switch on the output and a small max_tokens; names where each is', () => {
    const inf = inferTaskType(
      makeCall({ enclosingFunction: 'classifyTicket', maxTokens: 10, prompt: [part('system', TRIAGE, 14)], signals: [signal('switch-on-output', 'switch (label)', 22)] }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.ok(inf.confidence >= 0.85, `confidence ${inf.confidence}`);
    assert.equal(inf.recommendedTier, 'haiku');
    assert.deepEqual(inf.questions, { shortSchemaConstrainedOutput: true, cheapToRecover: true, noMultiStepReasoning: true });
    assert.ok(inf.reasons.some((r) => r.startsWith('system prompt line 14: 5 categories in "one of: billing, technical')), inf.reasons.join('\n'));
    assert.ok(inf.reasons.some((r) => r.includes('line 22: a switch on the output text')));
    assert.ok(inf.reasons.some((r) => r === 'function name classifyTicket'));
    assert.deepEqual(inf.upgradeReasons, []);
  });

  it('gives the line of the matched text inside a multi-line prompt', () => {
    const text = 'You help the support team.\nBe short.\nClassify the message as positive, negative or neutral.';
    const inf = inferTaskType(makeCall({ prompt: [part('system', text, 30)], maxTokens: 5 }));
    assert.equal(inf.taskType, 'classify_intent');
    assert.ok(inf.reasons.some((r) => r.startsWith('system prompt line 32:')), inf.reasons.join('\n'));
  });

  it('moves more than 15 categories to Sonnet and says why', () => {
    const codes = Array.from({ length: 19 }, (_, i) => `- reason_${String.fromCharCode(97 + i)}x`).join('\n');
    const inf = inferTaskType(makeCall({ maxTokens: 20, prompt: [part('system', `Assign the dispute to one reason code:\n${codes}\nReply with the code only.`)] }));
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.upgradeReasons[0], /^19 categories/);
    assert.equal(inf.questions.noMultiStepReasoning, false);
  });

  it('moves overlapping categories to Sonnet', () => {
    const inf = inferTaskType(
      makeCall({ maxTokens: 10, prompt: [part('system', 'Categorize the claim. One of: water_damage, flood, storm, storm_surge, theft, fire. Output the category only.')] }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.upgradeReasons[0], /overlapping categories.*storm, storm_surge/);
  });

  it('reads a forced tool whose input is one enum as a classifier', () => {
    const schema = '{ type: "object", properties: { route: { type: "string", enum: ["refund", "shipping", "warranty", "complaint"] } }, required: ["route"] }';
    const inf = inferTaskType(
      makeCall({ enclosingFunction: 'routeRequest', maxTokens: 100, tools: [tool('choose_route', 'Pick the workflow', schema)], signals: [signal('forced-tool-choice', 'choose_route')] }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.ok(inf.reasons.some((r) => r.startsWith('tool choose_route: input is one of 4 values')));
    assert.equal(inf.recommendedTier, 'haiku');
  });

  it('is not fooled by a misleading function name', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'summarize',
        maxTokens: 8,
        prompt: [part('system', 'Which section does this article belong in? Choose one of: politics, sports, business, tech, culture. Reply with the section name only.')],
        signals: [signal('includes-on-output', '[…].includes(section)')],
      }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.runnerUp?.taskType, 'summarize_short');
    assert.ok(inf.reasons.some((r) => r.startsWith('against: summarize_short') && r.includes('function name summarize')));
  });

  it('keeps a label that triggers an irreversible action on Sonnet', () => {
    const inf = inferTaskType(
      makeCall({ maxTokens: 10, prompt: [part('system', 'Decide if the order qualifies for a refund. Answer REFUND, ESCALATE or DENY. A REFUND answer issues the refund immediately, without human review.')] }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.equal(inf.questions.cheapToRecover, false);
  });
});

describe('extract_entities', () => {
  it('reads an extraction prompt and JSON.parse of the output', () => {
    const inf = inferTaskType(
      makeCall({
        maxTokens: 300,
        prompt: [part('system', 'Extract the order number, the email address and the product name. Return JSON with keys orderNumber, email, product.')],
        signals: [signal('json-parse', 'JSON.parse(text)', 40)],
      }),
    );
    assert.equal(inf.taskType, 'extract_entities');
    assert.equal(inf.recommendedTier, 'haiku');
    assert.ok(inf.reasons.some((r) => r.includes('line 40: the output is parsed as JSON')));
  });

  it('upgrades extraction from contracts and clinical notes', () => {
    for (const text of [
      'You read commercial contracts. Extract the parties, the governing law and the liability cap. JSON only.',
      'Extract every medication with dose and route from the clinical note. Return JSON.',
    ]) {
      const inf = inferTaskType(makeCall({ maxTokens: 800, prompt: [part('system', text)] }));
      assert.equal(inf.taskType, 'extract_entities', text);
      assert.equal(inf.recommendedTier, 'sonnet', text);
      assert.match(inf.upgradeReasons[0], /domain-heavy/);
    }
  });

  it('does not read "contract value" in a spreadsheet as legal text', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 500, prompt: [part('system', 'For each CSV line, pull out the company name and the contract value in USD. Respond with a JSON array.')] }));
    assert.equal(inf.taskType, 'extract_entities');
    assert.equal(inf.recommendedTier, 'haiku');
  });

  it('reads a forced tool with a multi-field schema as extraction', () => {
    const schema = '{ type: "object", properties: { street: { type: "string" }, city: { type: "string" }, postalCode: { type: "string" }, country: { type: "string" } } }';
    const inf = inferTaskType(makeCall({ maxTokens: 200, tools: [tool('save_address', 'Save a normalized postal address', schema)], signals: [signal('forced-tool-choice', 'save_address')] }));
    assert.equal(inf.taskType, 'extract_entities');
  });
});

describe('summarize_short', () => {
  it('reads "summarize in N bullets"', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 250, prompt: [part('user', 'Summarize this meeting transcript in 3 bullet points: decisions, owners, deadlines.\n\n', 10, { dynamicSlots: 1 })] }));
    assert.equal(inf.taskType, 'summarize_short');
    assert.equal(inf.recommendedTier, 'haiku');
  });

  it('upgrades a summary that feeds a decision', () => {
    const inf = inferTaskType(
      makeCall({ maxTokens: 250, prompt: [part('system', 'Summarize this loan application in 4 bullet points. Underwriters read it before they approve or decline the credit line.')] }),
    );
    assert.equal(inf.taskType, 'summarize_short');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.upgradeReasons[0], /feeds a decision/);
    assert.equal(inf.questions.cheapToRecover, false);
  });
});

describe('synthesize_documents, review_code, draft_long_form', () => {
  it('reads joined documents and "answer using the sources"', () => {
    const inf = inferTaskType(
      makeCall({
        maxTokens: 1500,
        prompt: [part('system', 'Answer the question using only the numbered sources below. Cite sources as [n].')],
        signals: [signal('documents-joined', 'chunks.map(…).join("\\n\\n")', 12)],
      }),
    );
    assert.equal(inf.taskType, 'synthesize_documents');
    assert.equal(inf.recommendedTier, 'sonnet');
  });

  it('reads a diff review', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 3000, prompt: [part('system', 'Review this pull request diff. Report correctness bugs and security issues first.')] }));
    assert.equal(inf.taskType, 'review_code');
    assert.equal(inf.questions.noMultiStepReasoning, false);
  });

  it('reads a 1500-word blog post', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 4096, prompt: [part('user', 'Write a 1500-word blog post about . Work in these keywords naturally: .')] }));
    assert.equal(inf.taskType, 'draft_long_form');
    assert.ok(inf.reasons.some((r) => r.includes('asks for 1500 words')));
  });

  it('reads a short title as a summary, not a piece of writing', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 30, prompt: [part('user', 'Write an SEO title (max 60 characters) that captures this post.\n\n', 10, { dynamicSlots: 1 })] }));
    assert.equal(inf.taskType, 'summarize_short');
  });
});

describe('generate_code', () => {
  it('keeps short boilerplate on Haiku', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 100, prompt: [part('user', 'Write a JavaScript regular expression that matches . Return only the regex literal, no explanation.')] }));
    assert.equal(inf.taskType, 'generate_code');
    assert.equal(inf.recommendedTier, 'haiku');
  });

  it('moves code near payments or auth to Sonnet', () => {
    const inf = inferTaskType(
      makeCall({ maxTokens: 1000, prompt: [part('user', 'Generate Express middleware that validates a JWT from the Authorization header and checks the role. Code only.')] }),
    );
    assert.equal(inf.taskType, 'generate_code');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.upgradeReasons.join(' '), /payment, auth or data integrity/);
  });

  it('moves unbounded code generation to Sonnet', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 8000, prompt: [part('system', 'Implement the component described in the spec, with its props interface and a test file.')] }));
    assert.equal(inf.taskType, 'generate_code');
    assert.equal(inf.recommendedTier, 'sonnet');
  });
});

describe('plan_agent_steps and chat_general', () => {
  it('reads a tool-use loop and notes that Opus may be warranted for irreversible tools', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'runIncidentAgent',
        tools: [tool('get_service_status'), tool('restart_service'), tool('deploy_release')],
        signals: [signal('tool-use-loop', 'stop_reason !== "tool_use"', 33)],
      }),
    );
    assert.equal(inf.taskType, 'plan_agent_steps');
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.ok(inf.confidence >= 0.8);
    assert.match(inf.opusNote ?? '', /Opus/);
    assert.match(inf.opusNote ?? '', /deploy_release/);
    assert.ok(inf.reasons.some((r) => r.startsWith('line 33: tool-use loop')));
  });

  it('reads a planner prompt without a loop', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 2000, prompt: [part('system', "Break the user's goal into an ordered list of steps the executor can run. Return a JSON array.")] }));
    assert.equal(inf.taskType, 'plan_agent_steps');
    assert.equal(inf.opusNote, undefined);
  });

  it('reads a conversation history streamed to a response with a persona', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'handleChat',
        streaming: true,
        prompt: [part('system', 'You are Nova, the friendly support assistant for Acme Cloud.')],
        signals: [signal('message-history', '[...history]'), signal('streams-to-response', 'res.write')],
      }),
    );
    assert.equal(inf.taskType, 'chat_general');
    assert.equal(inf.recommendedTier, 'sonnet');
  });
});

describe('unknown, registry and overrides', () => {
  it('says unknown with low confidence when the prompt is built at run time', () => {
    const inf = inferTaskType(makeCall({ enclosingFunction: 'complete', prompt: [part('user', '', 10, { dynamicSlots: 1, origin: 'parameter prompt' })] }));
    assert.equal(inf.taskType, 'unknown');
    assert.ok(inf.confidence <= 0.3);
    assert.equal(inf.recommendedTier, 'sonnet');
    assert.match(inf.reasons[0], /built entirely at run time/);
  });

  it('does not name a type from one weak cue', () => {
    const inf = inferTaskType(makeCall({ enclosingFunction: 'check', maxTokens: 1, prompt: [part('user', 'ping: ', 10, { dynamicSlots: 1 })] }));
    assert.equal(inf.taskType, 'unknown');
    assert.equal(inf.runnerUp?.taskType, 'classify_intent');
    assert.ok((inf.runnerUp?.confidence ?? 1) < 0.5);
    assert.ok(inf.reasons[0].includes(`< ${MIN_SCORE}`));
  });

  it('does not read a constant prompt with no input as a classifier (a health check)', () => {
    const probe = makeCall({ maxTokens: 8, prompt: [part('user', 'Reply with the single word OK. Answer yes or no only.')] });
    assert.equal(inferTaskType(probe).taskType, 'unknown');
    const withInput = makeCall({ maxTokens: 8, prompt: [part('user', 'Is this spam? Answer yes or no only.\n', 10, { dynamicSlots: 1 })] });
    assert.equal(inferTaskType(withInput).taskType, 'classify_intent');
  });

  it('takes the registry task as certain, whatever the evidence says', () => {
    const inf = inferTaskType(makeCall({ registryTask: 'summarize_short', model: { expression: 'modelFor("summarize_short")', resolved: null, source: 'registry', span: null }, enclosingFunction: 'writeDocs' }));
    assert.equal(inf.taskType, 'summarize_short');
    assert.equal(inf.confidence, 1);
    assert.equal(inf.recommendedTier, 'haiku');
    assert.match(inf.reasons[0], /registry task summarize_short named by model modelFor\("summarize_short"\) \(certain\)/);
  });

  it('tiers a registry task outside the fixed list by its name', () => {
    const inf = inferTaskType(makeCall({ registryTask: 'triage_ticket', maxTokens: 1024 }));
    assert.equal(inf.taskType, 'triage_ticket');
    assert.equal(inf.confidence, 1);
    assert.equal(inf.recommendedTier, 'haiku');
    assert.match(inf.reasons[1], /follows classify_intent \(from its name\)/);
  });

  it('lets an override beat the registry, and the annotation on the call beat the evidence', () => {
    const call = makeCall({ registryTask: 'classify_intent', prompt: [part('user', 'Write a 2000-word essay about tides.')] });
    const over = inferTaskType(call, { taskType: 'draft_long_form', source: 'usage-file', detail: '.tierwise.json callSites["src/app.ts#handle"]' });
    assert.equal(over.taskType, 'draft_long_form');
    assert.equal(over.confidence, 1);
    assert.match(over.reasons[0], /set by \.tierwise\.json callSites/);
    const annotated = inferTaskType(makeCall({ annotation: { taskType: 'extract_entities', line: 7, text: '// tierwise: task=extract_entities' }, prompt: [part('user', 'Write a 2000-word essay.')] }));
    assert.equal(annotated.taskType, 'extract_entities');
    assert.match(annotated.reasons[0], /^annotation line 7: task=extract_entities \(certain\)/);
    assert.equal(inferTaskType(call, { source: 'annotation' }).taskType, 'classify_intent', 'an override without a task type changes nothing');
  });

  it('names the other file and the constant when the prompt is imported', () => {
    const inf = inferTaskType(
      makeCall({ file: 'src/api/handlers.ts', maxTokens: 16, prompt: [part('system', 'Classify the message into one of these intents:\n- order_status\n- cancel\n- other\n\nReply with the intent name only.', 3, { file: 'src/llm/prompts.ts', origin: 'imported INTENT_PROMPT from ../llm/prompts' })] }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.ok(inf.reasons.some((r) => r.startsWith('system prompt (src/llm/prompts.ts line 3, imported INTENT_PROMPT from ../llm/prompts)')), inf.reasons.join('\n'));
  });

  it('reads the names of prompt variables', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 3000, prompt: [part('user', 'Look at this:\n', 5, { holes: ['diff'] }), part('system', '', 4, { origin: 'dynamic REVIEW_PROMPT', dynamicSlots: 1 })] }));
    assert.ok(inf.reasons.some((r) => r.startsWith('prompt variable diff') || r.startsWith('prompt system variable REVIEW_PROMPT')), inf.reasons.join('\n'));
  });
});

describe('names and origins', () => {
  it('ignores HTTP handler names and reads the folder of a generic route file', () => {
    const inf = inferTaskType(
      makeCall({ file: 'app/api/chat/route.ts', enclosingFunction: 'POST', prompt: [part('user', '', 12, { origin: 'messages from req.json()', dynamicSlots: 1 })] }),
    );
    assert.equal(inf.taskType, 'chat_general');
    assert.ok(inf.reasons.some((r) => r === 'file name chat'), inf.reasons.join('\n'));
    assert.ok(!inf.reasons.some((r) => r.includes('function name POST')));
  });

  it('reads a persona answering the end user\'s own question as chat', () => {
    const inf = inferTaskType(
      makeCall({
        enclosingFunction: 'getSwingAdvice',
        prompt: [part('system', 'You are a very experienced golf trainer. Give short answers.'), part('user', '', 11, { origin: 'parameter userMessage', dynamicSlots: 1 })],
      }),
    );
    assert.equal(inf.taskType, 'chat_general');
    assert.ok(inf.reasons.some((r) => r.includes("end user's own words")));
  });

  it('reads the role a system prompt gives the model', () => {
    const user = part('user', '', 12, { dynamicSlots: 1 });
    const classifier = inferTaskType(makeCall({ prompt: [part('system', 'You are a sentiment classifier. Respond with JSON.'), user] }));
    assert.equal(classifier.taskType, 'classify_intent');
    const writer = inferTaskType(makeCall({ maxTokens: 2000, prompt: [part('system', 'You are a senior copywriter for a travel brand. Make it vivid.'), user] }));
    assert.equal(writer.taskType, 'draft_long_form');
  });

  it('reads a bare persona over the raw user turn as chat, but not a persona whose clause names a job', () => {
    const user = part('user', '', 12, { dynamicSlots: 1 });
    const advisor = inferTaskType(makeCall({ prompt: [part('system', 'You are a very experienced golf trainer. Give short answers with drills.'), user] }));
    assert.equal(advisor.taskType, 'chat_general');
    const translator = inferTaskType(makeCall({ prompt: [part('system', 'You are a helpful assistant that translates English to French.'), user] }));
    assert.equal(translator.taskType, 'unknown');
  });

  it('reads a rating on a fixed scale (LLM-as-judge) as a classification', () => {
    const inf = inferTaskType(
      makeCall({ enclosingFunction: 'score', maxTokens: 200, prompt: [part('user', 'Rate the response on three criteria from 1 to 5: accuracy, relevance, groundedness.\nResponse: ', 10, { dynamicSlots: 1 })] }),
    );
    assert.equal(inf.taskType, 'classify_intent');
  });

  it('reads generated content lists as writing', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 500, prompt: [part('user', 'Generate exactly 5 open-ended interview questions for a  interview.', 10, { dynamicSlots: 1 })] }));
    assert.equal(inf.taskType, 'draft_long_form');
  });

  it('reads a union that is one field of a larger JSON answer as extraction, not classification', () => {
    const prompt = 'Analyze the blur in this photo. Return JSON:\n{\n  "blur_type": "motion" | "gaussian" | "none",\n  "sigma": number,\n  "sharpen_strength": number,\n  "notes": string\n}';
    const inf = inferTaskType(makeCall({ maxTokens: 512, prompt: [part('user', prompt, 10, { dynamicSlots: 1 })] }));
    assert.equal(inf.taskType, 'extract_entities');
  });

  it('counts a quoted union of labels as a category list', () => {
    const inf = inferTaskType(
      makeCall({ maxTokens: 50, prompt: [part('system', 'Decide whether the email is urgent, needs a reply, or is FYI. Respond in JSON: {"category": "urgent" | "reply" | "fyi"}')], signals: [signal('json-parse')] }),
    );
    assert.equal(inf.taskType, 'classify_intent');
    assert.ok(inf.reasons.some((r) => r.includes('3 categories')), inf.reasons.join('\n'));
  });
});

describe('thin real-world evidence', () => {
  const dyn = (role: 'system' | 'user') => part(role, '', 12, { dynamicSlots: 1 });

  it('trusts the function name when no prompt text is visible, with low confidence', () => {
    const inf = inferTaskType(makeCall({ enclosingFunction: 'get_summary', maxTokens: 2048, prompt: [dyn('system'), dyn('user')] }));
    assert.equal(inf.taskType, 'summarize_short');
    assert.ok(inf.confidence < 0.7);
    assert.match(inf.reasons[0], /the prompt itself is not visible/);
  });

  it('reads a conversation the function builds as chat, and a passed-through one as unknown', () => {
    const history = signal('message-history', 'messages', 22);
    const built = inferTaskType(makeCall({ enclosingFunction: 'get_response', prompt: [dyn('system'), dyn('user'), dyn('user')], signals: [history] }));
    assert.equal(built.taskType, 'chat_general');
    const passed = inferTaskType(makeCall({ enclosingFunction: 'gateway', prompt: [part('user', '', 12, { origin: 'messages from req.messages', dynamicSlots: 1 })], signals: [history] }));
    assert.equal(passed.taskType, 'unknown');
  });

  it('keeps an agent loop an agent even with a persona and history', () => {
    const inf = inferTaskType(
      makeCall({ prompt: [part('system', 'You are a data assistant.'), dyn('user')], signals: [signal('message-history', 'session.messages'), signal('tool-use-loop', 'for loop checks tool calls')] }),
    );
    assert.equal(inf.taskType, 'plan_agent_steps');
  });

  it('does not read a peer review of a hypothesis as code review', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 10, prompt: [part('system', 'You are a peer reviewer grading a hypothesis on rigor.'), dyn('user')] }));
    assert.notEqual(inf.taskType, 'review_code');
  });

  it('reads "recommend the best matching voice for each speaker" as a classification', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 1000, prompt: [part('user', 'For each speaker below, recommend the best matching voice:\n', 10, { dynamicSlots: 2 })] }));
    assert.equal(inf.taskType, 'classify_intent');
  });

  it('reads "edits a codebase … full file contents" as code generation', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 3000, prompt: [part('system', 'You are an assistant that edits a codebase. Return JSON with the files to change.\n- Include full file contents.'), dyn('user')] }));
    assert.equal(inf.taskType, 'generate_code');
  });

  it('learns nothing from a forced tool whose name and schema are parameters', () => {
    const inf = inferTaskType(makeCall({ tools: [tool('', '', '')], signals: [signal('forced-tool-choice', 'opts.toolName')], prompt: [dyn('system'), dyn('user')] }));
    assert.equal(inf.taskType, 'unknown');
  });

  it('reads "answer using the retrieved entries" as synthesis', () => {
    const inf = inferTaskType(makeCall({ prompt: [part('system', 'Answer using only the retrieved entries and cite their dates.'), dyn('user')] }));
    assert.equal(inf.taskType, 'synthesize_documents');
  });
});

describe('routing questions', () => {
  it('recommends Haiku exactly when all three answers are yes', () => {
    const calls = [
      makeCall({ maxTokens: 10, prompt: [part('system', TRIAGE)] }),
      makeCall({ maxTokens: 3000, prompt: [part('system', 'Review this pull request diff.')] }),
      makeCall({ maxTokens: 100, prompt: [part('user', 'Write a cron expression, output only the expression.')] }),
      makeCall({ maxTokens: 300, prompt: [part('user', 'Summarize the claim in 5 bullets. The adjuster uses it to approve or deny the payout.')] }),
      makeCall({ prompt: [] }),
    ];
    for (const c of calls) {
      const inf = inferTaskType(c);
      const q = inf.questions;
      assert.equal(inf.recommendedTier === 'haiku', q.shortSchemaConstrainedOutput && q.cheapToRecover && q.noMultiStepReasoning, inf.taskType);
    }
  });

  it('reads the head and tail of a huge prompt, with correct line numbers, in bounded time', () => {
    const long = 'intro\n'.repeat(10) + 'x '.repeat(30000) + '\nClassify the text as spam or ham.';
    const inf = inferTaskType(makeCall({ prompt: [part('system', long, 5, { dynamicSlots: 1 })] }));
    assert.equal(inf.taskType, 'classify_intent');
    assert.ok(inf.reasons.some((r) => r.startsWith('system prompt line 16: "Classify the text as spam or ham."')), inf.reasons.join('\n'));
    const hostile = makeCall({ prompt: [part('system', 'one of: ' + 'a, '.repeat(50000))] });
    const start = performance.now();
    inferTaskType(hostile);
    assert.ok(performance.now() - start < 1000);
  });

  it('says why a routing question is answered no, and nothing when it is yes', () => {
    const decision = inferTaskType(makeCall({ maxTokens: 300, prompt: [part('user', 'Summarize the claim in 5 bullets. The adjuster uses it to approve or deny the payout.\n', 10, { dynamicSlots: 1 })] }));
    assert.equal(decision.questions.cheapToRecover, false);
    assert.match(decision.questionNotes?.cheapToRecover ?? '', /feeds a decision/);
    assert.equal(decision.questionNotes?.shortSchemaConstrainedOutput, undefined);
    const simple = inferTaskType(makeCall({ maxTokens: 10, prompt: [part('system', TRIAGE)] }));
    assert.equal(simple.questionNotes, undefined);
    const review = inferTaskType(makeCall({ maxTokens: 3000, prompt: [part('system', 'Review this pull request diff.')] }));
    assert.match(review.questionNotes?.noMultiStepReasoning ?? '', /reasoning about what the code does/);
  });

  it('is fast enough to run on every edit', () => {
    const call = makeCall({ enclosingFunction: 'classifyTicket', maxTokens: 10, prompt: [part('system', TRIAGE.repeat(20))], signals: [signal('switch-on-output')] });
    const start = performance.now();
    for (let i = 0; i < 500; i++) inferTaskType(call);
    const perCall = (performance.now() - start) / 500;
    assert.ok(perCall < 5, `${perCall.toFixed(3)} ms per call`);
  });
});

describe('category lists', () => {
  it('counts inline, bulleted and "A, B or C" lists', () => {
    assert.equal(findCategoryLists('Respond with exactly one of: billing, technical, account, sales, other.')[0].items.length, 5);
    assert.deepEqual(findCategoryLists('Tag the article with one topic from this list:\n- AI\n- Climate\n- Health\nReturn only the topic.')[0].items, ['AI', 'Climate', 'Health']);
    assert.deepEqual(findCategoryLists('Label the sentiment as positive, negative, mixed or neutral.')[0].items, ['positive', 'negative', 'mixed', 'neutral']);
    assert.deepEqual(findCategoryLists('Answer ALLOW or BLOCK.')[0].items, ['ALLOW', 'BLOCK']);
    assert.equal(findCategoryLists('Write a blog post about cats, dogs and birds.').length, 0);
  });

  it('reads enum arrays in tool schemas', () => {
    assert.deepEqual(findSchemaEnums('{ "tier": { "type": "string", "enum": ["hot", "warm", "cold"] } }'), [['hot', 'warm', 'cold']]);
  });

  it('detects refinements and families of labels', () => {
    assert.deepEqual(overlappingCategories(['storm', 'storm_surge', 'fire']), ['storm', 'storm_surge']);
    assert.deepEqual(overlappingCategories(['fraud_card_present', 'fraud_card_not_present', 'other']), ['fraud_card_present', 'fraud_card_not_present']);
    assert.deepEqual(overlappingCategories(['fraud_online', 'fraud_atm', 'fraud_takeover', 'other']), ['fraud_online', 'fraud_atm', 'fraud_takeover']);
    assert.equal(overlappingCategories(['billing', 'technical', 'account', 'sales', 'other']), null);
  });
});

describe('prompts written in Chinese', () => {
  it('reads a relevance score on a fixed scale with no explanation as a classification, bounded: Haiku', () => {
    const text = '问题：“”\n材料：“”\n请仔细阅读以上内容，判断问题和材料的关联度，用0～10表示。非常相关得 10 分；完全没关联得 0 分。直接给出得分，不要解释。';
    const inf = inferTaskType(makeCall({ maxTokens: 1024, prompt: [part('user', text, 40, { dynamicSlots: 2 })] }));
    assert.equal(inf.taskType, 'classify_intent', inf.reasons.join('\n'));
    assert.equal(inf.questions.shortSchemaConstrainedOutput, true, JSON.stringify(inf.questionNotes));
    assert.equal(inf.recommendedTier, 'haiku', inf.upgradeReasons.join('\n'));
  });

  it('reads an intent classification and a summary in Chinese', () => {
    const intent = inferTaskType(makeCall({ prompt: [part('system', '你是一个文本专家，擅长意图识别。请阅读用户输入，以 json 格式给出句子的意图和主题。')] }));
    assert.equal(intent.taskType, 'classify_intent', intent.reasons.join('\n'));
    const summary = inferTaskType(makeCall({ maxTokens: 300, prompt: [part('system', '请用三句话总结下面的文章，保留其中的数字。')] }));
    assert.equal(summary.taskType, 'summarize_short', summary.reasons.join('\n'));
  });

  it('does not read a writing task into an instruction that forbids it', () => {
    const text = '请只纠正字幕中的错别字和同音字错误。不要润色、扩写、改写句意，不要增删信息。按编号返回 JSON。';
    const inf = inferTaskType(makeCall({ prompt: [part('user', text)] }));
    assert.notEqual(inf.taskType, 'draft_long_form', inf.reasons.join('\n'));
    assert.ok(!inf.reasons.some((r) => r.includes('asks for a piece of writing')), inf.reasons.join('\n'));
  });

  it('a rating asked with an explanation is not bounded by the scale alone', () => {
    const inf = inferTaskType(makeCall({ maxTokens: 1024, prompt: [part('user', 'Rate the answer from 0 to 10 and explain your reasoning in detail.')] }));
    assert.notEqual(inf.questions.shortSchemaConstrainedOutput, true, JSON.stringify(inf.questionNotes));
  });
});

describe('merging partial results', () => {
  it('reads combining the summaries of a long text\'s chunks as a synthesis, not a short summary', () => {
    const text = 'Combine these summaries into one coherent summary. Preserve the most important information while making it concise.\nOnly output the final summary.\n\nSummaries to combine:\n';
    const inf = inferTaskType(makeCall({ prompt: [part('user', text, 30, { dynamicSlots: 1 })] }));
    assert.equal(inf.taskType, 'synthesize_documents', inf.reasons.join('\n'));
    assert.equal(inf.recommendedTier, 'sonnet');
  });
});

describe('summaries that replace a conversation', () => {
  it('keeps a summary standing in for the conversation history on Sonnet, and a short page summary on Haiku', () => {
    const compaction = inferTaskType(
      makeCall({
        maxTokens: 300,
        prompt: [part('system', 'You are provided with a conversation history. Provide a short summary of the conversation, about 100 words. Records in the conversation may already be summarized.'), part('user', '', 12, { dynamicSlots: 1 })],
      }),
    );
    assert.equal(compaction.taskType, 'summarize_short', compaction.reasons.join('\n'));
    assert.equal(compaction.recommendedTier, 'sonnet');
    assert.equal(compaction.questions.cheapToRecover, false);
    assert.match(compaction.upgradeReasons.join('\n'), /replaces the conversation's history/);
    const page = inferTaskType(makeCall({ maxTokens: 300, prompt: [part('system', 'Summarize the web page below in three sentences for a link preview.'), part('user', '', 12, { dynamicSlots: 1 })] }));
    assert.equal(page.taskType, 'summarize_short');
    assert.equal(page.recommendedTier, 'haiku', page.upgradeReasons.join('\n'));
  });
});
