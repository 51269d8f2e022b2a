import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the part of WeChat's server API the BFF calls, with WeChat's request and
 * answer shapes: `GET /sns/jscode2session` exchanges the login codes it was given (`logins`) and
 * answers 40029 for any other code, 40125 for a wrong secret and -1 (system busy) for the code
 * `busy`; for subscription messages, `POST /cgi-bin/stable_token` checks the AppID and
 * secret and hands out one token until it is forced or revoked; `POST
 * /cgi-bin/message/subscribe/send?access_token=…` answers 40001 for a token it did not hand out
 * (or has revoked), 40037 for an unknown template, 47003 for data that breaks a keyword type's
 * rule (thing ≤ 20 characters, phrase ≤ 5 Chinese characters, amount a currency sign and
 * digits, …) or misses a keyword, and 43101 for a resident who refused. It keeps every message
 * it accepted. Its rules are written here again on purpose, not imported from the BFF.
 */
export async function startWechatStandin(options: {
  appId: string;
  appSecret: string;
  /** template id → its keywords (`thing1`, `amount2` …). */
  templates?: Record<string, string[]>;
  /** login code → what jscode2session gives for it. */
  logins?: Record<string, { openid: string; session_key: string; unionid?: string }>;
}) {
  const templates = options.templates ?? {};
  const logins = options.logins ?? {};
  /** Every jscode2session call, as asked. */
  const loginCalls: URL[] = [];
  let current: string | null = null;
  const valid = new Set<string>();
  const refused = new Set<string>();
  const failNext: number[] = [];
  const sent: Array<{ token: string; body: Record<string, unknown> }> = [];
  const rejected: Array<{ errcode: number; errmsg: string }> = [];
  let tokenCalls = 0;

  const rules: Record<string, (v: string) => boolean> = {
    thing: (v) => Array.from(v).length >= 1 && Array.from(v).length <= 20,
    number: (v) => /^\d{1,32}(\.\d+)?$/.test(v),
    letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
    character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
    phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
    name: (v) => /^\p{Script=Han}{1,10}$/u.test(v) || /^[A-Za-z .·-]{1,20}$/.test(v),
    amount: (v) => /^[¥￥$€£]\d{1,10}(\.\d{1,2})?元?$/.test(v) || /^\d{1,10}(\.\d{1,2})?元$/.test(v),
    date: (v) => /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$/.test(v) || /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/.test(v),
    time: (v) =>
      /^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}$/.test(v) || /^(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}(:\d{2})?$/.test(v),
  };

  function mint(): string {
    if (current) valid.delete(current);
    current = `ACCESS_TOKEN_${randomBytes(8).toString('hex')}`;
    valid.add(current);
    return current;
  }

  function tokenAnswer(body: Record<string, unknown>) {
    tokenCalls += 1;
    if (body.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    if (body.appid !== options.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (body.secret !== options.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const token = body.force_refresh === true || !current || !valid.has(current) ? mint() : current;
    return { access_token: token, expires_in: 7200 };
  }

  function sendAnswer(token: string | null, body: Record<string, unknown>) {
    if (!token || !valid.has(token)) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' };
    const forced = failNext.shift();
    if (forced !== undefined) {
      if (forced === 40001 || forced === 42001) valid.delete(token);
      return { errcode: forced, errmsg: `forced ${forced}` };
    }
    if (typeof body.touser !== 'string' || body.touser === '') return { errcode: 40003, errmsg: 'invalid openid' };
    const keywords = typeof body.template_id === 'string' ? templates[body.template_id] : undefined;
    if (!keywords) return { errcode: 40037, errmsg: 'invalid template id' };
    if (body.page !== undefined && (typeof body.page !== 'string' || body.page.startsWith('/')))
      return { errcode: 41030, errmsg: 'invalid page' };
    if (
      body.miniprogram_state !== undefined &&
      !['formal', 'trial', 'developer'].includes(body.miniprogram_state as string)
    )
      return { errcode: 47003, errmsg: 'argument invalid! miniprogram_state' };
    if (body.lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(body.lang as string))
      return { errcode: 47003, errmsg: 'argument invalid! lang' };
    const data = body.data;
    if (!data || typeof data !== 'object') return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
    for (const keyword of keywords) {
      const value = (data as Record<string, { value?: unknown } | undefined>)[keyword]?.value;
      if (typeof value !== 'string' || value === '')
        return { errcode: 47003, errmsg: `argument invalid! data.${keyword}.value is empty` };
      const rule = rules[keyword.replace(/\d+$/, '')];
      if (!rule?.(value)) return { errcode: 47003, errmsg: `argument invalid! data.${keyword}.value invalid` };
    }
    for (const keyword of Object.keys(data))
      if (!keywords.includes(keyword)) return { errcode: 47003, errmsg: `argument invalid! data.${keyword} unknown` };
    if (refused.has(body.touser)) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    sent.push({ token, body });
    return { errcode: 0, errmsg: 'ok' };
  }

  function loginAnswer(url: URL) {
    loginCalls.push(url);
    if (url.searchParams.get('appid') !== options.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (url.searchParams.get('secret') !== options.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const code = url.searchParams.get('js_code') ?? '';
    if (code === 'busy') return { errcode: -1, errmsg: 'system error' };
    return (Object.hasOwn(logins, code) && logins[code]) || { errcode: 40029, errmsg: 'invalid code' };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        body = {};
      }
      let answer: Record<string, unknown>;
      if (req.method === 'GET' && url.pathname === '/sns/jscode2session') answer = loginAnswer(url);
      else if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') answer = tokenAnswer(body);
      else if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
        answer = sendAnswer(url.searchParams.get('access_token'), body);
        if (answer.errcode !== 0) rejected.push(answer as { errcode: number; errmsg: string });
      } else answer = { errcode: 404, errmsg: 'not found' };
      // WeChat labels its JSON text/plain at times
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** jscode2session calls, in order. */
    loginCalls,
    /** Messages accepted, in order, with the token they came with. */
    sent,
    /** Error answers to sends, in order. */
    rejected,
    tokenCalls: () => tokenCalls,
    /** The token handed out now, if any. */
    currentToken: () => current,
    /** The next sends answer these errcodes (40001 and 42001 also end the token they came with). */
    failNextSends(...codes: number[]) {
      failNext.push(...codes);
    },
    /** Sends to this openid answer 43101 (she turned the messages off). */
    refuse(openid: string) {
      refused.add(openid);
    },
    /** Ends the token handed out (as WeChat does when it expires): the next send is told 42001/40001. */
    revokeToken() {
      if (current) valid.delete(current);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WechatStandin = Awaited<ReturnType<typeof startWechatStandin>>;
