import { messageFor } from '@bianmin/shared';
import { ApiError, createApiClient } from '../../api/client';
import { taroTransport } from '../../api/transport';
import { isH5 } from '../../lib/platform';
import { createAgentSession } from '../../store/agentSession';
import { taroStorage } from '../../store/storage';

/** The workbench's session (staff token) and its API client, separate from the resident's. */
export const agentSession = createAgentSession(taroStorage);

/**
 * The typed client with the staff token. A staff session cannot be renewed silently (it needs the
 * password): an expired one is forgotten and the call fails with UNAUTHENTICATED, and the page
 * goes back to the login.
 */
export const agentApi = createApiClient({
  baseUrl: BIANMIN_API_BASE,
  transport: taroTransport,
  overridePatch: !isH5,
  auth: {
    token: () => agentSession.token(),
    renew: () => {
      agentSession.signOut();
      return Promise.reject(new ApiError('UNAUTHENTICATED', messageFor('UNAUTHENTICATED'), 401));
    },
  },
});

/** The login page's path (also the H5 address `#/packages/agent/login/index`). */
export const AGENT_LOGIN = '/packages/agent/login/index';
export const AGENT_DESK = '/packages/agent/desk/index';
export const AGENT_SUPERVISOR = '/packages/agent/supervisor/index';
/** 工单台: dispatch and 对单 of work orders (agents, supervisors, coordinators). */
export const AGENT_ORDERS = '/packages/agent/orders/index';
