// Deterministic generator of a synthetic workspace for the scan benchmark: many ordinary TS/JS files,
// about 1% with LLM calls (direct SDK calls of several shapes, and callers of a wrapper that never
// mention an SDK, so the follow-up pass is exercised), plus ignored folders.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'user order invoice account session token cache queue worker handler route config metric event payload record item list map filter parse render format value state store'.split(' ');

function ordinary(r: () => number, i: number): string {
  const w = () => WORDS[Math.floor(r() * WORDS.length)];
  const lines: string[] = [];
  lines.push(`import { ${w()}Helper } from "../shared/${w()}";`);
  lines.push(`import type { ${w()[0].toUpperCase()}${w().slice(1)} } from "./types";`);
  lines.push('');
  const fns = 3 + Math.floor(r() * 12);
  for (let f = 0; f < fns; f++) {
    const name = `${w()}${w()[0].toUpperCase()}${w().slice(1)}${f}`;
    lines.push(`/** Computes the ${w()} for a ${w()} (generated ${i}.${f}). */`);
    lines.push(`export function ${name}(input: Record<string, number>, limit = ${Math.floor(r() * 100)}): number {`);
    lines.push(`  let total = 0;`);
    lines.push(`  for (const [key, value] of Object.entries(input)) {`);
    lines.push(`    if (key.startsWith("${w()}") && value > limit) total += value * ${Math.floor(r() * 10)};`);
    lines.push(`    else total -= Math.min(value, ${Math.floor(r() * 50)});`);
    lines.push(`  }`);
    lines.push(`  const label = \`${w()}-\${total}-${w()}\`;`);
    lines.push(`  return label.length > ${Math.floor(r() * 40)} ? total : -total;`);
    lines.push(`}`);
    lines.push('');
  }
  return lines.join('\n');
}

const LLM_SHAPES: ((i: number) => string)[] = [
  (i) => `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function classify${i}(text: string) {
  const label = await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 5, messages: [{ role: "user", content: \`Classify: \${text}\` }] });
  return label;
}
`,
  (i) => `import OpenAI from "openai";
const openai = new OpenAI();
export async function summarize${i}(doc: string) {
  return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Summarize." }, { role: "user", content: doc }] });
}
`,
  (i) => `import { generateText } from "ai";
import { anthropic } from "@ai-sdk/anthropic";
export async function draft${i}(topic: string) {
  const { text } = await generateText({ model: anthropic("claude-sonnet-4-5"), prompt: \`Write about \${topic}\` });
  return text;
}
`,
  (i) => `import Anthropic from "@anthropic-ai/sdk";
export class Agent${i} {
  private client = new Anthropic();
  async step(messages: Anthropic.MessageParam[]) {
    return this.client.messages.stream({ model: "claude-sonnet-4-5", max_tokens: 2048, messages });
  }
}
`,
];

const WRAPPER = `import Anthropic from "@anthropic-ai/sdk";
const client = new Anthropic();
export async function complete(model: string, prompt: string, maxTokens = 256) {
  const res = await client.messages.create({ model, max_tokens: maxTokens, messages: [{ role: "user", content: prompt }] });
  return res.content[0].type === "text" ? res.content[0].text : "";
}
`;

export interface TreeInfo {
  root: string;
  files: number;
  llmFiles: number;
  wrapperCallers: number;
  expectedCallSites: number;
}

/** Generates (once; reused when the marker matches) a tree of `count` source files under `root`. */
export function generateTree(root: string, count = 20_000, seed = 42): TreeInfo {
  const marker = join(root, '.tree.json');
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as TreeInfo;
    if (info.files === count) return { ...info, root };
  }
  const r = rng(seed);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, '.gitignore'), 'node_modules/\n*.log\n');
  mkdirSync(join(root, 'lib'), { recursive: true });
  writeFileSync(join(root, 'lib', 'llm.ts'), WRAPPER);
  let llmFiles = 1;
  let wrapperCallers = 0;
  let expected = 0;
  const exts = ['.ts', '.ts', '.ts', '.tsx', '.js', '.mjs'];
  for (let i = 1; i < count; i++) {
    const pkg = `packages/p${i % 40}`;
    const dir = join(root, pkg, 'src', `m${Math.floor(i / 40) % 25}`);
    mkdirSync(dir, { recursive: true });
    const ext = exts[Math.floor(r() * exts.length)];
    let text = ordinary(r, i);
    if (i % 100 === 0) {
      llmFiles++;
      if ((i / 100) % 5 === 0) {
        wrapperCallers++;
        text = `import { complete } from "../../../../lib/llm";\n${text}\nexport async function title${i}(post: string) {\n  return complete("claude-haiku-4-5", \`Title for \${post}\`, 30);\n}\n`;
      } else text = `${LLM_SHAPES[(i / 100) % LLM_SHAPES.length](i)}\n${text}`;
      expected++;
    }
    writeFileSync(join(dir, `f${i}${ext}`), text);
  }
  // Ignored: dependencies and build output with SDK mentions that must not be read.
  for (let i = 0; i < 50; i++) {
    mkdirSync(join(root, 'node_modules', `dep${i}`), { recursive: true });
    writeFileSync(join(root, 'node_modules', `dep${i}`, 'index.js'), LLM_SHAPES[0](i));
  }
  const info: TreeInfo = { root, files: count, llmFiles, wrapperCallers, expectedCallSites: expected };
  writeFileSync(marker, JSON.stringify(info));
  return info;
}
