import { z } from 'zod';
import { cityDistricts } from '../enums';
import { satisfactionValues } from '../enums-help';
import {
  appointmentTypes,
  fieldUtilityValues,
  problemOf,
  problemValues,
  repairCauseValues,
  slotPartValues,
  workOrderActionValues,
  workOrderPriorityValues,
  workOrderStatusValues,
  workOrderTypeValues,
} from '../enums-workorders';
import { ClientKey, Id, MobilePhone, Timestamp } from './common';
import { EmergencyNumber, HelpLocation } from './help';
import { NoticeBrief } from './notices';

/**
 * Work orders as the resident sees them: 报修 and 预约, the live timeline, the rating. The staff
 * side (field app, dispatch desk) is in `workorders-staff.ts`.
 */

/** A calendar day in Beijing: `2026-01-06`. */
export const BeijingDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不对');

/** Where to go, when no bound account gives it: the district from a list, the street, the door. */
export const WorkOrderAddress = z.strictObject({
  district: z.enum(cityDistricts, { error: '请选择所在的区' }),
  street: z.string().trim().max(40, '街道最多 40 个字').optional(),
  detail: z.string().trim().min(2, '请写上小区和门牌号').max(100, '地址最多 100 个字'),
});
export type WorkOrderAddress = z.infer<typeof WorkOrderAddress>;

/** A preferred time window for the visit. */
export const TimeWindow = z
  .strictObject({ from: Timestamp, to: Timestamp })
  .refine((w) => Date.parse(w.to) > Date.parse(w.from), { message: '结束时间要晚于开始时间', path: ['to'] });
export type TimeWindow = z.infer<typeof TimeWindow>;

/** A booked half day (预约). */
export const SlotChoice = z.strictObject({ day: BeijingDay, part: z.enum(slotPartValues) });
export type SlotChoice = z.infer<typeof SlotChoice>;

/** Photos uploaded first (`POST /api/photos`), named by their ids. */
export const PhotoIds = (max: number) => z.array(Id).max(max, `最多 ${max} 张照片`);

const Description = z.string().trim().max(500, '最多 500 个字');

/**
 * `POST /api/workorders`: 报修 or 预约. What is wrong comes from the list (its utility and type
 * follow from it); the place from a bound account or an address; up to three photos; a
 * preferred time, or a slot for the types booked by appointment (点火, 安检, 报装).
 */
export const CreateWorkOrderBody = z
  .strictObject({
    clientKey: ClientKey.optional(),
    problem: z.enum(problemValues, { error: '请选一个问题' }),
    accountId: Id.optional(),
    address: WorkOrderAddress.optional(),
    /** Her location, if she allowed it (for the field staff's navigation). */
    location: HelpLocation.optional(),
    description: Description.optional(),
    photoIds: PhotoIds(3).optional(),
    preferredTime: TimeWindow.optional(),
    slot: SlotChoice.optional(),
    /** Where the field staff call her; the profile's phone when left out. */
    phone: MobilePhone.optional(),
  })
  .refine((b) => b.accountId !== undefined || b.address !== undefined, {
    message: '请选一个户号，或者填写地址',
    path: ['address'],
  })
  .refine(
    (b) => {
      const type = problemOf(b.problem)?.type;
      return !type || !appointmentTypes.includes(type) || b.slot !== undefined;
    },
    { message: '请选一个上门时间', path: ['slot'] },
  );
export type CreateWorkOrderBody = z.infer<typeof CreateWorkOrderBody>;

/** `GET /api/workorders/slots`: the half days a visit can be booked in, with places left. */
export const SlotsQuery = z.object({
  problem: z.enum(problemValues),
  accountId: Id.optional(),
  district: z.enum(cityDistricts).optional(),
});
export type SlotsQuery = z.infer<typeof SlotsQuery>;

export const SlotList = z.object({
  days: z.array(
    z.object({
      day: BeijingDay,
      parts: z.array(z.object({ part: z.enum(slotPartValues), left: z.number().int().min(0) })),
    }),
  ),
});
export type SlotList = z.infer<typeof SlotList>;

