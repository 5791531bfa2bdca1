// Browser code of the compare panel. Prompt text comes from the workspace and output from the network, so every
// piece of it goes into the page through textContent / value — never as HTML.
import {
  missingFields,
  type ColumnStats,
  type CompareColumn,
  type CompareSummary,
  type GradeResult,
  type HostMessage,
  type PanelInput,
  type PanelState,
  type RunEstimate,
  type RunResult,
  type WebviewMessage,
} from '../shared/compareProtocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const COLUMNS: CompareColumn[] = ['haiku', 'sonnet'];
const TIER_NAME: Record<CompareColumn, string> = { haiku: 'Haiku tier', sonnet: 'Sonnet tier' };

let state: PanelState = JSON.parse(document.getElementById('tierwise-state')!.textContent ?? '{}') as PanelState;
let runId = 0;
let runCount = 1;
let running = false;
/** The latest summary of the current run compares completed answers: the verdict buttons may act on it. */
let verdict: CompareSummary | null = null;

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (text only)

type Attrs = Record<string, string | boolean | undefined>;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | null>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}
const icon = (name: string): HTMLElement => h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n === 0) return '$0';
  if (Math.abs(n) < 0.01) return `$${n.toPrecision(3)}`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
/** An upper bound in dollars, rounded up to the cent: "at most $0.06" for $0.0538, never a figure below the bound. */
function usdAtMost(n: number | null): string {
  return n === null || Math.abs(n) < 0.01 ? usd(n) : usd(Math.ceil(n * 100 - 1e-9) / 100);
}
function ms(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}
function ratio(n: number | null): string {
  return n === null || !Number.isFinite(n) ? '—' : `${n >= 10 ? n.toFixed(0) : n.toFixed(1)}×`;
}
const num = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : Math.round(n).toLocaleString('en-US'));

// ---------------------------------------------------------------------------------------------
// Layout

const app = byId<HTMLElement>('app');

function render(): void {
  app.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'Compare on Haiku vs Sonnet'),
      h('p', { class: 'origin' }, icon('symbol-method'), ' ', state.origin.label, state.origin.taskType ? ` · ${state.origin.taskType}` : ''),
      h('p', { class: 'muted' }, `Monthly figures at ${num(state.callsPerDay)} calls/day (${state.volumeSource}).`),
      currentLine(),
    ),
    banner(),
    promptEditor(),
    controls(),
    h('div', { class: 'columns' }, ...COLUMNS.map(column)),
    h('section', { id: 'summary', class: 'summary', 'aria-live': 'polite' }),
    h('section', { id: 'repeat', class: 'repeat', hidden: true }),
    h('section', { id: 'grade', class: 'grade', 'aria-live': 'polite', hidden: true }),
    h(
      'div',
      { class: 'choose' },
      h('button', { id: 'use-haiku', type: 'button', class: 'primary', disabled: true }),
      h('button', { id: 'keep-sonnet', type: 'button', class: 'secondary', disabled: true }),
      h('span', { class: 'muted', id: 'choose-hint' }),
    ),
  );
  byId('use-haiku').addEventListener('click', () => vscode.postMessage({ type: 'choose', tier: 'haiku' }));
  byId('keep-sonnet').addEventListener('click', () => vscode.postMessage({ type: 'choose', tier: 'sonnet' }));
  verdict = null;
  showVerdict();
  showEstimate(state.estimate);
  setRunning(false);
}

const TIER_SHORT: Record<CompareColumn, string> = { haiku: 'Haiku', sonnet: 'Sonnet' };

/** The call's model today, with the lens's monthly figure: what the verdict is worded against. */
function currentLine(): HTMLElement | null {
  const c = state.current;
  if (!c) return null;
  const model = c.model ?? `an unresolved model (${c.expression || 'no model argument'})`;
  const cost = c.monthlyUsd === null ? 'no price in the table for it' : `${usd(c.monthlyUsd)}/mo at ${num(state.callsPerDay)} calls/day (the lens's estimate)`;
  return h(
    'p',
    { class: 'current', id: 'current' },
    icon('pin'),
    ' Now on ',
    h('code', {}, model),
    c.tier ? ` — the ${TIER_SHORT[c.tier]} tier's model` : '',
    ' · ',
    h('span', { 'data-figure': 'current-lens' }, cost),
  );
}

