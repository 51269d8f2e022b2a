import { z } from 'zod';
import { cityDistricts } from '../enums';
import { fieldUtilityValues, noticeKindValues, noticeStatusValues } from '../enums-workorders';
import { Timestamp } from './common';

/**
 * Outage notices (停电/停水/停气) published by coordinators and supervisors, and incidents: many
 * reports of one outage grouped for agents. The resident's view of a notice is `NoticeBrief`.
 */

/** An outage notice as a resident reads it. */
export const NoticeBrief = z.object({
  id: z.string(),
  utility: z.enum(fieldUtilityValues),
  kind: z.enum(noticeKindValues),
  status: z.enum(noticeStatusValues),
  district: z.string(),
  streets: z.array(z.string()),
  /** `东城区计划停电`. */
  title: z.string(),
  description: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp.nullable(),
  /** One sentence with the times in Beijing: `预计 1月5日 18:00 恢复。` */
  whenText: z.string(),
  updatedAt: Timestamp,
});
export type NoticeBrief = z.infer<typeof NoticeBrief>;

/** `GET /api/notices`: notices for the districts of my bound accounts. */
export const NoticeList = z.object({ items: z.array(NoticeBrief) });
export type NoticeList = z.infer<typeof NoticeList>;

const Street = z.string().trim().min(1).max(40, '街道最多 40 个字');

/** `POST /api/agent/notices`. */
export const NoticeBody = z
  .strictObject({
    utility: z.enum(fieldUtilityValues),
    kind: z.enum(noticeKindValues),
    district: z.enum(cityDistricts, { error: '请选择区' }),
    streets: z.array(Street).max(20, '最多 20 条街道').optional(),
    title: z.string().trim().min(2).max(40, '标题最多 40 个字').optional(),
    description: z.string().trim().min(2, '请写明范围和原因').max(500, '最多 500 个字'),
    startsAt: Timestamp,
    endsAt: Timestamp.optional(),
  })
  .refine((b) => b.endsAt === undefined || Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    message: '恢复时间要晚于开始时间',
    path: ['endsAt'],
  });
export type NoticeBody = z.infer<typeof NoticeBody>;

/** `POST /api/agent/notices/:id`: a new status, a new expected end, more words. */
export const NoticeUpdateBody = z
  .strictObject({
    status: z.enum(noticeStatusValues).optional(),
    endsAt: Timestamp.optional(),
    description: z.string().trim().min(2).max(500, '最多 500 个字').optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请至少改一项');
export type NoticeUpdateBody = z.infer<typeof NoticeUpdateBody>;

/** A notice for staff: the resident's view plus who published it. */
export const Notice = NoticeBrief.extend({
  createdBy: z.string().nullable(),
  createdAt: Timestamp,
  /** Reports (报修) linked to it. */
  orders: z.number().int().min(0),
});
export type Notice = z.infer<typeof Notice>;

export const StaffNoticeList = z.object({ items: z.array(Notice) });
export type StaffNoticeList = z.infer<typeof StaffNoticeList>;

/** `GET /api/agent/notices`: live ones by default. */
export const StaffNoticesQuery = z.object({ state: z.enum(['live', 'all']).default('live') });
export type StaffNoticesQuery = z.infer<typeof StaffNoticesQuery>;

/** Many reports of one outage in one district, grouped. */
export const Incident = z.object({
  id: z.string(),
  utility: z.enum(fieldUtilityValues),
  district: z.string(),
  status: z.enum(['open', 'closed']),
  /** `东城区停电：23 起报修`. */
  title: z.string(),
  orders: z.number().int().min(0),
  orderIds: z.array(z.string()),
  noticeId: z.string().nullable(),
  firstAt: Timestamp,
  lastAt: Timestamp,
});
export type Incident = z.infer<typeof Incident>;

export const IncidentList = z.object({ items: z.array(Incident) });
export type IncidentList = z.infer<typeof IncidentList>;

/** SSE `workorder.incident` on the agents' stream. */
export const IncidentEvent = z.object({ incident: Incident });
export type IncidentEvent = z.infer<typeof IncidentEvent>;
