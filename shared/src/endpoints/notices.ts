import type { Endpoint } from './endpoint';
import { IdParams } from '../schemas/common';
import {
  NoticeList,
  IncidentList,
  Notice,
  NoticeBody,
  NoticeUpdateBody,
  StaffNoticeList,
  StaffNoticesQuery,
} from '../schemas/notices';

/** Outage notices and incidents. */
export const noticeEndpoints = {
  listNotices: {
    method: 'GET',
    path: '/api/notices',
    summary: '我绑定户号所在区的停电、停水、停气通知',
    access: 'resident',
    response: NoticeList,
  },
  listStaffNotices: {
    method: 'GET',
    path: '/api/agent/notices',
    summary: '停电、停水、停气通知',
    access: 'dispatcher',
    query: StaffNoticesQuery,
    response: StaffNoticeList,
  },
  createNotice: {
    method: 'POST',
    path: '/api/agent/notices',
    summary: '发布通知（班长、客服工程师）',
    access: 'manager',
    body: NoticeBody,
    response: Notice,
    status: 201,
  },
  updateNotice: {
    method: 'POST',
    path: '/api/agent/notices/:id',
    summary: '更新通知的状态或恢复时间',
    access: 'manager',
    params: IdParams,
    body: NoticeUpdateBody,
    response: Notice,
  },
  listIncidents: {
    method: 'GET',
    path: '/api/agent/incidents',
    summary: '同一停电、停水、停气的多起报修（合并为一个事件）',
    access: 'dispatcher',
    response: IncidentList,
  },
} as const satisfies Record<string, Endpoint>;