/** "saves $781.50/mo", "costs $12.00/mo more", "same cost" — a tier's monthly change against the current model. */
function change(n: number | null): string {
  if (n === null) return 'change unknown';
  if (Math.abs(n) < 0.005) return 'same cost';
  return n < 0 ? `saves ${usd(-n)}/mo` : `costs ${usd(n)}/mo more`;
}

/**
 * The verdict buttons: enabled only on a summary that compares completed answers, and worded against the call's
 * current model ("Keep Haiku" only when Haiku is what the call uses; "Use Sonnet …" when it is on another model).
 */
function showVerdict(): void {
  const cur = state.current;
  for (const col of COLUMNS) {
    const b = byId<HTMLButtonElement>(col === 'haiku' ? 'use-haiku' : 'keep-sonnet');
    const isCurrent = cur?.tier === col;
    const verb = isCurrent ? `Keep ${TIER_SHORT[col]}` : cur || col === 'haiku' ? `Use ${TIER_SHORT[col]} for this call` : `Use ${TIER_SHORT[col]}`;
    const delta = verdict?.current && !isCurrent ? ` (${change(verdict.current.change[col])})` : '';
    b.replaceChildren(icon(isCurrent ? 'check' : col === 'haiku' ? 'arrow-down' : 'arrow-up'), ` ${verb}${delta}`);
    b.disabled = verdict === null || verdict.completedPairs === 0;
  }
  const what = state.canMoveToRegistry ? 'Edits the code: the call looks its model up in the task-type registry.' : 'Copies the model id to the clipboard.';
  byId('choose-hint').textContent = verdict && verdict.completedPairs > 0 ? what : 'Offered once both models have answered in full.';
}

function banner(): HTMLElement {
  const el = h('div', { id: 'banner', class: 'banner', role: 'status' });
  if (state.blocked === 'untrusted') {
    el.append(icon('shield'), ' This workspace is not trusted: Tierwise shows estimates here but does not call the API. Trust the workspace to run comparisons.');
  } else if (state.blocked === 'no-key') {
    const b = h('button', { id: 'set-key', type: 'button' }, icon('key'), ' Set API Key');
    b.addEventListener('click', () => vscode.postMessage({ type: 'setApiKey' }));
    el.append(icon('warning'), ' No Anthropic API key is set (SecretStorage or ANTHROPIC_API_KEY). ', b);
  } else {
    el.hidden = true;
  }
  return el;
}

function labelled(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('span', { class: 'muted hint' }, hint) : null);
}

function promptEditor(): HTMLElement {
  const p = state.input.prompt;
  const system = h('textarea', { rows: '3', spellcheck: 'false' });
  system.value = p.system;
  const messages = h('div', { id: 'messages', class: 'messages' });
  p.messages.forEach((m) => messages.append(messageRow(m.role, m.content)));
  const add = h('button', { type: 'button', class: 'secondary', id: 'add-message' }, icon('add'), ' Add message');
  add.addEventListener('click', () => {
    messages.append(messageRow('user', ''));
    changed();
  });
  const maxTokens = h('input', { type: 'number', min: '1', max: '128000', step: '1' });
  maxTokens.value = String(p.maxTokens);
  const temperature = h('input', { type: 'number', min: '0', max: '1', step: '0.1', placeholder: 'not set' });
  temperature.value = p.temperature === null ? '' : String(p.temperature);
  const fields = h('div', { id: 'fields', class: 'fields' });
  state.fieldNames.forEach((name, i) => {
    const input = h('textarea', { rows: '1', spellcheck: 'false', 'data-field': name, 'aria-describedby': `field-${i}-hint` });
    input.value = state.input.fields[name] ?? '';
    const empty = h('input', { type: 'checkbox', id: `field-${i}-empty`, 'data-send-empty': name });
    empty.checked = (state.input.sendEmpty ?? []).includes(name);
    const field = labelled(`field-${i}`, `\${${name}}`, input);
    field.append(
      h('div', { class: 'field check' }, empty, h('label', { for: `field-${i}-empty` }, 'Send empty')),
      h('span', { class: 'hint field-hint', id: `field-${i}-hint`, 'aria-live': 'polite' }),
    );
    fields.append(field);
  });
  const omitted = COLUMNS.filter((c) => state.omitted[c].length > 0).map((c) =>
    h('li', {}, `${state.models[c]} does not accept ${state.omitted[c].join(', ')}: left out for it.`),
  );
  const notes = [...state.notes.map((n) => h('li', {}, n)), ...omitted];
  const details = h(
    'details',
    { class: 'prompt', open: true },
    h('summary', {}, 'Prompt'),
    labelled('system', 'System prompt', system),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'Messages'), messages, add),
    state.fieldNames.length ? h('fieldset', {}, h('legend', {}, 'Run-time values'), fields) : null,
    h('div', { class: 'row' }, labelled('max-tokens', 'max_tokens', maxTokens), labelled('temperature', 'temperature', temperature)),
    p.tools.length ? h('p', { class: 'muted' }, `${p.tools.length} tool definition(s) sent: ${p.tools.map((t) => t.name).join(', ')}.`) : null,
    notes.length ? h('ul', { class: 'notes' }, ...notes) : null,
  );
  details.addEventListener('input', changed);
  return details;
}

