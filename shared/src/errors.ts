import { z } from 'zod';

/**
 * Stable error codes. Programs branch on the code; people read the Chinese message. The BFF
 * sends the message below unless it has a more specific one, and the mini-program shows the
 * message for a code it knows, so a resident never sees an English or technical text.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  BAD_JSON: 'BAD_JSON',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  DEV_LOGIN_DISABLED: 'DEV_LOGIN_DISABLED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  WX_LOGIN_FAILED: 'WX_LOGIN_FAILED',
  WX_UNAVAILABLE: 'WX_UNAVAILABLE',
  DB_UNAVAILABLE: 'DB_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
  /** Client side only: the request never reached the BFF. */
  NETWORK_ERROR: 'NETWORK_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What a person reads for each code: short, plain, and saying what to do next. */
export const errorMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后再试。',
  BAD_JSON: '请求内容格式不对，请重试。',
  UNSUPPORTED_MEDIA_TYPE: '请求内容格式不对，请重试。',
  PAYLOAD_TOO_LARGE: '提交的内容太多了，请删减后再试。',
  UNAUTHENTICATED: '请先登录。',
  SESSION_EXPIRED: '登录已过期，请重新登录。',
  FORBIDDEN: '您没有权限做这件事。',
  NOT_FOUND: '没有找到相关内容。',
  CONFLICT: '这件事已经有人处理了，请刷新后再看。',
  RATE_LIMITED: '操作太频繁了，请稍等一会儿再试。',
  DEV_LOGIN_DISABLED: '开发登录没有开启。',
  INVALID_CREDENTIALS: '用户名或密码不对。',
  WX_LOGIN_FAILED: '微信登录没有成功，请重新打开小程序。',
  WX_UNAVAILABLE: '微信服务暂时连不上，请稍后再试。',
  DB_UNAVAILABLE: '系统正忙，请稍后再试。',
  INTERNAL: '系统出了点问题，请稍后再试。',
  NETWORK_ERROR: '网络连不上，请检查网络后再试。',
};

/** The message for any code string, falling back to the generic one for codes this build does not know. */
export function messageFor(code: string): string {
  return code in errorMessages ? errorMessages[code as ErrorCode] : errorMessages.INTERNAL;
}

/** One field problem in a validation error. */
export const FieldIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** The one error envelope every failing response uses. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(FieldIssue).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
