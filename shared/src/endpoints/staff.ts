import type { Endpoint } from './endpoint';
import { LoginLockList, LoginLockParams } from '../schemas/auth';
import { WebhookFailureList, WebhookFailureQuery, WebhookParams } from '../schemas/outbox';

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
  listWebhookFailures: {
    method: 'GET',
    path: '/api/agent/supervisor/webhooks/failed',
    summary: '没能送达外部工单系统的消息（超过重试次数），最新的在前，分页',
    access: 'supervisor',
    query: WebhookFailureQuery,
    response: WebhookFailureList,
  },
  resendWebhook: {
    method: 'POST',
    path: '/api/agent/supervisor/webhooks/:id/resend',
    summary: '把一条没送达的消息重新发送',
    access: 'supervisor',
    params: WebhookParams,
    status: 204,
  },
} as const satisfies Record<string, Endpoint>;