function messageRow(role: 'user' | 'assistant', content: string): HTMLElement {
  const n = document.querySelectorAll('.message').length + 1;
  const select = h('select', { 'aria-label': `Role of message ${n}`, class: 'role' }, h('option', { value: 'user' }, 'user'), h('option', { value: 'assistant' }, 'assistant'));
  select.value = role;
  const text = h('textarea', { rows: '4', spellcheck: 'false', 'aria-label': `Message ${n}`, class: 'content' });
  text.value = content;
  const remove = h('button', { type: 'button', class: 'icon', title: 'Remove message', 'aria-label': `Remove message ${n}` }, icon('trash'));
  const row = h('div', { class: 'message' }, select, text, remove);
  remove.addEventListener('click', () => {
    row.remove();
    changed();
  });
  return row;
}

function controls(): HTMLElement {
  const runs = h('input', { type: 'number', min: '1', max: String(state.maxRuns), step: '1', value: '1' });
  const grade = h('input', { type: 'checkbox', id: 'grade-on' });
  const rubric = h('textarea', { rows: '3', spellcheck: 'false' });
  rubric.value = state.rubric;
  const run = h('button', { type: 'button', id: 'run', class: 'primary' }, icon('play'), ' Run');
  const cancel = h('button', { type: 'button', id: 'cancel', class: 'secondary' }, icon('debug-stop'), ' Cancel');
  run.addEventListener('click', startRun);
  cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  const el = h(
    'section',
    { class: 'controls' },
    h(
      'div',
      { class: 'row' },
      labelled('runs', 'Run N times', runs, `1–${state.maxRuns}`),
      h('div', { class: 'field check' }, grade, h('label', { for: 'grade-on' }, `Grade Haiku's answer with ${state.models.grader}`)),
    ),
    h('details', { class: 'rubric' }, h('summary', {}, 'Grading rubric'), labelled('rubric-text', 'Rubric (editable)', rubric)),
    h('p', { id: 'estimate', class: 'estimate', 'aria-live': 'polite' }),
    h('div', { class: 'row buttons' }, run, cancel, h('span', { class: 'muted' }, 'Ctrl+Enter runs · Escape cancels')),
    h('p', { id: 'run-blocked', class: 'run-blocked', 'aria-live': 'polite', hidden: true }),
  );
  el.addEventListener('input', changed);
  return el;
}

function column(col: CompareColumn): HTMLElement {
  return h(
    'section',
    { class: `column ${col}`, id: `col-${col}`, 'aria-labelledby': `col-${col}-title` },
    h('h2', { id: `col-${col}-title` }, TIER_NAME[col], ' ', h('code', {}, state.models[col])),
    h('p', { class: 'status muted', id: `status-${col}`, 'aria-live': 'polite' }, 'Not run yet.'),
    h('pre', { class: 'output', id: `out-${col}`, tabindex: '0', 'aria-label': `${TIER_NAME[col]} output` }),
    h('div', { class: 'error', id: `err-${col}`, role: 'alert', hidden: true }),
    h('dl', { class: 'figures', id: `fig-${col}` }),
  );
}

// ---------------------------------------------------------------------------------------------
// Reading the form

