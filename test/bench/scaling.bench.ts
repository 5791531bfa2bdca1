// Scaling benchmark: every pass of the scan must stay linear or near it (issue 12). Each shape is scanned in place at
// n and 4n; a linear pass takes about 4× as long, a quadratic one 16×. The target is ≤ 6× for every shape.
//   node --import tsx test/bench/scaling.bench.ts [--n 500] [--runs 3]
//   npm run bench -- --only scaling
import { initScanEngine, scanAllTexts } from '../../src/core/scan/engine/simple';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const N = arg('n', 500);
const RUNS = arg('runs', 3);
const TARGET = 6;

interface Shape {
  name: string;
  files(n: number): Record<string, string>;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const shapes: Shape[] = [
  {
    name: 'SDK calls in one TS function',
    files: (n) => ({
      'src/jobs.ts': `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport async function all(t: string) {\n${range(n)
        .map((i) => `  await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 50, system: "Job ${i}: label the ticket.", messages: [{ role: "user", content: t }] });`)
        .join('\n')}\n}\n`,
    }),
  },
  {
    name: 'SDK calls beside tracing spans in one TS function',
    files: (n) => ({
      'src/traced.ts': `import OpenAI from "openai";\nconst openai = new OpenAI();\ndeclare function span(name: string): void;\nexport async function all(t: string) {\n${range(n)
        .map((i) => `  span("job-${i}");\n  await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Job ${i}" }, { role: "user", content: t }] });`)
        .join('\n')}\n}\n`,
    }),
  },
  {
    name: 'SDK calls in one Python function',
    files: (n) => ({
      'jobs.py': `import anthropic\nclient = anthropic.Anthropic()\n\ndef all_jobs(t):\n${range(n)
        .map((i) => `    client.messages.create(model="claude-haiku-4-5", max_tokens=50, system="Job ${i}: label it.", messages=[{"role": "user", "content": t}])`)
        .join('\n')}\n`,
    }),
  },
  {
    name: 'callers of one TS helper across files',
    files: (n) => {
      const files: Record<string, string> = {
        'src/llm.ts': `import OpenAI from "openai";\nconst openai = new OpenAI();\nexport async function ask(system: string, user: string) {\n  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: system }, { role: "user", content: user }] });\n  return r.choices[0].message.content;\n}\n`,
      };
      for (let f = 0; f < n / 10; f++) {
        files[`src/jobs/j${f}.ts`] = `import { ask } from "../llm";\n${range(10)
          .map((i) => `export const job${i} = (t: string) => ask("File ${f} job ${i}: extract the dates.", t);`)
          .join('\n')}\n`;
      }
      return files;
    },
  },
  {
    name: 'an agent loop unrolled in one TS function',
    files: (n) => ({
      'src/loop.ts': `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nexport async function run(goal: string) {\n  let messages: Anthropic.MessageParam[] = [{ role: "user", content: goal }];\n  let response;\n${range(n / 4)
        .map((i) => `  response = await client.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, system: "Step ${i}: work towards the goal.", messages });\n  messages.push({ role: "assistant", content: response.content });\n  messages.push({ role: "user", content: "continue ${i}" });`)
        .join('\n')}\n}\n`,
    }),
  },
  {
    name: 'nested Python calls',
    files: (n) => ({ 'nest.py': `import openai\nx = ${'f('.repeat(n)}1${')'.repeat(n)}\nopenai.ChatCompletion.create(model="gpt-4", messages=[{"role": "user", "content": "Say hi"}])\n` }),
  },
];

function timeScan(files: Record<string, string>): number {
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    scanAllTexts(files);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

async function main(): Promise<void> {
  await initScanEngine();
  console.log(`scaling: each shape at n = ${N} and ${4 * N} (best of ${RUNS}); linear ≈ 4×, target ≤ ${TARGET}×`);
  let failed = 0;
  for (const s of shapes) {
    const small = s.files(N);
    const large = s.files(4 * N);
    timeScan(small); // warm-up
    const a = timeScan(small);
    const b = timeScan(large);
    const ratio = b / Math.max(a, 0.01);
    const ok = ratio <= TARGET;
    if (!ok) failed++;
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${s.name.padEnd(52)} ${a.toFixed(0).padStart(6)} ms → ${b.toFixed(0).padStart(7)} ms  ${ratio.toFixed(1)}×`);
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
