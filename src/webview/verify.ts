// Browser code of the Verification panel. Dataset values come from the workspace and answers from the network, so
// every piece of them goes into the page through textContent / value — never as HTML. Controls the user edits are
// drawn once and only updated while they do not have focus, so a state message never steals the caret.
import { formatInterval, formatPercent } from '../core/verify/decide';
import type { DatasetProblem, GradingMode, RunSettings, VerifyHostMessage, VerifyPanelState, VerifyProgress, VerifyReport, VerifyWebviewMessage } from '../shared/verifyProtocol';

interface VsCodeApi {
  postMessage(message: VerifyWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state = JSON.parse(document.getElementById('tierwise-verify-state')!.textContent ?? '{}') as VerifyPanelState;

// ---------------------------------------------------------------------------------------------
// DOM helpers (text only)

type Attrs = Record<string, string | boolean | undefined>;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | null | undefined>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}
const SVG = 'http://www.w3.org/2000/svg';
function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: Array<Node | string>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}
const icon = (name: string): HTMLElement => h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const post = (m: VerifyWebviewMessage): void => vscode.postMessage(m);

function usd(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n === 0) return '$0';
  if (Math.abs(n) < 0.01) return `$${n.toPrecision(2)}`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
const ms = (n: number | null): string => (n === null ? '—' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------
// Layout (drawn once)

const MODES: Array<{ mode: GradingMode; label: string; hint: string }> = [
  { mode: 'label', label: 'Exact label', hint: 'Classification: the same label as the reference (case, quotes and a full stop do not count).' },
  { mode: 'json', label: 'JSON fields', hint: 'Extraction: valid JSON (against the schema, when given), every field equal to the reference.' },
  { mode: 'rubric', label: 'Grader model', hint: 'Free text: a grader model passes or fails each answer against the rubric, with a reason.' },
];

function render(): void {
  const app = byId('app');
  app.replaceChildren(
    h('header', { class: 'top' }, h('h1', {}, 'Verify before moving to Haiku'), h('p', { class: 'origin', id: 'origin' }), h('p', { class: 'muted', id: 'now-on' })),
    h('div', { id: 'banner', class: 'banner', role: 'status', hidden: true }),
    datasetSection(),
    gradingSection(),
    runSection(),
    h('section', { id: 'report', class: 'report', 'aria-labelledby': 'report-title', hidden: true }),
  );
  update();
}

function section(id: string, title: string, ...children: HTMLElement[]): HTMLElement {
  return h('section', { id, class: 'step', 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...children);
}

function button(id: string, label: string, iconName: string | null, cls = 'secondary', onClick?: () => void): HTMLButtonElement {
  const b = h('button', { id, type: 'button', class: cls }, iconName ? icon(iconName) : null, iconName ? ` ${label}` : label);
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

function datasetSection(): HTMLElement {
  const select = h('select', { id: 'dataset-file', 'aria-describedby': 'dataset-summary' });
  select.addEventListener('change', () => {
    if (select.value) post({ type: 'pickDataset', file: select.value });
  });
  return section(
    'dataset',
    '1. Dataset',
    h('p', { class: 'muted', id: 'keys-hint' }),
    h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: 'dataset-file' }, 'Dataset file (JSONL)'), select)),
    h(
      'div',
      { class: 'row buttons' },
      button('browse', 'Browse…', 'folder-opened', 'secondary', () => post({ type: 'browseDataset' })),
      button('reload', 'Reload', 'refresh', 'secondary', () => post({ type: 'reloadDataset' })),
      button('template', 'Write template', 'new-file', 'secondary', () => post({ type: 'writeTemplate' })),
      button('from-compare', 'From past comparisons', 'history', 'secondary', () => post({ type: 'datasetFromCompare' })),
      button('from-otel', 'From OpenTelemetry export…', 'pulse', 'secondary', () => post({ type: 'datasetFromOtlp' })),
    ),
    h('p', { id: 'dataset-summary', 'aria-live': 'polite' }),
    h('ul', { id: 'dataset-problems', class: 'problems' }),
    h('details', { id: 'what-is-sent' }, h('summary', {}, 'What is sent: the first input\'s request'), h('div', { id: 'preview' })),
  );
}