function readInput(): PanelInput {
  const messages = [...document.querySelectorAll<HTMLElement>('.message')].map((row) => ({
    role: (row.querySelector<HTMLSelectElement>('select.role')!.value === 'assistant' ? 'assistant' : 'user') as 'user' | 'assistant',
    content: row.querySelector<HTMLTextAreaElement>('textarea.content')!.value,
  }));
  const fields: Record<string, string> = {};
  document.querySelectorAll<HTMLTextAreaElement>('textarea[data-field]').forEach((i) => (fields[i.dataset.field!] = i.value));
  const sendEmpty = [...document.querySelectorAll<HTMLInputElement>('input[data-send-empty]')].filter((c) => c.checked).map((c) => c.dataset.sendEmpty!);
  const maxTokens = Math.min(128_000, Math.max(1, Math.floor(Number(byId<HTMLInputElement>('max-tokens').value) || 1)));
  const t = byId<HTMLInputElement>('temperature').value.trim();
  const temperature = t === '' || !Number.isFinite(Number(t)) ? null : Math.min(1, Math.max(0, Number(t)));
  return { prompt: { system: byId<HTMLTextAreaElement>('system').value, messages, tools: state.input.prompt.tools, maxTokens, temperature }, fields, sendEmpty };
}
const readRuns = (): number => Math.min(state.maxRuns, Math.max(1, Math.floor(Number(byId<HTMLInputElement>('runs').value) || 1)));
const readGrade = (): boolean => byId<HTMLInputElement>('grade-on').checked;

let estimateTimer: ReturnType<typeof setTimeout> | undefined;
function changed(): void {
  updateRunState();
  clearTimeout(estimateTimer);
  estimateTimer = setTimeout(() => {
    const input = readInput();
    vscode.postMessage({ type: 'estimate', input, runs: readRuns(), grade: readGrade() });
  }, 300);
}

function startRun(): void {
  if (running || state.blocked || missingFields(readInput(), state.fieldNames).length > 0) return;
  vscode.postMessage({ type: 'run', input: readInput(), runs: readRuns(), grade: readGrade(), rubric: byId<HTMLTextAreaElement>('rubric-text').value });
}

// ---------------------------------------------------------------------------------------------
// Showing results

function showEstimate(e: RunEstimate | null): void {
  const el = byId('estimate');
  if (!e) {
    el.textContent = 'Estimating the cost of a run…';
    return;
  }
  const what = `${e.runs} run${e.runs === 1 ? '' : 's'}${e.grade ? ' + grading' : ''}`;
  el.textContent =
    `Estimated cost of ${what}: at most ${usdAtMost(e.usd)} (input ${num(e.inputTokens.haiku)} / ${num(e.inputTokens.sonnet)} tokens by ${e.source}, output at max_tokens)` +
    (e.needsConfirm ? ` — above ${usd(state.confirmAboveUsd)}, you will be asked to confirm.` : '.');
}

function setRunning(on: boolean): void {
  running = on;
  byId<HTMLButtonElement>('cancel').disabled = !on;
  document.body.classList.toggle('running', on);
  updateRunState();
}

/** Run is off while running, blocked, or while a run-time value is empty and not marked "send empty"; each field says which. */
function updateRunState(): void {
  const missing = missingFields(readInput(), state.fieldNames);
  const run = byId<HTMLButtonElement>('run');
  run.disabled = running || state.blocked !== null || missing.length > 0;
  run.title =
    state.blocked === 'untrusted' ? 'Not available in an untrusted workspace' : state.blocked === 'no-key' ? 'Set an API key first' : missing.length ? 'Fill in the run-time values first' : '';
  const blocked = byId('run-blocked');
  blocked.hidden = missing.length === 0;
  blocked.textContent = missing.length
    ? `Fill in ${missing.map((m) => `\${${m}}`).join(', ')} to run — or tick “Send empty” to send ${missing.length === 1 ? 'it' : 'them'} as empty text.`
    : '';
  document.querySelectorAll<HTMLTextAreaElement>('textarea[data-field]').forEach((input) => {
    const name = input.dataset.field!;
    const empty = input.value === '';
    const sendEmpty = document.querySelector<HTMLInputElement>(`input[data-send-empty="${CSS.escape(name)}"]`)?.checked ?? false;
    const hint = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    if (hint) hint.textContent = !empty ? '' : sendEmpty ? 'Will be sent as empty text.' : 'Required: fill it in, or tick “Send empty”.';
    input.setAttribute('aria-invalid', String(empty && !sendEmpty));
  });
}

function resetColumns(): void {
  for (const col of COLUMNS) {
    byId(`out-${col}`).replaceChildren();
    byId(`err-${col}`).hidden = true;
    byId(`fig-${col}`).replaceChildren();
    byId(`status-${col}`).textContent = 'Waiting for the first token…';
    byId(`col-${col}`).classList.remove('failed', 'done');
  }
}

function figure(dl: HTMLElement, term: string, value: string, key: string): void {
  dl.append(h('dt', {}, term), h('dd', { 'data-figure': key }, value));
}

