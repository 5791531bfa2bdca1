// The app's own HTTP API in front of its LLM layer: a route handler that hands the request's body to the model is
// plumbing, and the code posting a body with written instructions to that route (`axios.post("/api/v1/completions",
// { messages: [{ role: "system", … }] })`, `requests.post(f"{API}/chat", json=payload)`) is the caller that writes
// the job. This module finds the routes a module serves and where their body arrives; the linker matches the posts.
import type { CallIR, Expr, FnIR, ModuleIR } from '../ir';
import { own } from '../ir';

/** Where a handler receives the posted body: as one of its parameters, or as `req.body` of its request parameter. */
export type BodyAt = { kind: 'param'; index: number } | { kind: 'reqBody'; index: number };

export interface Route {
  /** The path the handler serves, as written (`/completions`, `/api/chat`), without a host, prefix or version. */
  path: string;
  fnKey: string;
  body: BodyAt;
}

const NEST_METHOD = /@(Post|Put|Patch|All)\s*\(\s*(?:(['"`])([^'"`]*)\2)?[^)]*\)/g;
const NEST_CONTROLLER = /@Controller\s*\(\s*(?:(['"`])([^'"`]*)\1|\{[^}]*?\bpath\s*:\s*(['"`])([^'"`]*)\3[^}]*\})?\s*\)/g;
/** Receivers that register HTTP routes (Express, Fastify, Koa routers; FastAPI apps and routers; Flask apps, blueprints). */
const ROUTER = /^(app|router|server|api|fastify|route|routes|\w*[Rr]outer|\w*_router|\w*[Aa]pp|bp|blueprint|\w*_bp)$/;
const BODY_METHODS = /^(post|put|patch|all)$/;

function join(...parts: string[]): string {
  const p = parts.map((x) => x.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return `/${p}`;
}

/** A route path worth matching: at least one segment that names something, no parameters (`:id`, `{id}`). */
function usable(path: string): boolean {
  return /[A-Za-z_]{3,}/.test(path) && !/[:{}*<>]/.test(path);
}

function receiverName(e: Expr): string | null {
  return e.k === 'name' ? e.n : e.k === 'get' ? e.n : e.k === 'this' ? 'this' : null;
}

/** Routes by module IR: the linker asks for every module in every round, and a module's IR is reused until it changes. */
const routesByModule = new WeakMap<ModuleIR, Route[]>();

/** The routes a module serves. */
export function routesOf(mod: ModuleIR): Route[] {
  let routes = routesByModule.get(mod);
  if (!routes) routesByModule.set(mod, (routes = findRoutes(mod)));
  return routes;
}

function findRoutes(mod: ModuleIR): Route[] {
  const out: Route[] = [];
  const text = mod.text;
  // NestJS: `@Controller("x")` on the class, `@Post("y")` on the method, `@Body()` on the parameter that gets the body.
  if (mod.language !== 'python' && text.includes('@Controller')) {
    const controllers = [...text.matchAll(NEST_CONTROLLER)].map((m) => ({ at: m.index ?? 0, path: m[2] ?? m[4] ?? '' }));
    for (const fn of Object.values(mod.fns)) {
      if (fn.kind !== 'method' || !fn.cls) continue;
      const ctrl = controllers.filter((c) => c.at < fn.p[0]).pop();
      if (!ctrl) continue;
      // The decorators between the previous member and this method's parameters.
      const before = text.slice(Math.max(ctrl.at, fn.p[0] - 600), fn.p[0]);
      const member = before.slice(Math.max(before.lastIndexOf('}'), before.lastIndexOf(';')) + 1);
      const method = [...member.matchAll(NEST_METHOD)].pop();
      if (!method) continue;
      const index = nestBodyParam(text, fn);
      if (index === null) continue;
      const path = join(ctrl.path, method[3] ?? '');
      if (usable(path)) out.push({ path, fnKey: fn.key, body: { kind: 'param', index } });
    }
  }
  for (const call of mod.calls) {
    const f = call.f;
    // Express, Fastify, Koa: `router.post("/chat", auth, async (req, res) => …)`.
    if (mod.language !== 'python' && f.k === 'get' && BODY_METHODS.test(f.n) && call.a.length >= 2) {
      const recv = receiverName(f.o);
      const path = call.a[0];
      const handler = call.a[call.a.length - 1];
      if (!recv || !ROUTER.test(recv) || path.k !== 'str' || !path.v.startsWith('/') || handler.k !== 'fn') continue;
      const fn = own(mod.fns, handler.key);
      if (fn && fn.params.length >= 1 && usable(path.v)) out.push({ path: join(path.v), fnKey: fn.key, body: { kind: 'reqBody', index: 0 } });
    }
  }
  // FastAPI: `@router.post("/chat")` on a function whose body parameter is typed with a model class.
  if (mod.language === 'python') {
    for (const fn of Object.values(mod.fns)) {
      for (const d of fn.decorators ?? []) {
        const call = d.k === 'call' ? mod.calls[d.id] : undefined;
        const route = call ? pyRoute(call) : null;
        if (!route || !usable(route)) continue;
        const index = pyBodyParam(fn);
        if (index !== null) out.push({ path: join(route), fnKey: fn.key, body: { kind: 'param', index } });
      }
    }
  }
  return out;
}

function pyRoute(call: CallIR): string | null {
  const f = call.f;
  if (f.k !== 'get' || !/^(post|put|patch|api_route)$/.test(f.n)) return null;
  const recv = receiverName(f.o);
  const path = call.a[0];
  return recv && ROUTER.test(recv) && path?.k === 'str' && path.v.startsWith('/') ? path.v : null;
}

/** The FastAPI parameter the JSON body fills: the one typed with a class of the app's (a pydantic model). */
function pyBodyParam(fn: FnIR): number | null {
  const typed = fn.params.filter((p) => !p.rest && !p.kwrest && !p.path && p.type?.k === 'ref' && /^[A-Z]/.test(p.type.n) && !/^(Request|Response|BackgroundTasks|WebSocket|Depends|HTTPConnection|Session|AsyncSession|UploadFile)$/.test(p.type.n.split('.').pop()!));
  return typed.length === 1 ? typed[0].index : null;
}

/** The index of the parameter decorated `@Body()` (the whole body, not one field of it), or null. */
function nestBodyParam(text: string, fn: FnIR): number | null {
  // The parameter list: from `(` to its matching `)`.
  let depth = 0;
  let end = fn.p[0];
  for (let i = fn.p[0]; i < Math.min(fn.p[1], fn.p[0] + 2000); i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[' || c === '<') depth++;
    else if (c === ')' || c === '}' || c === ']' || c === '>') depth--;
    if (depth === 0) {
      end = i;
      break;
    }
  }
  const list = text.slice(fn.p[0] + 1, end);
  // Top-level commas split the parameters.
  const params: string[] = [];
  let cur = '';
  depth = 0;
  for (const c of list) {
    if (c === '(' || c === '{' || c === '[' || c === '<') depth++;
    else if (c === ')' || c === '}' || c === ']' || c === '>') depth--;
    if (c === ',' && depth === 0) {
      params.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) params.push(cur);
  const i = params.findIndex((p) => /@Body\s*\(\s*\)/.test(p));
  return i >= 0 ? i : null;
}

/** An HTTP post of a body (its URL and the body's expression) written with fetch, axios, ky or requests/httpx, or null. */
export function postedBody(mod: ModuleIR, call: CallIR): { url: Expr; data: Expr } | null {
  const f = call.f;
  const [url, second] = call.a;
  if (!url || url.k === 'fn' || call.a.some((a) => a.k === 'fn' || a.k === 'spread')) return null;
  if (mod.language === 'python') {
    if (f.k !== 'get' || !/^(post|put|patch)$/.test(f.n)) return null;
    const json = call.kw?.json;
    return json ? { url, data: json } : null;
  }
  if (f.k === 'name' && /^(fetch|\$fetch|ofetch)$/.test(f.n)) {
    if (second?.k !== 'obj') return null;
    const body = second.props.find(([k]) => k === 'body')?.[1];
    if (!body) return null;
    const inner = body.k === 'call' ? mod.calls[body.id] : undefined;
    const stringified = inner && inner.f.k === 'get' && inner.f.n === 'stringify' && inner.f.o.k === 'name' && inner.f.o.n === 'JSON' ? inner.a[0] : undefined;
    return { url, data: stringified ?? body };
  }
  if (f.k === 'get' && /^(post|put|patch)$/.test(f.n) && second) {
    // ky: `ky.post(url, { json })`.
    const json = second.k === 'obj' && f.o.k === 'name' && f.o.n === 'ky' ? second.props.find(([k]) => k === 'json')?.[1] : undefined;
    return { url, data: json ?? second };
  }
  return null;
}

/**
 * The path a URL posts to when it is the app's own (a relative path, a base URL from a variable, localhost), or null
 * (another host's API). Its query is cut.
 */
export function ownPath(url: string, slots: number): string | null {
  let u = url.trim().split(/[?#]/)[0];
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i.exec(u);
  if (host) {
    if (!/^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:\d+)?$/i.test(host[1])) return null;
    u = u.slice(host[0].length);
  } else if (!u.startsWith('/') && !(slots > 0 && u.includes('/'))) return null;
  return u.startsWith('/') ? u : `/${u}`;
}

/** Whether a posted path reaches a route: the route's path is the end of it (a prefix and version may come first). */
export function reachesRoute(path: string, route: string): boolean {
  const p = path.replace(/\/+$/, '');
  return p === route || p.endsWith(route);
}

/** What a route's handler gets for a post carrying `data`: the arguments of a call of the handler. */
export function handlerArgs(body: BodyAt, data: Expr, at: CallIR): Expr[] {
  const hole: Expr = { k: 'null', p: at.p };
  const given: Expr = body.kind === 'param' ? data : { k: 'obj', props: [['body', data]], spreads: [], p: data.p };
  return [...Array<Expr>(body.index).fill(hole), given];
}
