import { z } from 'zod';
import { AppError } from '../http/errors';

/** What `code2Session` gives for a valid login code. */
export interface WechatSession {
  openid: string;
  unionid: string | undefined;
  sessionKey: string;
}

/** The part of WeChat's server API the BFF calls. */
export interface WechatClient {
  /** Exchanges a `Taro.login` code; throws `WX_LOGIN_FAILED` for a bad code, `WX_UNAVAILABLE` when WeChat cannot be reached. */
  code2Session(code: string): Promise<WechatSession>;
}

const Code2SessionAnswer = z.object({
  openid: z.string().min(1).optional(),
  session_key: z.string().min(1).optional(),
  unionid: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});

/** errcodes that mean the code itself is bad, not that WeChat is unwell. */
const BAD_CODE = new Set([40029, 40163, 40226]);

export function createWechatClient(options: {
  appId: string | undefined;
  appSecret: string | undefined;
  apiBase: string;
  timeoutMs?: number;
}): WechatClient {
  return {
    async code2Session(code) {
      if (!options.appId || !options.appSecret) {
        throw new AppError('WX_UNAVAILABLE', '服务器还没有配置微信登录。', { status: 503 });
      }
      const url = new URL('/sns/jscode2session', options.apiBase);
      url.search = new URLSearchParams({
        appid: options.appId,
        secret: options.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();
      let answer: z.infer<typeof Code2SessionAnswer>;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        // WeChat answers JSON, sometimes labelled text/plain
        answer = Code2SessionAnswer.parse(JSON.parse(await response.text()));
      } catch {
        throw new AppError('WX_UNAVAILABLE');
      }
      if (answer.errcode && answer.errcode !== 0) {
        throw BAD_CODE.has(answer.errcode) ? new AppError('WX_LOGIN_FAILED') : new AppError('WX_UNAVAILABLE');
      }
      if (!answer.openid || !answer.session_key) throw new AppError('WX_UNAVAILABLE');
      return { openid: answer.openid, unionid: answer.unionid, sessionKey: answer.session_key };
    },
  };
}
