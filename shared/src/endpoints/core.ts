import type { Endpoint } from './endpoint';
import { AgentAuthResult, AgentLoginBody, AuthResult, DevLoginBody, WxLoginBody } from '../schemas/auth';
import { Health } from '../schemas/health';
import { MePatch, User } from '../schemas/me';

/** Sign-in, the resident's profile and health: the endpoints every feature stands on. */
export const coreEndpoints = {
  devLogin: {
    method: 'POST',
    path: '/api/auth/dev-login',
    summary: '开发登录（仅在开启时可用）',
    access: 'public',
    body: DevLoginBody,
    response: AuthResult,
  },
  wxLogin: {
    method: 'POST',
    path: '/api/auth/wx-login',
    summary: '微信登录：用 Taro.login 的 code 换取会话',
    access: 'public',
    body: WxLoginBody,
    response: AuthResult,
  },
  logout: {
    method: 'POST',
    path: '/api/auth/logout',
    summary: '退出登录，令牌立即失效',
    access: 'authenticated',
    status: 204,
  },
  getMe: {
    method: 'GET',
    path: '/api/me',
    summary: '我的资料',
    access: 'resident',
    response: User,
  },
  patchMe: {
    method: 'PATCH',
    path: '/api/me',
    summary: '修改长辈模式、出生年份、手机号、昵称',
    access: 'resident',
    body: MePatch,
    response: User,
  },
  agentLogin: {
    method: 'POST',
    path: '/api/agent/login',
    summary: '客服与班长登录',
    access: 'public',
    body: AgentLoginBody,
    response: AgentAuthResult,
  },
  health: {
    method: 'GET',
    path: '/api/health',
    summary: '健康检查：数据库不可用时返回 503',
    access: 'public',
    response: Health,
  },
} as const satisfies Record<string, Endpoint>;
