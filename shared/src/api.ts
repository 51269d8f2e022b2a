import type { z } from 'zod';
import { AgentAuthResult, AgentLoginBody, AuthResult, DevLoginBody, WxLoginBody } from './schemas/auth';
import { Health } from './schemas/health';
import { MePatch, User } from './schemas/me';

/** Who may call an endpoint: `authenticated` is anyone signed in, `staff` any agent or supervisor. */
export type Access = 'public' | 'authenticated' | 'resident' | 'staff' | 'supervisor';

/**
 * One HTTP endpoint of the BFF: its path, who may call it, and the schema of every part.
 * The BFF mounts handlers by these entries and validates with their schemas, the mini-program's
 * client is typed from them, and the OpenAPI document is generated from them.
 */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Koa-style path: `/api/accounts/:id`. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The success body; absent for 204 answers. */
  response?: z.ZodType;
  /** Success status when not 200 (201 for creations, 204 for no body). */
  status?: 200 | 201 | 202 | 204;
  /** Server-Sent Events instead of a JSON body. */
  stream?: boolean;
  /** Called by a provider's servers, not by the app (no JSON client). */
  external?: boolean;
}

export const endpoints = {
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

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

type SchemaOf<E, K extends string> = E extends Record<K, infer S extends z.ZodType> ? S : undefined;

/** What a caller sends as the body of endpoint `N` (before the BFF's transforms). */
export type BodyOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'body'> extends z.ZodType ? z.input<SchemaOf<Endpoints[N], 'body'>> : undefined;
/** The query string of endpoint `N`. */
export type QueryOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'query'> extends z.ZodType ? z.input<SchemaOf<Endpoints[N], 'query'>> : undefined;
/** The path parameters of endpoint `N`. */
export type ParamsOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'params'> extends z.ZodType ? z.input<SchemaOf<Endpoints[N], 'params'>> : undefined;
/** What endpoint `N` answers on success. */
export type ResponseOf<N extends EndpointName> =
  SchemaOf<Endpoints[N], 'response'> extends z.ZodType ? z.output<SchemaOf<Endpoints[N], 'response'>> : undefined;

/** Fills `:name` segments of a path: `fillPath('/api/x/:id', {id: 'a'})` → `/api/x/a`. */
export function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
