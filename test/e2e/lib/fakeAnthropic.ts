// Starts the fake Anthropic Messages server (test/fake-anthropic/server.ts, owned by the compare
// panel work) in the harness process when it exists, and returns its base URL for the suites.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { ROOT } from './paths';

export const FAKE_SERVER_MODULE = path.join(ROOT, 'test', 'fake-anthropic', 'server.ts');

export interface FakeAnthropic { url: string; apiKey: string; close(): Promise<void> }

type Started = Server | { url?: string; baseURL?: string; baseUrl?: string; port?: number; server?: Server; close?: () => unknown; stop?: () => unknown };

function portOf(s: Server): number | undefined {
  const a = s.address();
  return a && typeof a === 'object' ? a.port : undefined;
}

/** Returns undefined when the fake server module does not exist yet. */
export async function startFakeAnthropic(): Promise<FakeAnthropic | undefined> {
  if (!existsSync(FAKE_SERVER_MODULE)) return undefined;
  const mod = (await import(FAKE_SERVER_MODULE)) as Record<string, unknown>;
  const candidates = ['startFakeAnthropic', 'startFakeAnthropicServer', 'startFakeServer', 'start', 'default'];
  const startName = candidates.find((n) => typeof mod[n] === 'function');
  if (!startName) throw new Error(`${FAKE_SERVER_MODULE} exports none of ${candidates.join(', ')}`);
  const started = (await (mod[startName] as (o: object) => Promise<Started> | Started)({ port: 0, maxLifetimeMs: 60 * 60_000 })) as Started;
  const server = 'address' in started && typeof started.address === 'function' ? (started as Server) : (started as { server?: Server }).server;
  const s = started as { url?: string; baseURL?: string; baseUrl?: string; port?: number; close?: () => unknown; stop?: () => unknown };
  const port = s.port ?? (server ? portOf(server) : undefined);
  const url = (s.url ?? s.baseURL ?? s.baseUrl ?? (port ? `http://127.0.0.1:${port}` : undefined))?.replace(/\/$/, '');
  if (!url) throw new Error(`could not tell the fake Anthropic server's URL from ${startName}()'s result`);
  return {
    url,
    apiKey: typeof mod.FAKE_API_KEY === 'string' ? mod.FAKE_API_KEY : 'sk-ant-test-key',
    close: async () => {
      if (server && !s.close && !s.stop) await new Promise<void>((r) => server.close(() => r()));
      else await (s.close ?? s.stop)?.call(started);
    },
  };
}
