import { defineErrors } from './define';

/** Errors any endpoint can answer. Messages are short, plain, and say what to do next. */
export const coreErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, message: '填写的内容有误，请检查后再试。' },
  BAD_JSON: { status: 400, message: '请求内容格式不对，请重试。' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求内容格式不对，请重试。' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容太多了，请删减后再试。' },
  UNAUTHENTICATED: { status: 401, message: '请先登录。' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录。' },
  FORBIDDEN: { status: 403, message: '您没有权限做这件事。' },
  NOT_FOUND: { status: 404, message: '没有找到相关内容。' },
  CONFLICT: { status: 409, message: '这件事已经有人处理了，请刷新后再看。' },
  RATE_LIMITED: { status: 429, message: '操作太频繁了，请稍等一会儿再试。' },
  DEV_LOGIN_DISABLED: { status: 403, message: '开发登录没有开启。' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码不对。' },
  WX_LOGIN_FAILED: { status: 401, message: '微信登录没有成功，请重新打开小程序。' },
  WX_UNAVAILABLE: { status: 502, message: '微信服务暂时连不上，请稍后再试。' },
  DB_UNAVAILABLE: { status: 503, message: '系统正忙，请稍后再试。' },
  INTERNAL: { status: 500, message: '系统出了点问题，请稍后再试。' },
  /** Client side only: the request never reached the BFF. */
  NETWORK_ERROR: { status: 503, message: '网络连不上，请检查网络后再试。' },
});
