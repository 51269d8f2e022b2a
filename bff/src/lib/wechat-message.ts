import { z } from 'zod';

/** One subscription message as `subscribeMessage.send` takes it. */
export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

/**
 * How a send went: `sent`; `refused` (43101: she has no subscription left, or turned them off);
 * `rejected` (the message itself is wrong: sending it again cannot help); `failed` (WeChat or
 * the network failed: worth another try later).
 */
export type SendOutcome = { kind: 'sent' } | { kind: 'refused' | 'rejected' | 'failed'; error: string };

/** Sends subscription messages; off (every send `failed`) without an AppID and secret. */
export interface WechatMessenger {
  readonly enabled: boolean;
  send(message: SubscribeMessage): Promise<SendOutcome>;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1).optional(),
  expires_in: z.number().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});
const SendAnswer = z.object({ errcode: z.number().optional(), errmsg: z.string().optional() });

/** errcodes that mean the access_token is no longer good: fetch another and try once more. */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
/** errcodes that mean this message can never be sent as it is. */
const REJECTED = new Set([40003, 40037, 41030, 47003]);
/** A token is renewed this long before WeChat says it expires. */
const EARLY_MS = 5 * 60_000;

/**
 * `subscribeMessage.send` with an access_token from `/cgi-bin/stable_token`, both through the
 * configured WeChat API base. The stable token is WeChat's way of sharing one token between
 * several servers: every instance that asks within its validity is given the same token, and
 * asking does not end the others' (the plain `/cgi-bin/token` would). Each instance keeps it
 * until shortly before it expires; a token WeChat calls invalid (40001, 42001) is asked for again
 * once, forcing a new one only if WeChat still gives the token it refused. The token and the
 * secret are never logged nor put into an error.
 */
export function createWechatMessenger(options: {
  appId: string | undefined;
  appSecret: string | undefined;
  apiBase: string;
  miniprogramState: 'formal' | 'trial' | 'developer';
  timeoutMs: number;
  now?: () => number;
  fetch?: typeof fetch;
}): WechatMessenger {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const enabled = Boolean(options.appId && options.appSecret);
  let cached: { token: string; until: number } | null = null;
  let asking: Promise<string> | null = null;

  async function post(path: string, body: unknown, query?: Record<string, string>): Promise<unknown> {
    const url = new URL(path, options.apiBase);
    if (query) url.search = new URLSearchParams(query).toString();
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
    // WeChat answers JSON, sometimes labelled text/plain
    return JSON.parse(await response.text()) as unknown;
  }

  async function fetchToken(forceRefresh: boolean): Promise<string> {
    const answer = TokenAnswer.parse(
      await post('/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid: options.appId,
        secret: options.appSecret,
        force_refresh: forceRefresh,
      }),
    );
    if (!answer.access_token) throw new Error(`stable_token errcode ${answer.errcode ?? '?'}: ${answer.errmsg ?? ''}`);
    cached = { token: answer.access_token, until: now() + (answer.expires_in ?? 7200) * 1000 - EARLY_MS };
    return answer.access_token;
  }

  /** The cached token, or one asked for by a single caller while the others wait for it. */
  function token(): Promise<string> {
    if (cached && cached.until > now()) return Promise.resolve(cached.token);
    asking ??= fetchToken(false).finally(() => {
      asking = null;
    });
    return asking;
  }

  async function renew(refused: string): Promise<string> {
    if (cached?.token === refused) cached = null;
    const fresh = await token();
    return fresh === refused ? fetchToken(true) : fresh;
  }

  async function sendWith(accessToken: string, message: SubscribeMessage) {
    const body = { ...message, miniprogram_state: options.miniprogramState, lang: 'zh_CN' };
    return SendAnswer.parse(await post('/cgi-bin/message/subscribe/send', body, { access_token: accessToken }));
  }

  return {
    enabled,
    async send(message) {
      if (!enabled) return { kind: 'failed', error: 'WECHAT_APPID and WECHAT_APP_SECRET are not set' };
      try {
        let used = await token();
        let answer = await sendWith(used, message);
        if (answer.errcode !== undefined && TOKEN_INVALID.has(answer.errcode)) {
          used = await renew(used);
          answer = await sendWith(used, message);
        }
        const code = answer.errcode ?? 0;
        if (code === 0) return { kind: 'sent' };
        const error = `errcode ${code}: ${answer.errmsg ?? ''}`.slice(0, 300);
        if (code === 43101) return { kind: 'refused', error };
        return { kind: REJECTED.has(code) ? 'rejected' : 'failed', error };
      } catch (err) {
        // a fetch error names the URL, which carries the token: keep only the kind of failure
        const name = err instanceof Error ? err.name : 'Error';
        const text = err instanceof Error && !err.message.includes('access_token') ? err.message : '';
        return { kind: 'failed', error: `${name}${text ? `: ${text}` : ''}`.slice(0, 300) };
      }
    },
  };
}
