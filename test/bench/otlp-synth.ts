// A synthetic workspace of LLM call sites and a synthetic OTLP export of their traffic with known ground truth, for the
// import benchmark (time, peak memory, precision and recall) and its unit test. Deterministic for a seed.
//
// Spans, by kind (each carries its true call-site id, or none, in the attribute `test.truth`, which the importer does
// not read):
//   code       code.filepath (absolute, deployed under /srv/app) + code.lineno + code.function
//   function   code.filepath + code.function only (module-qualified half of the time)
//   prompt     no code attributes; the site's system prompt with its hole filled in
//   bare       no code attributes, no system prompt: cannot be matched (counts against recall)
//   shared     a system prompt two sites share, no code attributes: ambiguous, must stay unmatched
//   foreign    traffic of jobs the code does not have (another service, a vendored file): must stay unmatched
import { createWriteStream } from 'node:fs';
import { analyzeCallsDetailed } from '../../src/core/analyze';
import { scanTexts } from '../../src/core/scan/project';
import type { CallSite, ScannedCall } from '../../src/core/types';

const WORDS = (
  'account address answer approve article assistant balance billing brief cancel careful category change check claim ' +
  'classify clear code comment company concise contract correct customer data date decide delivery describe detail ' +
  'document draft email entity error escalate estimate explain extract field file find formal friendly grade guide help ' +
  'history invoice issue item json label language legal list message model note number offer order outline parcel ' +
  'payment plan policy polite price priority product question quote reason record refund reply report request resolve ' +
  'return review risk rule schedule score section sentence ship short source status step store summary support table ' +
  'task team ticket tone topic translate update urgent user value verify warranty write'
).split(' ');

export class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (Math.imul(this.s, 1664525) + 1013904223) >>> 0;
    return this.s / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

function prompt(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(WORDS));
  return `You are a ${out.slice(0, 3).join(' ')} assistant. ${out.slice(3).join(' ')}.`;
}

export interface SynthSite {
  site: CallSite;
  call: ScannedCall;
  /** The system prompt as sent (the hole `{customer}` filled in per span). */
  system: string;
  shared: boolean;
}

const MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'gpt-4.1-mini'];

/** `files` TS and Python files with `perFile` calls each; the last two calls share one system prompt. */
export function makeWorkspace(seed: number, files = 12, perFile = 4): { files: Record<string, string>; sites: SynthSite[] } {
  const rng = new Rng(seed);
  const texts: Record<string, string> = {};
  const prompts = new Map<string, string>();
  let sharedPrompt = '';
  for (let f = 0; f < files; f++) {
    const py = f % 3 === 2;
    const file = py ? `app/jobs/job${f}.py` : `src/jobs/job${f}.ts`;
    const lines: string[] = py
      ? ['import anthropic', 'import openai', '', 'client = anthropic.Anthropic()', 'oai = openai.OpenAI()', '']
      : ['import Anthropic from "@anthropic-ai/sdk";', 'import OpenAI from "openai";', '', 'const client = new Anthropic();', 'const oai = new OpenAI();', ''];
    for (let k = 0; k < perFile; k++) {
      const fn = `${['classify', 'extract', 'summarize', 'draft', 'review'][k % 5]}Job${f}_${k}`;
      const last = f === files - 1 && k >= perFile - 2;
      let text = prompt(rng, 25 + rng.int(40));
      if (last) text = sharedPrompt ||= text;
      // The two calls that share a prompt share the model too: nothing but code attributes tells them apart.
      const model = last ? MODELS[0] : MODELS[(f + k) % MODELS.length];
      prompts.set(`${file}#${fn}`, text);
      const openai = model.startsWith('gpt');
      if (py) {
        lines.push(`def ${fn}(customer, text):`);
        if (openai) lines.push(`    return oai.chat.completions.create(model="${model}", max_tokens=300, messages=[{"role": "system", "content": f"${text} Customer: {customer}."}, {"role": "user", "content": text}])`);
        else lines.push(`    return client.messages.create(model="${model}", max_tokens=300, system=f"${text} Customer: {customer}.", messages=[{"role": "user", "content": text}])`);
        lines.push('', '');
      } else {
        lines.push(`export async function ${fn}(customer: string, text: string) {`);
        if (openai) lines.push(`  return oai.chat.completions.create({ model: "${model}", max_tokens: 300, messages: [{ role: "system", content: \`${text} Customer: \${customer}.\` }, { role: "user", content: text }] });`);
        else lines.push(`  return client.messages.create({ model: "${model}", max_tokens: 300, system: \`${text} Customer: \${customer}.\`, messages: [{ role: "user", content: text }] });`);
        lines.push('}', '');
      }
    }
    texts[file] = lines.join('\n');
  }
  const { calls } = scanTexts(texts);
  const analysis = analyzeCallsDetailed(calls, null, {
    root: '/srv/app',
    infer: () => ({ taskType: 'unknown', confidence: 0.5, runnerUp: null, reasons: [], recommendedTier: 'sonnet', upgradeReasons: [], questions: { shortSchemaConstrainedOutput: false, cheapToRecover: false, noMultiStepReasoning: false } }),
  });
  const sites = analysis.sites.map((a) => {
    const system = prompts.get(a.site.id) ?? '';
    return { site: a.site, call: a.call, system: `${system} Customer: {customer}.`, shared: system === sharedPrompt };
  });
  return { files: texts, sites };
}