/** `POST /api/workorders/:id/rating`: once, after the 回单 was checked. */
export const RatingBody = z.strictObject({
  satisfaction: z.enum(satisfactionValues, { error: '请选一个评价' }),
  comment: z.string().trim().max(300, '最多 300 个字').optional(),
});
export type RatingBody = z.infer<typeof RatingBody>;

/** `GET /api/workorders`: my orders; `helpId` gives the ones a help request turned into. */
export const ResidentOrdersQuery = z.object({ helpId: Id.optional() });
export type ResidentOrdersQuery = z.infer<typeof ResidentOrdersQuery>;

/** A photo of an order, by id (`GET /api/photos/:id`). */
export const PhotoRef = z.object({ id: z.string() });
export type PhotoRef = z.infer<typeof PhotoRef>;

/** `POST /api/photos` answer (201). */
export const PhotoCreated = z.object({
  photo: z.object({ id: z.string(), contentType: z.string(), size: z.number().int() }),
});
export type PhotoCreated = z.infer<typeof PhotoCreated>;

/** One line of the resident's timeline: 已受理 → 已派给东城供电所 → 张师傅已接单 … */
export const TimelineEntry = z.object({
  n: z.number().int().min(0),
  at: Timestamp,
  action: z.enum(workOrderActionValues),
  /** What a person reads, in Chinese. */
  text: z.string(),
  photos: z.array(PhotoRef),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** The 回单: what was done, the cause from the list, notes, photos. */
export const WorkReport = z.object({
  summary: z.string(),
  cause: z.enum(repairCauseValues),
  causeText: z.string(),
  notes: z.string().nullable(),
  photos: z.array(PhotoRef),
  at: Timestamp,
});
export type WorkReport = z.infer<typeof WorkReport>;

/** An order in the resident's list. */
export const ResidentWorkOrderSummary = z.object({
  id: z.string(),
  no: z.string(),
  type: z.enum(workOrderTypeValues),
  utility: z.enum(fieldUtilityValues),
  problem: z.enum(problemValues).nullable(),
  status: z.enum(workOrderStatusValues),
  /** The status in the resident's words (`师傅已出发`). */
  statusText: z.string(),
  helpId: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ResidentWorkOrderSummary = z.infer<typeof ResidentWorkOrderSummary>;

export const ResidentWorkOrderList = z.object({ items: z.array(ResidentWorkOrderSummary) });
export type ResidentWorkOrderList = z.infer<typeof ResidentWorkOrderList>;

/**
 * `GET /api/workorders/:id`, and each `workorder.status` event: the resident's own order with its
 * timeline. The field member's number is masked until she accepted; then `phone` is the full one.
 */
export const ResidentWorkOrder = ResidentWorkOrderSummary.extend({
  priority: z.enum(workOrderPriorityValues),
  /** Danger types: show `emergencyNumbers` first and big. */
  danger: z.boolean(),
  emergencyNumbers: z.array(EmergencyNumber),
  district: z.string(),
  address: z.string(),
  description: z.string().nullable(),
  photos: z.array(PhotoRef),
  preferredTime: z.object({ from: Timestamp, to: Timestamp }).nullable(),
  slot: z.object({ day: BeijingDay, part: z.enum(slotPartValues), text: z.string() }).nullable(),
  unit: z.object({ name: z.string(), phone: z.string().nullable() }).nullable(),
  worker: z
    .object({
      /** `张师傅`. */
      name: z.string(),
      phoneMasked: z.string().nullable(),
      /** Only once she accepted the order. */
      phone: z.string().nullable(),
    })
    .nullable(),
  timeline: z.array(TimelineEntry),
  report: WorkReport.nullable(),
  rating: z.object({
    /** `open` once the 回单 was checked: the resident is asked to rate. */
    state: z.enum(['not_yet', 'open', 'answered', 'closed']),
    satisfaction: z.enum(satisfactionValues).nullable(),
    comment: z.string().nullable(),
  }),
  /** The outage notice this report is about, if one was published for her district. */
  notice: NoticeBrief.nullable(),
});
export type ResidentWorkOrder = z.infer<typeof ResidentWorkOrder>;

/** `POST /api/workorders` answer (201). */
export const WorkOrderCreated = z.object({ order: ResidentWorkOrder });
export type WorkOrderCreated = z.infer<typeof WorkOrderCreated>;