function gradingSection(): HTMLElement {
  const fs = h('fieldset', { id: 'modes' }, h('legend', {}, 'How Haiku\'s answers are graded'));
  for (const m of MODES) {
    const input = h('input', { type: 'radio', name: 'mode', id: `mode-${m.mode}`, value: m.mode, 'aria-describedby': `mode-${m.mode}-hint` });
    input.addEventListener('change', () => settingsChanged());
    fs.append(h('div', { class: 'field check' }, input, h('label', { for: `mode-${m.mode}` }, m.label, h('span', { class: 'suggested', id: `mode-${m.mode}-suggested` })), h('span', { class: 'muted hint', id: `mode-${m.mode}-hint` }, m.hint)));
  }
  const rubric = h('textarea', { id: 'rubric', rows: '3', spellcheck: 'true', maxlength: '4000' });
  const schema = h('textarea', { id: 'schema', rows: '6', spellcheck: 'false', maxlength: '100000', placeholder: '{ "type": "object", … } (empty: any JSON)' });
  const threshold = h('input', { id: 'threshold', type: 'number', min: '0.1', max: '50', step: '0.1', 'aria-describedby': 'threshold-hint' });
  const batches = h('input', { id: 'use-batches', type: 'checkbox', 'aria-describedby': 'batches-hint' });
  for (const el of [rubric, schema, threshold]) el.addEventListener('input', () => settingsChanged(true));
  batches.addEventListener('change', () => settingsChanged());
  return section(
    'grading',
    '2. Grading and decision',
    fs,
    h('div', { class: 'field', id: 'rubric-field' }, h('label', { for: 'rubric' }, 'Rubric for the grader'), rubric, h('span', { class: 'muted hint', id: 'grader-hint' })),
    h('div', { class: 'field', id: 'schema-field' }, h('label', { for: 'schema' }, 'JSON Schema the answer must satisfy'), schema),
    h(
      'div',
      { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'threshold' }, 'Threshold (%)'), threshold, h('span', { class: 'muted hint', id: 'threshold-hint' }, 'Move when Haiku\'s error rate is below this; the routing guide says 5–8%.')),
      h('div', { class: 'field check' }, batches, h('label', { for: 'use-batches' }, 'Message Batches API (50% off)'), h('span', { class: 'muted hint', id: 'batches-hint' }, 'Results within 24 hours, usually minutes; a window reload resumes the batch. Off: direct requests at the full price.')),
    ),
  );
}

function runSection(): HTMLElement {
  const progress = h('progress', { id: 'progress-bar', max: '1', value: '0', 'aria-labelledby': 'progress-text' });
  return section(
    'run',
    '3. Run',
    h('p', { id: 'estimate', 'aria-live': 'polite' }),
    h('div', { id: 'resume', class: 'banner info', hidden: true }),
    h(
      'div',
      { class: 'row buttons' },
      button('run-button', 'Run…', 'play', 'primary', () => startRun()),
      button('cancel', 'Cancel', 'debug-stop', 'secondary', () => post({ type: 'cancel' })),
      h('span', { class: 'muted', id: 'run-hint' }),
    ),
    h('div', { id: 'progress', class: 'progress', hidden: true }, progress, h('p', { id: 'progress-text', 'aria-live': 'polite' })),
  );
}

// ---------------------------------------------------------------------------------------------
// Settings

let settingsTimer: ReturnType<typeof setTimeout> | undefined;

function currentSettings(): RunSettings {
  const mode = (document.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value ?? state.grading.mode) as GradingMode;
  const pct = Number(byId<HTMLInputElement>('threshold').value);
  return {
    mode,
    rubric: byId<HTMLTextAreaElement>('rubric').value,
    schemaText: byId<HTMLTextAreaElement>('schema').value,
    threshold: Number.isFinite(pct) && pct > 0 && pct < 100 ? pct / 100 : state.threshold,
    useBatches: byId<HTMLInputElement>('use-batches').checked,
  };
}

