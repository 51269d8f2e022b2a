import { z } from 'zod';
import { StaffRole, staffRoleValues } from '../enums';
import { Timestamp } from './common';
import { User } from './me';

/** `POST /api/auth/dev-login`: a development stand-in for WeChat login. */
export const DevLoginBody = z.strictObject({
  openid: z
    .string()
    .trim()
    .min(1, '请填写 openid')
    .max(64, 'openid 太长')
    .regex(/^[\w-]+$/, 'openid 只能包含字母、数字、下划线和短横线'),
  nickname: z.string().trim().min(1).max(32, '昵称最多 32 个字').optional(),
});
export type DevLoginBody = z.infer<typeof DevLoginBody>;

/** `POST /api/auth/wx-login`: the code from `Taro.login`. */
export const WxLoginBody = z.strictObject({
  code: z.string().trim().min(1, '缺少登录凭证').max(128, '登录凭证格式不对'),
});
export type WxLoginBody = z.infer<typeof WxLoginBody>;

/** A resident's login answer. The token is a short-lived JWT naming a server-side session. */
export const AuthResult = z.object({
  token: z.string(),
  expiresAt: Timestamp,
  user: User,
});
export type AuthResult = z.infer<typeof AuthResult>;

/** `POST /api/agent/login`. */
export const AgentLoginBody = z.strictObject({
  username: z.string().trim().min(1, '请填写用户名').max(32, '用户名太长'),
  password: z.string().min(1, '请填写密码').max(128, '密码太长'),
  /** The token this browser got at an earlier login: its logins are never held up by others' wrong passwords. */
  deviceToken: z
    .string()
    .regex(/^[\w-]{20,64}$/)
    .optional(),
});
export type AgentLoginBody = z.infer<typeof AgentLoginBody>;

/** An agent or supervisor as the workbench shows them. */
export const Agent = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(staffRoleValues),
});
export type Agent = z.infer<typeof Agent>;

export const AgentAuthResult = z.object({
  token: z.string(),
  expiresAt: Timestamp,
  agent: Agent,
  /** Keep it (also after signing out) and send it with the next login from this device. */
  deviceToken: z.string(),
});
export type AgentAuthResult = z.infer<typeof AgentAuthResult>;

/** A staff username held up by wrong passwords, as the supervisor sees it. */
export const LoginLock = z.object({
  username: z.string(),
  displayName: z.string(),
  /** Wrong passwords in the current window. */
  failures: z.number().int().min(0),
  /** How long a try from an address that already failed must still wait (0: none now). */
  waitSeconds: z.number().int().min(0),
  /** So many failures that only her own known devices get in until the window ends. */
  onlyKnownDevices: z.boolean(),
});
export type LoginLock = z.infer<typeof LoginLock>;

export const LoginLockList = z.object({ items: z.array(LoginLock) });
export type LoginLockList = z.infer<typeof LoginLockList>;

/** `POST /api/agent/supervisor/login-locks/:username/clear`. */
export const LoginLockParams = z.object({ username: z.string().trim().min(1).max(32) });
export type LoginLockParams = z.infer<typeof LoginLockParams>;

export { StaffRole };
