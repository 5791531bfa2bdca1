// What the code does with an answer beyond parsing and comparing it (those are read from the front-ends' use
// events in link.ts): stores it (a database row, a cache, a file), feeds it back into the conversation (appended to
// the messages of the next turn), or returns it to the caller. Read from the text of the function after the call,
// following the names the answer is kept under; bounded.
import { TOP, own, type CallIR, type ModuleIR } from '../ir';

export interface OutputUse {
  kind: 'stored' | 'fed-back' | 'returned';
  detail: string;
  /** Offset in the module's text, for the line. */
  at: number;
}

/** Methods that store whatever they are given, on any receiver. */
const STORES = /^(save|save_all|saveAll|store|persist|insert|insert_one|insertOne|insert_many|insertMany|upsert|bulk_create|bulkCreate|bulk_update|createMany|create_many|writeFile|writeFileSync|write_text|write_json|put_item|putItem|put_object|putObject|setex|hset|setItem|commit)$/;
/** Methods that store only on a receiver named like a store (`db.update`, `cache.set`, `Summary.objects.create`). */
const STORES_ON = /^(create|update|updateOne|update_one|updateMany|set|put|add|write|index|insertOne|replace|merge)$/;
/** A segment of a receiver's path that names a store (`prisma.note`, `self.db`, `Summary.objects`, `userRepository`). */
const STORE_RECEIVER = /^_?(db|database|prisma|repo|repository|store|storage|cache|redis|kv|session|table|collection|orm|supabase|firestore|dynamo\w*|s3|bucket|mongo\w*|sql|knex|drizzle|objects|tx|trx)$|Repository$|Store$|Cache$|Table$|Collection$|Repo$/i;
const FEEDS = /^(push|append|extend|unshift|add_message|addMessage|add_ai_message|addAIMessage|add_messages|addMessages|concat)$/;
const HISTORY = /messages|history|conversation|chat|turns|thread|transcript|memory|context|dialog/i;
const NOT_A_STORE = /^(console|logger|log|LOG|logging|print|JSON|json|Math|String|Object|Array|Promise|res|response|reply|span|tracer|metrics|statsd)(\.|$)/;

/** The callee path of the call whose argument list holds position `at` (`prisma.summary.create`), or null. */
function enclosingCallee(text: string, at: number, floor: number): string | null {
  let depth = 0;
  for (let i = at - 1; i >= floor && i >= at - 800; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) depth--;
      else if (c === '(') {
        const m = /([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*|\(\))*)\s*$/.exec(text.slice(Math.max(floor, i - 200), i));
        return m ? m[1].replace(/\s+/g, '').replace(/\?\./g, '.') : null;
      }
    } else if (c === ';' && depth === 0) return null;
  }
  return null;
}

export function outputUses(mod: ModuleIR, call: CallIR): OutputUse[] {
  const out: OutputUse[] = [];
  const add = (kind: OutputUse['kind'], detail: string, at: number) => {
    if (out.length < 6 && !out.some((u) => u.kind === kind && u.detail === detail)) out.push({ kind, detail, at });
  };
  const fn = own(mod.fns, call.fn) ?? mod.fns[TOP];
  if (!fn) return out;
  const text = mod.text;
  if (!call.rv) {
    // `return await client.messages.create(…)`: the answer goes to the caller as it is.
    if (/\breturn\s+(?:await\s+)?(?:\(\s*)?$/.test(text.slice(Math.max(0, call.p[0] - 40), call.p[0]))) add('returned', 'returned to the caller', call.p[0]);
    return out;
  }
  const names = new Set([call.rv]);
  const limit = fn.kind === 'top' ? call.p[1] + 4000 : fn.p[1];
  for (const u of fn.uses.filter((x) => x.at >= call.p[1] && x.at <= limit).sort((a, b) => a.at - b.at)) {
    if (!u.names.some((n) => names.has(n))) continue;
    if (u.kind === 'derive')
      for (const t of u.targets ?? []) {
        if (names.size < 12) names.add(t);
        // `doc.title = answer`: the object now holds it (`session.add(doc)` stores it).
        const root = t.split('.')[0];
        if (t.includes('.') && root !== 'self' && root !== 'this' && names.size < 12) names.add(root);
      }
    if (u.kind === 'return' && fn.kind !== 'top') add('returned', 'returned to the caller', u.at);
  }
  const region = text.slice(call.p[1], Math.min(limit, call.p[1] + 20_000));
  // `doc.title = r.choices[0].message.content` / `row["summary"] = text`: the object now holds the answer.
  for (const m of region.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)(?:\.[\w$]+|\[[^\]\n]{1,60}\])\s*=(?!=)([^\n;]{1,300})/g)) {
    if (m[1] === 'self' || m[1] === 'this' || names.size >= 12) continue;
    if ([...names].some((n) => new RegExp(`(?<![\\w$.])${n.replace(/[.$]/g, (c) => `\\${c}`)}(?![\\w$])`).test(m[2]))) names.add(m[1]);
  }
  for (const name of names) {
    const esc = name.replace(/[.$]/g, (c) => `\\${c}`);
    const re = new RegExp(`(?<![\\w$.])${esc}(?![\\w$])`, 'g');
    for (const m of region.matchAll(re)) {
      const at = call.p[1] + m.index;
      const callee = enclosingCallee(text, at, call.p[1]);
      if (!callee || NOT_A_STORE.test(callee)) continue;
      const parts = callee.split('.');
      const last = parts[parts.length - 1];
      const recv = parts.slice(0, -1).join('.');
      if (FEEDS.test(last) && HISTORY.test(recv)) add('fed-back', `${callee}(…)`, at);
      else if (STORES.test(last) || (STORES_ON.test(last) && parts.slice(0, -1).some((p) => STORE_RECEIVER.test(p)) && !HISTORY.test(recv))) add('stored', `${callee}(…)`, at);
      if (out.length >= 6) return out;
    }
  }
  return out;
}