function settingsChanged(debounce = false): void {
  const send = (): void => {
    const st = currentSettings();
    state.grading = { ...state.grading, mode: st.mode, rubric: st.rubric, schemaText: st.schemaText };
    state.threshold = st.threshold;
    state.useBatches = st.useBatches;
    showGradingFields();
    post({ type: 'settings', settings: st });
  };
  clearTimeout(settingsTimer);
  if (debounce) settingsTimer = setTimeout(send, 300);
  else send();
}

function startRun(): void {
  const b = byId<HTMLButtonElement>('run-button');
  if (b.disabled) return;
  clearTimeout(settingsTimer);
  post({ type: 'run', settings: currentSettings() });
}

/** Sets a control's value from the state unless the user is in it. */
function setValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  if (document.activeElement !== el && el.value !== value) el.value = value;
}

function showGradingFields(): void {
  byId('rubric-field').hidden = state.grading.mode !== 'rubric';
  byId('schema-field').hidden = state.grading.mode !== 'json';
}

// ---------------------------------------------------------------------------------------------
// Updating from the state

function update(): void {
  const st = state;
  byId('origin').replaceChildren(icon('symbol-method'), ' ', st.site.label, ' · task type ', h('code', {}, st.site.taskKey));
  byId('now-on').textContent = `Now on ${st.site.currentModel ?? 'an unresolved model'}${st.site.onRegistry ? ' (from the registry)' : ''}. Haiku tier: ${st.models.haiku} · Sonnet tier: ${st.models.sonnet}.`;
  banner();
  // Dataset
  byId('keys-hint').textContent = st.fields.length
    ? `One JSON object per line with the keys ${st.fields.map((f) => `"${f}"`).join(', ')} (the prompt's run-time fields), "$expected" for the right answer (optional), "$id" (optional).`
    : 'This prompt has no run-time fields: every line is {} (with "$expected" if you have one). Every call sends the same prompt.';
  const select = byId<HTMLSelectElement>('dataset-file');
  const files = st.dataset && !st.datasets.includes(st.dataset.file) ? [st.dataset.file, ...st.datasets] : st.datasets;
  select.replaceChildren(h('option', { value: '' }, files.length ? 'Choose a dataset…' : 'No .jsonl file in the workspace yet'), ...files.map((f) => h('option', { value: f }, f)));
  select.value = st.dataset?.file ?? '';
  const d = st.dataset;
  const summary = byId('dataset-summary');
  if (!d) summary.replaceChildren('No dataset yet: pick a file, write a template, or start from past comparisons or an OpenTelemetry export.');
  else
    summary.replaceChildren(
      icon(d.problems.length ? 'error' : 'pass'),
      ' ',
      h('strong', {}, d.problems.length ? `${plural(d.problems.length, 'problem')} in ${d.file}` : `${plural(d.n, 'input')} in ${d.file}`),
      ` · ${d.withExpected} with $expected · ${d.hash.slice(0, 19)}…`,
    );
  const list = byId('dataset-problems');
  list.replaceChildren(...(d ? [...d.problems.map((p) => problemItem(p, 'error')), ...d.warnings.map((p) => problemItem(p, 'warning'))] : []));
  const preview = byId('preview');
  preview.replaceChildren(
    ...(d?.preview
      ? [
          h('p', { class: 'muted' }, `To ${st.host}, on ${st.models.haiku} and on ${st.models.sonnet}; every line the same way:`),
          ...(d.preview.system ? [h('div', { class: 'label' }, 'system'), h('pre', { class: 'output' }, d.preview.system)] : []),
          ...d.preview.messages.flatMap((m) => [h('div', { class: 'label' }, m.role), h('pre', { class: 'output' }, m.content)]),
        ]
      : [h('p', { class: 'muted' }, 'Nothing yet: the request appears once a dataset is loaded.')]),
  );
  // Grading controls (without disturbing the one being edited)
  for (const m of MODES) {
    const input = byId<HTMLInputElement>(`mode-${m.mode}`);
    if (document.activeElement !== input) input.checked = st.grading.mode === m.mode;
    byId(`mode-${m.mode}-suggested`).textContent = st.grading.suggested === m.mode ? ' (suggested for this task type)' : '';
  }
  setValue(byId<HTMLTextAreaElement>('rubric'), st.grading.rubric);
  setValue(byId<HTMLTextAreaElement>('schema'), st.grading.schemaText);
  setValue(byId<HTMLInputElement>('threshold'), String(Math.round(st.threshold * 1000) / 10));
  const batches = byId<HTMLInputElement>('use-batches');
  if (document.activeElement !== batches) batches.checked = st.useBatches;
  byId('grader-hint').textContent = `Graded by ${st.models.grader} (tierwise.verify.graderModel; default the Haiku tier). The reference is the line's $expected, else Sonnet's answer.`;
  showGradingFields();
  showEstimate();
  showResume();
  setRunning(st.running);
  if (st.progress && st.running) showProgress(st.progress);
  showReport(st.report);
}