function showResult(col: CompareColumn, r: RunResult): void {
  const dl = byId(`fig-${col}`);
  dl.replaceChildren();
  figure(dl, 'Time to first token', ms(r.ttftMs), 'ttft');
  figure(dl, 'Total latency', ms(r.latencyMs), 'latency');
  figure(dl, 'Input tokens', num(r.usage?.input), 'input');
  figure(dl, 'Output tokens', num(r.usage?.output), 'output');
  figure(dl, 'Cache read / write', r.usage ? `${num(r.usage.cacheRead)} / ${num(r.usage.cacheWrite)}` : '—', 'cache');
  figure(dl, 'Cost of this call', usd(r.costUsd), 'cost');
  figure(dl, `Monthly at ${num(state.callsPerDay)}/day`, usd(r.costUsd === null ? null : r.costUsd * state.callsPerDay * 30), 'monthly');
  const status = byId(`status-${col}`);
  const colEl = byId(`col-${col}`);
  if (r.error) {
    const err = byId(`err-${col}`);
    err.replaceChildren(icon(r.error.kind === 'cancelled' ? 'circle-slash' : 'error'), ' ', r.error.message);
    if (r.error.kind === 'auth') {
      const b = h('button', { type: 'button', class: 'secondary' }, icon('key'), ' Set API Key');
      b.addEventListener('click', () => vscode.postMessage({ type: 'setApiKey' }));
      err.append(' ', b);
    }
    err.hidden = false;
    status.textContent = r.error.kind === 'cancelled' ? 'Cancelled.' : 'Failed.';
    colEl.classList.add('failed');
  } else {
    status.textContent = `Done${r.stopReason && r.stopReason !== 'end_turn' ? ` (stop reason: ${r.stopReason})` : ''}.`;
    colEl.classList.add('done');
  }
}

function showSummary(s: CompareSummary, label: string): void {
  const el = byId('summary');
  const failed = COLUMNS.filter((c) => s.failures[c].length > 0).map((c) => `${TIER_NAME[c]}: ${s.failures[c].join('; ')}`);
  if (s.completedPairs === 0) {
    // Nothing completed on both sides: say what failed; no ratio, no saving, no verdict.
    const cancelled = COLUMNS.every((c) => s.failures[c].every((f) => /cancelled$/.test(f)));
    el.replaceChildren(
      h('strong', {}, label),
      ' ',
      h('span', { 'data-figure': 'incomplete' }, cancelled ? 'Cancelled before both models finished: nothing to compare.' : `Nothing to compare — ${failed.join(' · ')}.`),
      cancelled ? '' : ' Run again once both models can answer.',
    );
    return;
  }
  const parts: Array<Node | string> = [
    h('strong', {}, label),
    ' Sonnet costs ',
    h('span', { 'data-figure': 'cost-ratio' }, ratio(s.costRatio)),
    ' as much as Haiku and takes ',
    h('span', { 'data-figure': 'latency-ratio' }, ratio(s.latencyRatio)),
    ' as long.',
  ];
  const cur = s.current;
  if (cur) {
    parts.push(
      ' Now on ',
      h('code', {}, cur.model),
      ': ',
      h('span', { 'data-figure': 'current-monthly' }, usd(cur.monthly)),
      ` a month at ${num(s.callsPerDay)} calls/day with these tokens. Haiku tier ${usd(s.monthly.haiku)} (`,
      h('span', { 'data-figure': 'change-haiku' }, state.current?.tier === 'haiku' ? 'the current model' : change(cur.change.haiku)),
      `), Sonnet tier ${usd(s.monthly.sonnet)} (`,
      h('span', { 'data-figure': 'change-sonnet' }, state.current?.tier === 'sonnet' ? 'the current model' : change(cur.change.sonnet)),
      ').',
    );
  } else {
    parts.push(
      ' Moving this call to Haiku saves ',
      h('span', { 'data-figure': 'saving' }, usd(s.monthly.saving)),
      ` a month at ${num(s.callsPerDay)} calls/day (${usd(s.monthly.sonnet)} → ${usd(s.monthly.haiku)}).`,
    );
  }
  if (failed.length) parts.push(` Compared over the ${s.completedPairs} of ${s.runs} runs where both models finished — ${failed.join(' · ')}.`);
  el.replaceChildren(...parts);
}

