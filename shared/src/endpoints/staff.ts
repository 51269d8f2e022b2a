import type { Endpoint } from './endpoint';
import { LoginLockList, LoginLockParams } from '../schemas/auth';

/** Staff accounts as a supervisor looks after them: logins held up by wrong passwords. */
export const staffEndpoints = {
  listLoginLocks: {
    method: 'GET',
    path: '/api/agent/supervisor/login-locks',
    summary: '登录受限的工作人员账号（密码输错太多次）',
    access: 'supervisor',
    response: LoginLockList,
  },
  clearLoginLock: {
    method: 'POST',
    path: '/api/agent/supervisor/login-locks/:username/clear',
    summary: '解除一个账号的登录限制',
    access: 'supervisor',
    params: LoginLockParams,
    response: LoginLockList,
  },
} as const satisfies Record<string, Endpoint>;