function problemItem(p: DatasetProblem, level: 'error' | 'warning'): HTMLElement {
  const li = h('li', { class: level });
  li.append(icon(level === 'error' ? 'error' : 'warning'), ' ');
  if (p.line > 0) {
    const go = h('button', { type: 'button', class: 'link', title: 'Open the dataset at this line' }, `Line ${p.line}`);
    go.addEventListener('click', () => post({ type: 'openDatasetLine', line: p.line }));
    li.append(go, ': ');
  }
  li.append(p.message);
  return li;
}

function banner(): void {
  const el = byId('banner');
  if (!state.blocked) {
    if (el.dataset.kind === 'blocked') el.hidden = true;
    return;
  }
  el.dataset.kind = 'blocked';
  el.className = 'banner';
  el.hidden = false;
  el.replaceChildren(icon(state.blocked === 'untrusted' ? 'shield' : 'warning'), ' ', state.blockedMessage ?? '', ' Nothing is sent.');
  if (state.blocked === 'no-key') el.append(' ', button('set-key', 'Set API Key', 'key', 'primary', () => post({ type: 'setApiKey' })));
}

function showEstimate(): void {
  const e = state.estimate;
  const el = byId('estimate');
  if (!e) {
    el.textContent = state.dataset ? 'Fix the dataset to see what the run sends and costs.' : 'Pick a dataset to see what the run sends and costs.';
    return;
  }
  const bound = state.useBatches ? e.usd.batch : e.usd.direct;
  const sends = [`${plural(e.requests.answers, 'request')} (${plural(e.n, 'input')} × 2 tiers${state.useBatches ? ', one Message Batch' : ''})`];
  if (e.requests.latency) sends.push(`${e.requests.latency} timed direct requests`);
  if (e.requests.grades) sends.push(`${e.requests.grades} grading requests`);
  el.replaceChildren(
    icon('cloud-upload'),
    ' Sends ',
    sends.join(' + '),
    ` to ${state.host}. `,
    h('strong', { id: 'estimate-usd' }, `At most ${usd(bound)}`),
    ` (${e.source}${e.source === 'count_tokens' ? ` on ${e.sampled} inputs × ${e.n}` : ''}; every answer at max_tokens${state.useBatches ? `; ${usd(e.usd.direct)} without batches` : ''}).`,
  );
}

function showResume(): void {
  const el = byId('resume');
  const r = state.resumable;
  el.hidden = !r || state.running;
  if (!r) return;
  el.replaceChildren(
    icon('history'),
    ` A batch of this call (${plural(r.n, 'input')}, started ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC) was still running when the window closed. `,
    button('resume-button', 'Resume', 'debug-continue', 'primary', () => post({ type: 'resume' })),
    ' ',
    button('discard', 'Discard', 'trash', 'secondary', () => post({ type: 'discard' })),
  );
}