function showStats(stats: Record<CompareColumn, ColumnStats>): void {
  const el = byId('repeat');
  const row = (label: string, f: (s: ColumnStats) => string): HTMLElement => h('tr', {}, h('th', { scope: 'row' }, label), ...COLUMNS.map((c) => h('td', {}, f(stats[c]))));
  el.replaceChildren(
    h('h2', {}, `Over ${stats.haiku.runs} runs`),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', {}, ''), ...COLUMNS.map((c) => h('th', { scope: 'col' }, TIER_NAME[c])))),
      h(
        'tbody',
        {},
        row('Latency p50', (s) => ms(s.latencyP50Ms)),
        row('Latency p95', (s) => ms(s.latencyP95Ms)),
        row('Time to first token p50', (s) => ms(s.ttftP50Ms)),
        row('Mean cost per call', (s) => usd(s.meanCostUsd)),
        row('Distinct outputs', (s) => `${s.distinctOutputs} of ${s.runs - s.failures}`),
        row('Variation between runs', (s) => (s.variation === null ? '—' : `${Math.round(s.variation * 100)}% of words differ`)),
        row('Failed runs', (s) => String(s.failures)),
      ),
    ),
  );
  el.hidden = false;
}

function showGrade(g: GradeResult | null, graderModel?: string): void {
  const el = byId('grade');
  el.hidden = false;
  if (!g) {
    el.replaceChildren(icon('loading'), ` Grading with ${graderModel ?? ''}…`);
    return;
  }
  const verdict = g.verdict === 'haiku-ok' ? 'Haiku does the job as well' : g.verdict === 'keep-sonnet' ? 'Keep Sonnet' : 'Unclear';
  el.replaceChildren(
    h('h2', {}, `Grader (${g.graderModel})`),
    h('p', { class: `verdict ${g.verdict}` }, icon(g.verdict === 'haiku-ok' ? 'pass' : g.verdict === 'keep-sonnet' ? 'warning' : 'question'), ' ', h('strong', {}, verdict), ' — ', g.reason),
  );
}

function notice(level: 'info' | 'warning' | 'error', message: string): void {
  const el = byId('banner');
  el.hidden = false;
  el.className = `banner ${level}`;
  el.replaceChildren(icon(level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info'), ' ', message);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'state':
      state = m.state;
      render();
      break;
    case 'estimate':
      state.estimate = m.estimate;
      showEstimate(m.estimate);
      break;
    case 'runStarted':
      runId = m.runId;
      runCount = m.runs;
      document.body.dataset.runId = String(m.runId);
      resetColumns();
      byId('summary').replaceChildren();
      byId('repeat').hidden = true;
      byId('grade').hidden = true;
      if (!state.blocked) byId('banner').hidden = true;
      verdict = null;
      showVerdict();
      setRunning(true);
      // The prompt editor fills the first screen: bring the columns into view as they start streaming.
      byId('col-haiku').scrollIntoView({ block: 'nearest' });
      break;
    case 'pairStarted':
      if (m.runId !== runId) return;
      if (m.index > 0) resetColumns();
      for (const col of COLUMNS) byId(`status-${col}`).textContent = `Run ${m.index + 1}: waiting for the first token…`;
      break;
    case 'text':
      if (m.runId !== runId) return;
      byId(`out-${m.column}`).append(m.chunk);
      byId(`status-${m.column}`).textContent = 'Streaming…';
      break;
    case 'columnDone':
      if (m.runId === runId) showResult(m.column, m.result);
      break;
    case 'pairDone':
      if (m.runId !== runId) return;
      showSummary(m.summary, `Run ${m.index + 1}:`);
      // Over N runs the verdict waits for the summary of them all (repeatStats).
      if (runCount === 1) {
        verdict = m.summary;
        showVerdict();
      }
      break;
    case 'repeatStats':
      if (m.runId !== runId) return;
      showStats(m.stats);
      showSummary(m.summary, `Over ${m.stats.haiku.runs} runs (mean cost, p50 latency):`);
      verdict = m.summary;
      showVerdict();
      break;
    case 'gradeStarted':
      if (m.runId === runId) showGrade(null, m.graderModel);
      break;
    case 'grade':
      if (m.runId === runId) showGrade(m.result);
      break;
    case 'finished':
      if (m.runId !== runId) return;
      setRunning(false);
      // Lets tests (and assistive tools) tell which run the figures belong to.
      document.body.dataset.finishedRun = String(m.runId);
      break;
    case 'notice':
      notice(m.level, m.message);
      break;
  }
});

document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    startRun();
  } else if (e.key === 'Escape' && running) {
    e.preventDefault();
    vscode.postMessage({ type: 'cancel' });
  }
});

render();
vscode.postMessage({ type: 'ready' });
