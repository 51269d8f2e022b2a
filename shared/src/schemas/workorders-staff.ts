import { z } from 'zod';
import { staffRoleValues } from '../enums';
import { satisfactionValues } from '../enums-help';
import {
  fieldUtilityValues,
  problemValues,
  progressStepValues,
  repairCauseValues,
  slaClockValues,
  slotPartValues,
  unitMemberRoleValues,
  workOrderActionValues,
  workOrderActorValues,
  workOrderPriorityValues,
  workOrderSourceValues,
  workOrderStatusValues,
  workOrderTypeValues,
} from '../enums-workorders';
import { ClientKey, Id, MobilePhone, Timestamp } from './common';
import { BeijingDay, PhotoIds, PhotoRef, SlotChoice, TimeWindow, WorkOrderAddress, WorkReport } from './workorders';

/**
 * Work orders as staff see them: the field app of a unit's members, the dispatch desk of agents,
 * supervisors and coordinators, and the units themselves.
 */

const Reason = z.string().trim().min(2, '请写明原因').max(200, '原因最多 200 个字');

/** A unit as a list shows it. */
export const UnitBrief = z.object({
  id: z.string(),
  name: z.string(),
  utility: z.enum(fieldUtilityValues),
  district: z.string(),
  phone: z.string().nullable(),
});
export type UnitBrief = z.infer<typeof UnitBrief>;

/** A member of a unit. The phone is a work phone, shown to residents only once she accepted. */
export const UnitMember = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(unitMemberRoleValues),
  phone: z.string().nullable(),
});
export type UnitMember = z.infer<typeof UnitMember>;

/** A unit (责任单位) with its members and the grids it serves. */
export const Unit = UnitBrief.extend({ grids: z.array(z.string()), members: z.array(UnitMember) });
export type Unit = z.infer<typeof Unit>;

export const UnitList = z.object({ items: z.array(Unit) });
export type UnitList = z.infer<typeof UnitList>;

/** `GET /api/field/me`: the signed-in member and her unit. */
export const FieldMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(staffRoleValues),
  unit: Unit.nullable(),
});
export type FieldMe = z.infer<typeof FieldMe>;

const Ref = z.object({ id: z.string(), name: z.string() });

/** The time limits and when each was met. */
export const WorkOrderDue = z.object({
  contact: Timestamp.nullable(),
  arrival: Timestamp.nullable(),
  completion: Timestamp.nullable(),
});

