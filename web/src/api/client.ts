// The one place that talks HTTP: same-origin fetch to the public REST API with the session's
// bearer token, and RFC 9457 problem details turned into ApiError.
import type { FieldError, LoginResponse, Problem } from './types';

const SESSION_KEY = 'oc.session';

/** An answer that is not 2xx. `problem` is the server's problem+json, or one made up for
 *  network failures and non-JSON answers, so that callers handle a single shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.status = problem.status;
    this.problem = problem;
  }
  get code(): string {
    return this.problem.code;
  }
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

// The session lives in sessionStorage: it ends with the tab, and the token never reaches a cookie
// (so no CSRF), at the price of signing in again in a new tab.
export function loadSession(): LoginResponse | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as LoginResponse;
    return Date.parse(s.expires_at) > Date.now() ? s : null;
  } catch {
    return null;
  }
}
export function saveSession(s: LoginResponse | null): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener = () => {};
/** The auth context registers here to sign the user out when the server rejects the token. */
export function setUnauthorizedListener(fn: UnauthorizedListener): void {
  onUnauthorized = fn;
}

function isProblem(x: unknown): x is Problem {
  return typeof x === 'object' && x !== null && 'code' in x && 'status' in x;
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with its media type (e.g. a CSV file as `text/csv`). */
  raw?: { type: string; data: Blob | string };
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(opts.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  // The server words its texts (measure names, the risk decision, field errors) in the app's
  // language, which <html lang> follows, not in the browser's.
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': document.documentElement.lang || 'en',
  };
  const session = loadSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  let body: Blob | string | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.type;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(url.pathname + url.search, { method, headers, body, signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: String(e), code: 'network_error' });
  }
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && session) onUnauthorized();
    throw new ApiError(
      isProblem(json)
        ? json
        : { type: 'about:blank', title: res.statusText, status: res.status, detail: text.slice(0, 200), code: 'http_' + res.status },
    );
  }
  return json as T;
}
