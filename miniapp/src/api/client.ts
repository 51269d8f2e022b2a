import {
  endpoints,
  ErrorBody,
  fillPath,
  messageFor,
  type BodyOf,
  type Endpoint,
  type EndpointName,
  type FieldIssue,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
} from '@bianmin/shared';

/**
 * An API failure as the app handles it: `code` to branch on, `message` in Chinese for a person
 * to read, `status` (0 when the request never got an answer) and field `details` for forms.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: FieldIssue[],
  ) {
    super(message);
  }
}

/** What one HTTP exchange needs; `Taro.request` fits it, tests pass a fake. */
export interface HttpRequest {
  url: string;
  method: Endpoint['method'];
  data?: unknown;
  header: Record<string, string>;
  timeout: number;
}
/** What the client reads from an answer. Transport failures reject instead. */
export interface HttpResponse {
  statusCode: number;
  data: unknown;
}
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/** How the client gets a token and a fresh one after a 401; the session store provides it. */
export interface ApiAuth {
  /** The current token, or null before the first login. */
  token: () => string | null;
  /** Logs in again and resolves with the new token. Concurrent callers share one login. */
  renew: () => Promise<string>;
}

type Part<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: never }
  : object extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

/** The parts of a call to endpoint `N`: each is required exactly when the contract needs it. */
export type CallOptions<N extends EndpointName> = Part<'body', BodyOf<N>> &
  Part<'query', QueryOf<N>> &
  Part<'params', ParamsOf<N>>;

type CallArgs<N extends EndpointName> =
  object extends CallOptions<N> ? [options?: CallOptions<N>] : [options: CallOptions<N>];

export interface ApiClientOptions {
  /** Origin of the BFF (`http://127.0.0.1:3000`), or '' for same-origin paths (H5). */
  baseUrl: string;
  transport: HttpTransport;
  auth: ApiAuth;
  /** WeChat's `wx.request` has no PATCH: send POST with `X-HTTP-Method-Override` instead. */
  overridePatch?: boolean;
  timeoutMs?: number;
}

export interface ApiClient {
  /**
   * Calls endpoint `name` of the shared contract and resolves with its typed answer.
   * Throws {@link ApiError}: `VALIDATION_FAILED` (status 0) before sending a body the shared schema
   * refuses, `NETWORK_ERROR` (status 0) when the BFF cannot be reached, else the BFF's error.
   * After a 401 on a signed-in endpoint it logs in again once and retries once.
   */
  call: <N extends EndpointName>(name: N, ...args: CallArgs<N>) => Promise<ResponseOf<N>>;
}

/** A call's parts once the compile-time checks of {@link CallOptions} have done their work. */
interface LooseInput {
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

const SESSION_CODES = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);
const HAN = /[\u4e00-\u9fff]/;

/**
 * Checks a request body with the endpoint's shared zod schema, the same object the BFF validates
 * with, and answers the field problems in the BFF's own shape, or null when the body is fine.
 * Forms call it to show mistakes before anything is sent.
 */
export function validateBody<N extends EndpointName>(name: N, body: BodyOf<N>): FieldIssue[] | null {
  const schema = (endpoints[name] as Endpoint).body;
  if (!schema) return null;
  const parsed = schema.safeParse(body);
  if (parsed.success) return null;
  return parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

const FALLBACK_CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

/**
 * Turns a failed answer into an ApiError. The message is the shared Chinese text for the code,
 * except that for a 4xx the BFF's own message wins when it is Chinese: the BFF writes one on
 * purpose only when it knows better ("没有这个接口。" rather than "没有找到相关内容。"). 5xx
 * texts, and anything not from the BFF (a proxy's HTML page), never reach the user.
 */
export function toApiError(statusCode: number, data: unknown): ApiError {
  const envelope = ErrorBody.safeParse(data);
  if (!envelope.success) {
    const code = FALLBACK_CODE_BY_STATUS[statusCode] ?? 'INTERNAL';
    return new ApiError(code, messageFor(code), statusCode);
  }
  const { code, message, details } = envelope.data.error;
  const useServerText = statusCode < 500 && HAN.test(message);
  return new ApiError(code, useServerText ? message : messageFor(code), statusCode, details);
}

/** Builds the typed client over a transport (see src/services.ts for the app's instance). */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, transport, auth, overridePatch = false, timeoutMs = 15_000 } = options;

  async function send(endpoint: Endpoint, input: LooseInput, token: string | null) {
    const header: Record<string, string> = { Accept: 'application/json' };
    let method = endpoint.method;
    if (method === 'PATCH' && overridePatch) {
      method = 'POST';
      header['X-HTTP-Method-Override'] = 'PATCH';
    }
    if (endpoint.body) header['Content-Type'] = 'application/json';
    if (token) header.Authorization = `Bearer ${token}`;
    const url =
      baseUrl +
      // path parameters are strings on the wire (ids); the contract's params schemas say so
      fillPath(endpoint.path, input.params as Record<string, string> | undefined) +
      queryString(input.query);
    const request: HttpRequest = { url, method, header, timeout: timeoutMs };
    if (endpoint.body) request.data = input.body ?? {};
    try {
      return await transport(request);
    } catch {
      throw new ApiError('NETWORK_ERROR', messageFor('NETWORK_ERROR'), 0);
    }
  }

  async function call<N extends EndpointName>(name: N, ...args: CallArgs<N>): Promise<ResponseOf<N>> {
    const endpoint = endpoints[name] as Endpoint;
    const input: LooseInput = args[0] ?? {};
    if (endpoint.body) {
      const details = validateBody(name, input.body as BodyOf<N>);
      if (details) throw new ApiError('VALIDATION_FAILED', messageFor('VALIDATION_FAILED'), 0, details);
    }
    const signedIn = endpoint.access !== 'public';
    let token = signedIn ? auth.token() : null;
    // no token yet: log in first rather than send a request that can only fail
    if (signedIn && !token) token = await auth.renew();

    let response = await send(endpoint, input, token);
    if (signedIn && response.statusCode === 401) {
      const error = toApiError(response.statusCode, response.data);
      if (!SESSION_CODES.has(error.code)) throw error;
      // another call may have logged in again while this one was on its way
      const current = auth.token();
      response = await send(endpoint, input, current && current !== token ? current : await auth.renew());
    }
    if (response.statusCode >= 200 && response.statusCode < 300) {
      return (response.statusCode === 204 ? undefined : response.data) as ResponseOf<N>;
    }
    throw toApiError(response.statusCode, response.data);
  }

  return { call };
}