/** An order in the field app's and the desk's lists. */
export const StaffWorkOrderItem = z.object({
  id: z.string(),
  no: z.string(),
  type: z.enum(workOrderTypeValues),
  priority: z.enum(workOrderPriorityValues),
  utility: z.enum(fieldUtilityValues),
  problem: z.enum(problemValues).nullable(),
  status: z.enum(workOrderStatusValues),
  source: z.enum(workOrderSourceValues),
  danger: z.boolean(),
  district: z.string(),
  /** The full address: field staff go there. */
  address: z.string(),
  /** Masked: `张*明`. */
  residentName: z.string(),
  unit: Ref.nullable(),
  assignee: Ref.nullable(),
  slot: z.object({ day: BeijingDay, part: z.enum(slotPartValues), text: z.string() }).nullable(),
  due: WorkOrderDue,
  /** The next time limit still to meet, for sorting by due time. */
  nextDue: z.object({ clock: z.enum(slaClockValues), at: Timestamp }).nullable(),
  /** 0 none, 1 the coordinator was alerted, 2 the supervisors. */
  escalationLevel: z.number().int().min(0).max(2),
  incidentId: z.string().nullable(),
  noticeId: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type StaffWorkOrderItem = z.infer<typeof StaffWorkOrderItem>;

export const StaffWorkOrderList = z.object({ serverTime: Timestamp, items: z.array(StaffWorkOrderItem) });
export type StaffWorkOrderList = z.infer<typeof StaffWorkOrderList>;

/** One step of the audit trail, in Chinese words. */
export const WorkOrderStepView = z.object({
  n: z.number().int().min(0),
  at: Timestamp,
  action: z.enum(workOrderActionValues),
  actor: z.object({ kind: z.enum(workOrderActorValues), id: z.string().nullable(), name: z.string().nullable() }),
  from: z.enum(workOrderStatusValues).nullable(),
  to: z.enum(workOrderStatusValues),
  text: z.string(),
});
export type WorkOrderStepView = z.infer<typeof WorkOrderStepView>;

/** An order in full for staff: the field member on it, her coordinator, the dispatch desk. */
export const StaffWorkOrder = StaffWorkOrderItem.extend({
  helpId: z.string().nullable(),
  /** The follow-up (回访) whose call heard the complaint this order is for. */
  followupId: z.string().nullable(),
  gridId: z.string().nullable(),
  accountNo: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  resident: z.object({
    name: z.string(),
    phoneMasked: z.string().nullable(),
    /** In full for the member it is assigned to and her coordinator, to call her. */
    phone: z.string().nullable(),
  }),
  description: z.string().nullable(),
  photos: z.array(PhotoRef),
  preferredTime: z.object({ from: Timestamp, to: Timestamp }).nullable(),
  assigneePhone: z.string().nullable(),
  dispatcher: Ref.nullable(),
  met: WorkOrderDue,
  report: WorkReport.nullable(),
  unable: z.object({ reason: z.string(), newTime: Timestamp, at: Timestamp }).nullable(),
  lastReturn: z.object({ reason: z.string(), by: z.string().nullable(), at: Timestamp }).nullable(),
  lastCheck: z
    .object({ accepted: z.boolean(), reason: z.string().nullable(), by: z.string().nullable(), at: Timestamp })
    .nullable(),
  rating: z
    .object({ satisfaction: z.enum(satisfactionValues), comment: z.string().nullable(), at: Timestamp })
    .nullable(),
  steps: z.array(WorkOrderStepView),
});
export type StaffWorkOrder = z.infer<typeof StaffWorkOrder>;

/** `GET /api/field/orders`: mine (by due time), or the unit's open ones (coordinators). */
export const FieldOrdersQuery = z.object({ scope: z.enum(['mine', 'unit', 'done']).default('mine') });
export type FieldOrdersQuery = z.infer<typeof FieldOrdersQuery>;

/** `GET /api/agent/workorders`: what needs a dispatcher, what waits for 对单, all open. */
export const DeskOrdersQuery = z.object({ state: z.enum(['dispatch', 'check', 'open', 'done']).default('dispatch') });
export type DeskOrdersQuery = z.infer<typeof DeskOrdersQuery>;

/** `POST /api/field/orders/:id/progress`: 已联系居民, 已出发, 已到达. */
export const ProgressBody = z.strictObject({
  step: z.enum(progressStepValues),
  note: z.string().trim().max(200, '最多 200 个字').optional(),
});
export type ProgressBody = z.infer<typeof ProgressBody>;

/** `POST /api/field/orders/:id/complete`: the 回单. */
export const CompleteBody = z.strictObject({
  summary: z.string().trim().min(2, '请写明做了什么').max(500, '最多 500 个字'),
  cause: z.enum(repairCauseValues, { error: '请选一个原因' }),
  notes: z.string().trim().max(500, '最多 500 个字').optional(),
  photoIds: PhotoIds(6).optional(),
});
export type CompleteBody = z.infer<typeof CompleteBody>;

/** `POST /api/field/orders/:id/unable`: 无法完成, with the reason and the new time agreed. */
export const UnableBody = z.strictObject({ reason: Reason, newTime: Timestamp });
export type UnableBody = z.infer<typeof UnableBody>;

/** `POST /api/field/orders/:id/return`: 退单 back to the dispatcher. */
export const ReturnBody = z.strictObject({ reason: Reason });
export type ReturnBody = z.infer<typeof ReturnBody>;

/** `POST /api/field/orders/:id/assign`: the coordinator gives it to a member. */
export const AssignBody = z.strictObject({ memberId: Id });
export type AssignBody = z.infer<typeof AssignBody>;

/** `POST /api/agent/workorders/:id/dispatch`: to a unit (again, after a 退单). */
export const DispatchBody = z.strictObject({ unitId: Id });
export type DispatchBody = z.infer<typeof DispatchBody>;

/** `POST /api/agent/workorders/:id/check`: 对单, accept the 回单 or return it with a reason. */
export const CheckBody = z
  .strictObject({ accept: z.boolean(), reason: Reason.optional() })
  .refine((b) => b.accept || b.reason !== undefined, { message: '退回时请写明原因', path: ['reason'] });
export type CheckBody = z.infer<typeof CheckBody>;

/** `POST /api/agent/workorders`: an order opened by a supervisor or a coordinator. */
export const StaffCreateBody = z
  .strictObject({
    clientKey: ClientKey.optional(),
    type: z.enum(workOrderTypeValues),
    utility: z.enum(fieldUtilityValues),
    problem: z.enum(problemValues).optional(),
    accountId: Id.optional(),
    address: WorkOrderAddress.optional(),
    residentName: z.string().trim().min(1, '请填写居民称呼').max(20, '最多 20 个字'),
    residentPhone: MobilePhone,
    description: z.string().trim().min(2, '请写明问题').max(500, '最多 500 个字'),
    unitId: Id.optional(),
    preferredTime: TimeWindow.optional(),
    slot: SlotChoice.optional(),
  })
  .refine((b) => b.accountId !== undefined || b.address !== undefined, {
    message: '请选一个户号，或者填写地址',
    path: ['address'],
  });
export type StaffCreateBody = z.infer<typeof StaffCreateBody>;

/** `POST /api/agent/workorders/from-help/:id`: 转工单, nothing re-entered. */
export const FromHelpBody = z.strictObject({
  type: z.enum(workOrderTypeValues),
  unitId: Id.optional(),
  problem: z.enum(problemValues).optional(),
  note: z.string().trim().max(500, '最多 500 个字').optional(),
});
export type FromHelpBody = z.infer<typeof FromHelpBody>;

/** `GET /api/agent/workorders/from-help/:id`: what 转工单 would fill in, and the unit it suggests. */
export const FromHelpDraft = z.object({
  helpId: z.string(),
  utility: z.enum(fieldUtilityValues).nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  type: z.enum(workOrderTypeValues),
  problem: z.enum(problemValues).nullable(),
  suggestedUnit: UnitBrief.nullable(),
  units: z.array(UnitBrief),
  /** Orders this help request already turned into. */
  existing: z.array(z.object({ id: z.string(), no: z.string(), status: z.enum(workOrderStatusValues) })),
});
export type FromHelpDraft = z.infer<typeof FromHelpDraft>;

/** `POST /api/agent/workorders/:id/link`: 关联工单 to an incident or a notice. */
export const LinkBody = z
  .strictObject({ incidentId: Id.optional(), noticeId: Id.optional() })
  .refine((b) => (b.incidentId === undefined) !== (b.noticeId === undefined), {
    message: '请选一个事件或一条停电停水通知',
  });
export type LinkBody = z.infer<typeof LinkBody>;

/** A time limit that passed (督办). */
export const WorkOrderEscalation = z.object({
  id: z.string(),
  orderId: z.string(),
  no: z.string(),
  clock: z.enum(slaClockValues),
  level: z.number().int().min(1).max(2),
  dueAt: Timestamp,
  at: Timestamp,
  unit: Ref.nullable(),
  assignee: Ref.nullable(),
  status: z.enum(workOrderStatusValues),
  /** `东城供电所 GD… 到达时限已过，已督办客服工程师`. */
  text: z.string(),
});
export type WorkOrderEscalation = z.infer<typeof WorkOrderEscalation>;

export const WorkOrderEscalationList = z.object({ items: z.array(WorkOrderEscalation) });
export type WorkOrderEscalationList = z.infer<typeof WorkOrderEscalationList>;

/** SSE `workorder.changed` on staff streams. `unitIds`: the unit before and after the step. */
export const WorkOrderStaffEvent = z.object({ unitIds: z.array(z.string()), order: StaffWorkOrderItem });
export type WorkOrderStaffEvent = z.infer<typeof WorkOrderStaffEvent>;

/** SSE `workorder.escalated` on staff streams. */
export const WorkOrderEscalationEvent = z.object({ unitIds: z.array(z.string()), escalation: WorkOrderEscalation });
export type WorkOrderEscalationEvent = z.infer<typeof WorkOrderEscalationEvent>;