function setRunning(running: boolean): void {
  document.body.dataset.running = running ? 'true' : 'false';
  const run = byId<HTMLButtonElement>('run-button');
  const why = state.blocked ? 'Blocked: see the message above' : !state.dataset ? 'Pick a dataset first' : state.dataset.problems.length ? 'Fix the dataset\'s problems first' : running ? 'A run is in progress' : '';
  run.disabled = running || why !== '';
  run.title = why || 'Counts tokens on a sample, then asks you to confirm the cost (Ctrl+Enter)';
  byId('run-hint').textContent = why ? why : 'Run… counts the tokens of 5 sample inputs (free), then shows the cost and asks before anything is charged.';
  const cancel = byId<HTMLButtonElement>('cancel');
  cancel.disabled = !running;
  cancel.hidden = !running;
  byId('progress').hidden = !running;
  for (const id of ['browse', 'reload', 'template', 'from-compare', 'from-otel', 'dataset-file']) byId<HTMLButtonElement>(id).disabled = running;
}

function showProgress(p: VerifyProgress): void {
  byId('progress').hidden = false;
  const bar = byId<HTMLProgressElement>('progress-bar');
  if (p.total > 0) {
    bar.max = p.total;
    bar.value = p.done;
  } else bar.removeAttribute('value'); // indeterminate
  byId('progress-text').textContent = p.message;
}

// ---------------------------------------------------------------------------------------------
// The report

const DECISION: Record<VerifyReport['decision'], { title: string; icon: string }> = {
  move: { title: 'Below the threshold: move to Haiku', icon: 'pass' },
  keep: { title: 'Not below the threshold: keep on Sonnet', icon: 'warning' },
  'too-few': { title: 'No decision: too few graded inputs', icon: 'question' },
};

let shownReport: VerifyReport | null = null;

function showReport(r: VerifyReport | null): void {
  const el = byId('report');
  document.body.dataset.decision = r?.decision ?? '';
  if (!r) {
    el.hidden = true;
    el.replaceChildren();
    shownReport = null;
    return;
  }
  el.hidden = false;
  // Redraw the (possibly long) report only when it is a new one; the buttons follow the state.
  if (shownReport !== r && JSON.stringify(shownReport) !== JSON.stringify(r)) {
    shownReport = r;
    const parts: Array<HTMLElement | null> = [
      h('h2', { id: 'report-title' }, '4. Report'),
      h('div', { id: 'decision', class: `decision ${r.decision}`, role: 'status' }, h('p', {}, icon(DECISION[r.decision].icon), ' ', h('strong', {}, DECISION[r.decision].title)), h('p', {}, r.decisionText)),
      h('div', { class: 'row buttons', id: 'decide-buttons' }),
      figures(r),
      intervalChart(r),
      disagreements(r),
      failures(r),
      allItems(r),
      r.notes.length ? h('ul', { class: 'notes', id: 'notes' }, ...r.notes.map((n) => h('li', {}, n))) : null,
    ];
    el.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    // A new report is what the run was for: bring it into view (not on every state message).
    el.scrollIntoView({ block: 'start' });
  }
  const buttons = byId('decide-buttons');
  const applied = state.applied;
  const move = button('move', applied === 'moved' ? 'Moved to Haiku' : `Move ${r.site.taskKey} to Haiku`, applied === 'moved' ? 'check' : 'arrow-down', 'primary', () => post({ type: 'move' }));
  move.disabled = r.decision !== 'move' || applied !== null || state.running;
  move.title = r.decision !== 'move' ? 'Offered when the error rate is below the threshold' : 'Moves the task type to the Haiku model verified (one undoable edit) and records the verification in .tierwise.json';
  const keep = button('keep', applied === 'kept' ? 'Kept on Sonnet' : 'Keep on Sonnet', applied === 'kept' ? 'check' : 'circle-slash', r.decision === 'move' ? 'secondary' : 'primary', () => post({ type: 'keep' }));
  keep.disabled = applied !== null || state.running;
  const save = button('export', 'Save Report…', 'save', 'secondary', () => post({ type: 'exportReport' }));
  buttons.replaceChildren(move, keep, save);
}

