import { messageFor, type StaffRole } from '@bianmin/shared';
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
/** 回访台: the 回访员's due list and the record of a call (follow-up staff and supervisors). */
export const AGENT_FOLLOWUPS = '/packages/agent/followups/index';
/** 回访简报: each team's follow-up results against the same period a year before. */
export const AGENT_BULLETIN = '/packages/agent/bulletin/index';
/** 专题回访: a supervisor's thematic campaigns, started and ended there. */
export const AGENT_CAMPAIGNS = '/packages/agent/campaigns/index';
/** 案例库: the complaint cases staff kept, by problem category. */
export const AGENT_CASES = '/packages/agent/cases/index';

/**
 * Where a staff member starts after signing in: field staff and coordinators in the field app, a
 * 回访员 at her 回访台 (the help desk would refuse her), everyone else at the help desk.
 */
export function staffHome(role: StaffRole): string {
  if (role === 'field' || role === 'coordinator') return '/packages/field/home/index';
  if (role === 'followup') return AGENT_FOLLOWUPS;
  return AGENT_DESK;
}
