import type { Endpoint } from './endpoint';
import { IdParams } from '../schemas/common';
import {
  Bulletin,
  BulletinQuery,
  FollowupListQuery,
  FollowupPage,
  FollowupRecordBody,
  FollowupTask,
  RegisterServicesBody,
  RegisterServicesResult,
} from '../schemas/followups';

/** Follow-up (回访): the due list, the record of a call, the 回访简报, counter services registered. */
export const followupEndpoints = {
  listFollowups: {
    method: 'GET',
    path: '/api/agent/followups',
    summary: '回访名单（按到期先后，分页）',
    access: 'followup',
    query: FollowupListQuery,
    response: FollowupPage,
  },
  followupBulletin: {
    method: 'GET',
    path: '/api/agent/followups/bulletin',
    summary: '回访简报（周、月、季、年，与去年同期比；可导出 CSV）',
    access: 'followup',
    query: BulletinQuery,
    response: Bulletin,
  },
  registerServices: {
    method: 'POST',
    path: '/api/agent/followups/services',
    summary: '登记营业所系统里办完的业务，供回访抽样',
    access: 'followup',
    body: RegisterServicesBody,
    response: RegisterServicesResult,
  },
  recordFollowup: {
    method: 'POST',
    path: '/api/agent/followups/:id',
    summary: '记录回访结果（一次）',
    access: 'followup',
    params: IdParams,
    body: FollowupRecordBody,
    response: FollowupTask,
  },
} as const satisfies Record<string, Endpoint>;
