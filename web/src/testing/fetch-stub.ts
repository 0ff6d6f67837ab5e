// A scripted stand-in for fetch in component tests: routes "METHOD /path" to handlers and records calls.
import { vi } from 'vitest';

export interface Call {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}
type Handler = (call: Call) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function stubFetch(routes: Record<string, Handler | Handler[]>) {
  const calls: Call[] = [];
  const counters = new Map<string, number>();
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    let body: unknown = init.body;
    try {
      body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    } catch {
      /* SDP or other text */
    }
    const call = { method, url: url.pathname + url.search, body, headers: (init.headers ?? {}) as Record<string, string> };
    calls.push(call);
    const key = `${method} ${url.pathname}`;
    const h = routes[key];
    if (!h) return json(404, { error: { code: 'not_found', message: `no route ${key}` } });
    if (Array.isArray(h)) {
      const n = counters.get(key) ?? 0;
      counters.set(key, n + 1);
      return h[Math.min(n, h.length - 1)](call);
    }
    return h(call);
  });
  vi.stubGlobal('fetch', fn);
  return { calls, fn };
}