function figures(r: VerifyReport): HTMLElement {
  const row = (label: string, value: string, key: string): HTMLElement => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { 'data-figure': key }, value));
  const rate = r.errorRate === null || r.interval === null ? '—' : `${formatPercent(r.errorRate)} (95% interval ${formatInterval(r.interval)})`;
  const tier = (t: 'haiku' | 'sonnet') => r.tiers[t];
  const latency = (t: 'haiku' | 'sonnet'): string => (tier(t).latencySamples ? `${ms(tier(t).latencyP50Ms)} / ${ms(tier(t).latencyP95Ms)}` : '—');
  return h(
    'div',
    { class: 'figures-grid' },
    h(
      'table',
      { id: 'figures', class: 'figures-table' },
      h('caption', {}, 'Error rate'),
      h(
        'tbody',
        {},
        row('Graded inputs', `${r.n} of ${r.dataset.n}${r.excluded ? ` (${r.excluded} not graded)` : ''}`, 'n'),
        row('Haiku errors', String(r.errors), 'errors'),
        row('Error rate', rate, 'rate'),
        row('Threshold', formatPercent(r.threshold), 'threshold'),
        row('Grading', `${MODES.find((m) => m.mode === r.grading)!.label}${r.models.grader ? ` by ${r.models.grader}` : ''}`, 'grading'),
        r.sonnetVsExpected ? row('Sonnet vs $expected', `${r.sonnetVsExpected.errors} errors in ${r.sonnetVsExpected.n}`, 'sonnet-expected') : null,
        row('This run cost', `${usd(r.runCostUsd)} (${r.mode === 'batch' ? 'Message Batches, 50% off' : 'direct requests'})`, 'run-cost'),
      ),
    ),
    h(
      'table',
      { id: 'tiers', class: 'figures-table' },
      h('caption', {}, 'Each tier (standard prices)'),
      h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'Haiku'), h('th', { scope: 'col' }, 'Sonnet'))),
      h(
        'tbody',
        {},
        h('tr', {}, h('th', { scope: 'row' }, 'Model'), h('td', {}, h('code', {}, tier('haiku').model)), h('td', {}, h('code', {}, tier('sonnet').model))),
        h('tr', {}, h('th', { scope: 'row' }, 'Cost per 1,000 calls'), h('td', { 'data-figure': 'cost-haiku' }, usd(tier('haiku').costPer1k)), h('td', { 'data-figure': 'cost-sonnet' }, usd(tier('sonnet').costPer1k))),
        h('tr', {}, h('th', { scope: 'row' }, 'Latency p50 / p95'), h('td', { 'data-figure': 'latency-haiku' }, latency('haiku')), h('td', { 'data-figure': 'latency-sonnet' }, latency('sonnet'))),
        h('tr', {}, h('th', { scope: 'row' }, 'Mean output tokens'), h('td', {}, tier('haiku').meanOutputTokens === null ? '—' : String(Math.round(tier('haiku').meanOutputTokens!))), h('td', {}, tier('sonnet').meanOutputTokens === null ? '—' : String(Math.round(tier('sonnet').meanOutputTokens!)))),
      ),
    ),
  );
}

