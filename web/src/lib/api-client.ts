// Same-origin JSON client for the tradecast REST API. Every non-2xx answer becomes an ApiError carrying
// the server's stable `code` and human `message` ({error:{code,message}}), so screens can show it as is.
import { getToken } from './token-store';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly retryAfter: number | null;
  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Send the stored token (default true when one is stored). */
  auth?: boolean;
}

export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  const token = opts.auth === false ? null : getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: handled below */
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      err?.code ?? (res.status === 404 ? 'not_found' : 'http_error'),
      err?.message ?? describeStatus(res.status),
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return json as T;
}

function describeStatus(status: number): string {
  if (status === 404) return 'This feature is not available on this server yet.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status >= 500) return 'The server had a problem. Try again shortly.';
  return `Request failed (HTTP ${status}).`;
}

/** A readable message for anything thrown by apiRequest or elsewhere. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    // A route the server does not have (yet): a feature of a later release, not a broken request.
    if (e.status === 404 && e.code === 'not_found') return 'This feature is not available on this server yet.';
    if (e.code === 'rate_limited' && e.retryAfter) return `${e.message} (try again in ${e.retryAfter} s)`;
    return e.message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}
