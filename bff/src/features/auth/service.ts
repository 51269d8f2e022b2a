import type { Agent, AgentAuthResult, AuthResult, Role } from '@bianmin/shared';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Authenticator } from '../../http/auth';
import type { Clock } from '../../lib/clock';
import type { Copies } from '../../lib/events/copies';
import { retryAfterSeconds, type Limits } from '../../lib/limits';
import { randomId } from '../../lib/ids';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../lib/password';
import type { TokenSigner } from '../../lib/tokens';
import type { WechatClient } from '../../lib/wechat';
import type { UserService } from '../users/service';
import { toUserDto } from '../users/service';

export interface AuthServiceDeps {
  models: Models;
  clock: Clock;
  signer: TokenSigner;
  users: UserService;
  wechat: WechatClient;
  /** This instance's copies of live sessions, dropped everywhere on logout (lib/events/copies.ts). */
  copies: Copies;
  limits: Limits;
  settings: {
    sessionTtlMinutes: number;
    staffSessionTtlMinutes: number;
    devLoginEnabled: boolean;
    loginPerResidentPerMinute: number;
  };
}

/** Sessions and logins for residents (WeChat, or the development login) and for staff (password). */
export function createAuthService(deps: AuthServiceDeps): Authenticator & {
  devLogin(input: { openid: string; nickname?: string | undefined }): Promise<AuthResult>;
  wxLogin(code: string): Promise<AuthResult>;
  agentLogin(username: string, password: string): Promise<Omit<AgentAuthResult, 'deviceToken'> | null>;
  logout(sessionId: string): Promise<void>;
  sessionAlive(sessionId: string): Promise<boolean>;
  sweepExpired(): Promise<number>;
} {
  const { models, clock, signer, users, wechat, copies, limits, settings } = deps;
  const residentRule = { max: settings.loginPerResidentPerMinute, windowMs: 60_000 };

  /** Refuses a resident's login past her own limit (the address limit on the route is high). */
  async function limitResident(openid: string): Promise<void> {
    const outcome = await limits.take('login-resident', openid, residentRule);
    if (!outcome.ok) {
      throw new AppError('RATE_LIMITED', '登录太频繁了，请过一会儿再试。', {
        retryAfterSeconds: retryAfterSeconds(outcome),
      });
    }
  }
  const sessionKey = (sid: string) => `session:${sid}`;
  /** The session as stored; a live one may come from this instance's copy (copies.ts). */
  const readSession = (sid: string) =>
    copies.get(
      sessionKey(sid),
      () => models.Session.findById(sid, { subjectId: 1, role: 1, expiresAt: 1, revokedAt: 1 }).lean(),
      (session) => Boolean(session && !session.revokedAt),
    );

  async function openSession(subjectId: string, role: Role, extra: { wxSessionKey?: string } = {}) {
    const ttl = role === 'resident' ? settings.sessionTtlMinutes : settings.staffSessionTtlMinutes;
    const expiresAt = new Date(clock.now().getTime() + ttl * 60_000);
    const sid = randomId();
    await models.Session.create({ _id: sid, subjectId, role, expiresAt, wxSessionKey: extra.wxSessionKey ?? null });
    copies.put(sessionKey(sid), { _id: sid, subjectId, role, expiresAt, revokedAt: null });
    return { token: signer.sign({ sid, sub: subjectId, role }, expiresAt), expiresAt: expiresAt.toISOString() };
  }

  return {
    async devLogin({ openid, nickname }) {
      if (!settings.devLoginEnabled) throw new AppError('DEV_LOGIN_DISABLED');
      await limitResident(`dev:${openid}`);
      const user = await users.upsertByOpenid(`dev:${openid}`, { nickname });
      return { ...(await openSession(String(user._id), 'resident')), user: toUserDto(user) };
    },

    async wxLogin(code) {
      const session = await wechat.code2Session(code);
      await limitResident(session.openid);
      const user = await users.upsertByOpenid(session.openid, { unionid: session.unionid });
      const opened = await openSession(String(user._id), 'resident', { wxSessionKey: session.sessionKey });
      return { ...opened, user: toUserDto(user) };
    },

    async agentLogin(username, password) {
      const agent = await models.Agent.findOne({ username, active: true }).select('+passwordHash');
      // verify against a dummy hash when the name is unknown, so the answer time tells nothing
      const ok = await verifyPassword(password, agent?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!agent || !ok) return null;
      const dto: Agent = {
        id: String(agent._id),
        username: agent.username,
        displayName: agent.displayName,
        role: agent.role,
      };
      return { ...(await openSession(dto.id, agent.role)), agent: dto };
    },

    /** Ends the session; answers once no instance accepts it any more. */
    async logout(sessionId) {
      await models.Session.updateOne({ _id: sessionId, revokedAt: null }, { $set: { revokedAt: clock.now() } });
      await copies.drop([sessionKey(sessionId)], { wait: true });
    },

    async authenticate(token) {
      const now = clock.now();
      const claims = signer.verify(token, now);
      if (!claims) return { ok: false, reason: 'invalid' };
      if (claims.expired) return { ok: false, reason: 'expired' };
      const session = await readSession(claims.sid);
      if (!session || session.revokedAt || session.subjectId !== claims.sub || session.role !== claims.role) {
        return { ok: false, reason: 'invalid' };
      }
      if (session.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, auth: { sessionId: session._id, subjectId: session.subjectId, role: session.role } };
    },

    /** True while the session exists, is not revoked (logout) and has not expired by the clock. */
    async sessionAlive(sessionId) {
      const session = await readSession(sessionId);
      return Boolean(session && !session.revokedAt && session.expiresAt.getTime() > clock.now().getTime());
    },

    /** Deletes sessions past their expiry; run periodically (there is no TTL index to do it). */
    async sweepExpired() {
      const result = await models.Session.deleteMany({ expiresAt: { $lt: clock.now() } });
      return result.deletedCount;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