export type SpanKind = 'code' | 'function' | 'prompt' | 'bare' | 'shared' | 'foreign';
const MIX: Array<[SpanKind, number]> = [
  ['code', 0.35],
  ['function', 0.1],
  ['prompt', 0.3],
  ['bare', 0.1],
  ['shared', 0.05],
  ['foreign', 0.1],
];

function attr(key: string, v: string | number): string {
  return typeof v === 'number' ? `{"key":${JSON.stringify(key)},"value":{"intValue":"${v}"}}` : `{"key":${JSON.stringify(key)},"value":{"stringValue":${JSON.stringify(v)}}}`;
}

const START_NS = 1764288000n * 1_000_000_000n; // 2025-11-28T00:00:00Z
const WEEK_NS = 7n * 86_400n * 1_000_000_000n;

/** One span as JSON text, and its truth. */
export function spanText(rng: Rng, sites: readonly SynthSite[], i: number, total: number): { text: string; truth: string | null; kind: SpanKind } {
  let r = rng.next();
  let kind: SpanKind = 'code';
  for (const [k, p] of MIX) {
    if (r < p) {
      kind = k;
      break;
    }
    r -= p;
  }
  const own = sites.filter((s) => !s.shared);
  const site = kind === 'shared' ? rng.pick(sites.filter((s) => s.shared)) : rng.pick(own);
  const truth = kind === 'foreign' ? null : site.site.id;
  const model = kind === 'foreign' ? rng.pick(MODELS) : (site.site.model.resolved ?? 'x');
  const attrs = [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.request.model', model), attr('gen_ai.usage.input_tokens', 500 + rng.int(3000)), attr('gen_ai.usage.output_tokens', 20 + rng.int(400))];
  if (rng.next() < 0.3) attrs.push(attr('gen_ai.usage.cache_read.input_tokens', rng.int(400)));
  const customer = `customer-${rng.int(100000)}`;
  switch (kind) {
    case 'code':
      attrs.push(attr('code.filepath', `/srv/app/${site.site.file}`), attr('code.lineno', site.site.line + rng.int(2)), attr('code.function', site.call.enclosingFunction));
      break;
    case 'function':
      attrs.push(attr('code.filepath', `/srv/app/${site.site.file}`), attr('code.function', rng.next() < 0.5 ? `jobs.${site.call.enclosingFunction}` : site.call.enclosingFunction));
      break;
    case 'prompt':
    case 'shared':
      attrs.push(attr('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: site.system.replace('{customer}', customer) }])));
      break;
    case 'foreign':
      if (rng.next() < 0.5) attrs.push(attr('code.filepath', `/srv/app/vendor/other${rng.int(5)}.py`), attr('code.lineno', 10 + rng.int(100)));
      else attrs.push(attr('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: prompt(rng, 40) }])));
      break;
    default:
      break;
  }
  attrs.push(attr('test.truth', truth ?? ''), attr('test.kind', kind), attr('service.instance.id', `pod-${rng.int(50)}`));
  const t = START_NS + (WEEK_NS * BigInt(i)) / BigInt(Math.max(1, total));
  const id = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const text = `{"traceId":"${id(rng.int(2 ** 32))}${id(i)}${id(rng.int(2 ** 32))}${id(7)}","spanId":"${id(i)}${id(rng.int(2 ** 32))}","name":"chat ${model}","kind":3,"startTimeUnixNano":"${t}","endTimeUnixNano":"${t + 1_500_000_000n}","attributes":[${attrs.join(',')}],"status":{}}`;
  return { text, truth, kind };
}

/**
 * Writes an export of about `targetBytes` as JSON Lines (one OTLP document of up to 200 spans per line), or as one
 * document when `jsonLines` is false. Returns the span count.
 */
export async function writeExport(file: string, sites: readonly SynthSite[], targetBytes: number, seed: number, jsonLines = true): Promise<number> {
  const out = createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const rng = new Rng(seed);
  // About 1 KB a span; the time spread assumes the estimate.
  const estimated = Math.max(1, Math.round(targetBytes / 1000));
  let bytes = 0;
  let n = 0;
  const head = '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeSpans":[{"scope":{"name":"synthetic"},"spans":[';
  const tail = ']}]}]}';
  if (!jsonLines) await write(head);
  while (bytes < targetBytes) {
    const batch: string[] = [];
    for (let k = 0; k < 200 && bytes < targetBytes; k++) {
      const s = spanText(rng, sites, n++, estimated).text;
      batch.push(s);
      bytes += s.length + 1;
    }
    if (jsonLines) await write(`${head}${batch.join(',')}${tail}\n`);
    else await write(`${n > batch.length ? ',\n' : ''}${batch.join(',\n')}`);
  }
  if (!jsonLines) await write(`${tail}\n`);
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return n;
}

/** Precision and recall of the matches against the truth attribute. */
export class Score {
  matched = 0;
  correct = 0;
  withTruth = 0;
  byKind = new Map<string, { spans: number; matched: number; correct: number }>();

  add(truth: string, kind: string, matchedId: string | null): void {
    const k = this.byKind.get(kind) ?? { spans: 0, matched: 0, correct: 0 };
    this.byKind.set(kind, k);
    k.spans++;
    if (truth) this.withTruth++;
    if (matchedId !== null) {
      this.matched++;
      k.matched++;
      if (matchedId === truth) {
        this.correct++;
        k.correct++;
      }
    }
  }

  get precision(): number {
    return this.matched ? this.correct / this.matched : 1;
  }

  get recall(): number {
    return this.withTruth ? this.correct / this.withTruth : 1;
  }
}
