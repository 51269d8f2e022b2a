import type { Endpoint } from './endpoint';
import { IdParams } from '../schemas/common';
import { Campaign, CampaignList, StartCampaignBody } from '../schemas/followup-campaigns';
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

/**
 * Follow-up (回访): the due list, the record of a call, the 回访简报, counter services registered,
 * 专题回访 (campaigns).
 */
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
  listCampaigns: {
    method: 'GET',
    path: '/api/agent/followups/campaigns',
    summary: '专题回访（进行中的在前，带回访数和已回访数）',
    access: 'followup',
    response: CampaignList,
  },
  startCampaign: {
    method: 'POST',
    path: '/api/agent/followups/campaigns',
    summary: '开始专题回访：范围内时间段里办完的业务全部回访',
    access: 'supervisor',
    body: StartCampaignBody,
    response: Campaign,
    status: 201,
  },
  endCampaign: {
    method: 'POST',
    path: '/api/agent/followups/campaigns/:id/end',
    summary: '结束专题回访（已有的回访留在回访台）',
    access: 'supervisor',
    params: IdParams,
    response: Campaign,
  },
  // after every fixed path under /api/agent/followups/: its :id would take them
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
