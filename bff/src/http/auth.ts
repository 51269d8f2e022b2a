import { helpDeskRoleValues, type Access } from '@bianmin/shared';
import { AppError } from './errors';
import { stage } from './timing';
import type { AppContext, AppMiddleware, AuthInfo } from './state';

/** Resolves a bearer token to the session behind it. */
export interface Authenticator {
  authenticate(token: string): Promise<{ ok: true; auth: AuthInfo } | { ok: false; reason: 'invalid' | 'expired' }>;
}

/** The token of `Authorization: Bearer <token>`, if any. */
export function bearerToken(ctx: AppContext): string | undefined {
  const header = ctx.get('Authorization');
  const match = /^Bearer ([\w.-]{10,2048})$/.exec(header);
  return match?.[1];
}

const ALLOWED: Record<Exclude<Access, 'public'>, ReadonlySet<AuthInfo['role']>> = {
  authenticated: new Set(['resident', 'agent', 'supervisor', 'field', 'coordinator', 'followup']),
  resident: new Set(['resident']),
  // the help workbench: never field staff or coordinators, who work in the field app
  staff: new Set(helpDeskRoleValues),
  supervisor: new Set(['supervisor']),
  unit: new Set(['field', 'coordinator']),
  coordinator: new Set(['coordinator']),
  dispatcher: new Set(['agent', 'supervisor', 'coordinator']),
  manager: new Set(['supervisor', 'coordinator']),
  followup: new Set(['followup', 'supervisor']),
};

/**
 * Lets a request through only with a live session of an allowed role: 401 without a valid
 * token (or after logout or expiry), 403 for a valid token of the wrong role.
 */
export function requireAccess(access: Access, authenticator: Authenticator): AppMiddleware {
  if (access === 'public') return (_ctx, next) => next();
  const roles = ALLOWED[access];
  return async function requireAccess(ctx, next) {
    const token = bearerToken(ctx);
    if (!token) throw new AppError('UNAUTHENTICATED');
    const result = await stage(ctx, 'auth', () => authenticator.authenticate(token));
    if (!result.ok) throw new AppError(result.reason === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (!roles.has(result.auth.role)) throw new AppError('FORBIDDEN');
    ctx.state.auth = result.auth;
    await next();
  };
}

/** The caller's session, for handlers behind `requireAccess`. */
export function authOf(ctx: AppContext): AuthInfo {
  const { auth } = ctx.state;
  if (!auth) throw new AppError('UNAUTHENTICATED');
  return auth;
}