/** The error rate as a dot, its 95% interval as a bar, and the threshold as a line, on one percent axis. */
function intervalChart(r: VerifyReport): HTMLElement | null {
  if (r.errorRate === null || r.interval === null) return null;
  const [lo, hi] = r.interval;
  const max = Math.min(1, Math.max(0.1, r.threshold * 2, hi * 1.15));
  const W = 520;
  const left = 16;
  const right = W - 16;
  const x = (v: number): number => left + (Math.min(v, max) / max) * (right - left);
  const label = `Error rate ${formatPercent(r.errorRate)}, 95% interval ${formatInterval(r.interval)}, threshold ${formatPercent(r.threshold)}: the interval lies ${hi < r.threshold ? 'entirely below' : lo >= r.threshold ? 'entirely above' : 'across'} the threshold.`;
  const ticks = [0, max / 2, max];
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} 74`, width: '100%', role: 'img', 'aria-labelledby': 'chart-title', class: 'chart' },
    s('title', { id: 'chart-title' }, label),
    s('line', { x1: left, x2: right, y1: 50, y2: 50, class: 'axis' }),
    ...ticks.flatMap((t) => [s('line', { x1: x(t), x2: x(t), y1: 50, y2: 54, class: 'axis' }), s('text', { x: x(t), y: 68, 'text-anchor': t === 0 ? 'start' : t === max ? 'end' : 'middle', class: 'tick' }, formatPercent(t))]),
    s('rect', { x: x(lo), y: 24, width: Math.max(2, x(hi) - x(lo)), height: 14, rx: 2, class: 'interval' }),
    s('circle', { cx: x(r.errorRate), cy: 31, r: 5, class: 'rate' }),
    s('line', { x1: x(r.threshold), x2: x(r.threshold), y1: 12, y2: 50, class: 'threshold' }),
    s('text', { x: x(r.threshold), y: 10, 'text-anchor': x(r.threshold) > W - 90 ? 'end' : 'middle', class: 'threshold-label' }, `threshold ${formatPercent(r.threshold)}`),
  );
  return h('figure', { class: 'chart-figure', id: 'interval-chart' }, svg, h('figcaption', { class: 'muted' }, label, ' The dot is the error rate; the bar its 95% interval (Wilson); the line the threshold.'));
}

function answerBlock(title: string, text: string): HTMLElement {
  return h('div', { class: 'answer' }, h('div', { class: 'label' }, title), h('pre', { class: 'output', tabindex: '0' }, text || '(empty)'));
}

function disagreements(r: VerifyReport): HTMLElement {
  const items = r.disagreements;
  return h(
    'section',
    { id: 'disagreements', 'aria-labelledby': 'disagreements-title' },
    h('h3', { id: 'disagreements-title' }, `Disagreements (${items.length})`),
    items.length
      ? h(
          'div',
          { class: 'disagreement-list' },
          ...items.map((d) =>
            h(
              'article',
              { class: 'disagreement', 'aria-label': `Input ${d.id}, line ${d.line}` },
              h('p', {}, h('strong', {}, d.id), ` · line ${d.line} · `, d.reason),
              Object.keys(d.fields).length ? h('dl', { class: 'fields' }, ...Object.entries(d.fields).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null,
              h('div', { class: 'pair' }, answerBlock(`Haiku (${r.models.haiku})`, d.haiku), answerBlock(d.referenceKind === 'expected' ? 'Expected ($expected)' : `Sonnet (${r.models.sonnet})`, d.reference)),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'None: Haiku agreed on every graded input.'),
  );
}

function failures(r: VerifyReport): HTMLElement | null {
  if (!r.failures.length) return null;
  return h('details', { id: 'failures' }, h('summary', {}, `Not graded (${r.failures.length})`), h('ul', {}, ...r.failures.map((f) => h('li', {}, h('strong', {}, f.id), ` · line ${f.line}: `, f.reason))));
}

function allItems(r: VerifyReport): HTMLElement {
  const RESULT = { pass: 'pass', fail: 'fail', excluded: 'not graded' } as const;
  return h(
    'details',
    { id: 'all-items' },
    h('summary', {}, `All results (${r.items.length})`),
    h(
      'table',
      { class: 'results' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Input'), h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Why'))),
      h('tbody', {}, ...r.items.map((i) => h('tr', { class: i.result }, h('td', {}, i.id), h('td', {}, String(i.line)), h('td', {}, RESULT[i.result]), h('td', {}, i.reason)))),
    ),
  );
}

function notice(level: 'info' | 'warning' | 'error', message: string): void {
  const el = byId('banner');
  el.dataset.kind = 'notice';
  el.hidden = false;
  el.className = `banner ${level}`;
  el.replaceChildren(icon(level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info'), ' ', message);
}

window.addEventListener('message', (event: MessageEvent<VerifyHostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'state':
      state = m.state;
      update();
      break;
    case 'progress':
      state.progress = m.progress;
      showProgress(m.progress);
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
  } else if (e.key === 'Escape' && state.running) {
    e.preventDefault();
    post({ type: 'cancel' });
  }
});

render();
post({ type: 'ready' });
