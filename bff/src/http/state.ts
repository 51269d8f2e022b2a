import type Koa from 'koa';
import type { Role } from '@bianmin/shared';
import type { Logger } from '../lib/logger';

/** Who a valid token belongs to. */
export interface AuthInfo {
  sessionId: string;
  /** The user's or agent's id. */
  subjectId: string;
  role: Role;
}

/** What the middleware chain puts on `ctx.state`. */
export interface AppState {
  requestId: string;
  /** A logger bound to this request's id. */
  log: Logger;
  auth?: AuthInfo;
  /** The request body as received, for signature checks (payment notifications). */
  rawBody?: Buffer;
  /** The parsed JSON body; `undefined` when the request had none. */
  body?: unknown;
  /** Stages timed for `Server-Timing`, when it is on (http/timing.ts). */
  timing?: Array<{ name: string; ms: number }>;
}

export type AppContext = Koa.ParameterizedContext<AppState>;
export type AppMiddleware = Koa.Middleware<AppState>;
