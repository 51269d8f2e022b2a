import {
  dayText,
  dayTimeText,
  escalationLevelLabels,
  fieldUtilityLabels,
  isDangerWorkOrderType,
  maskName,
  maskPhone,
  progressStepLabels,
  repairCauseLabels,
  residentWorkOrderStatusLabels,
  satisfactionLabels,
  slaClockLabels,
  slotPartLabels,
  workOrderActionLabels,
  workOrderSourceLabels,
  workOrderStatusLabels,
  workOrderTypeLabels,
  type EmergencyNumber,
  type NoticeBrief,
  type ProblemCode,
  type RepairCause,
  type ResidentWorkOrder,
  type ResidentWorkOrderSummary,
  type Satisfaction,
  type SlaClock,
  type StaffWorkOrder,
  type StaffWorkOrderItem,
  type TimelineEntry,
  type WorkOrderStepView,
  problemOf,
} from '@bianmin/shared';
import type { UnitRecord } from '../units/model';
import type { WorkOrderRecord, WorkOrderStepRecord } from './model';
import { needsVisit } from './sla';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What a step keeps for people to read (see the actions that write each field). */
export interface StepDetail {
  source?: StaffWorkOrder['source'];
  unitId?: string;
  unitName?: string;
  memberId?: string;
  memberName?: string;
  memberPhone?: string | null;
  note?: string | null;
  reason?: string;
  newTime?: string;
  summary?: string;
  cause?: RepairCause;
  photos?: string[];
  satisfaction?: Satisfaction;
  comment?: string | null;
  auto?: boolean;
  clock?: SlaClock;
  level?: 1 | 2;
  dueAt?: string;
  title?: string;
}

const detailOf = (step: Pick<WorkOrderStepRecord, 'detail'>) => (step.detail ?? {}) as StepDetail;

/** How a resident is told who comes: `张师傅` (the surname and 师傅, never the full name). */
export function workerName(name: string): string {
  const first = Array.from(name.trim())[0];
  return first ? `${first}师傅` : '师傅';
}

/** The resident's line for a step, or null for steps she does not see (督办, internal links). */
export function residentText(step: WorkOrderStepRecord, order: WorkOrderRecord): string | null {
  const d = detailOf(step);
  const who = workerName(d.memberName ?? order.assigneeName ?? '');
  switch (step.action) {
    case 'created':
      return '已受理';
    case 'dispatched':
      return `已派给${d.unitName ?? '处理单位'}`;
    case 'assigned':
      return `已安排${who}`;
    case 'accepted':
      return `${who}已接单${d.memberPhone ? `（电话 ${maskPhone(d.memberPhone)}）` : ''}`;
    case 'contacted':
      return `${who}已联系您`;
    case 'on_the_way':
      return `${who}已出发`;
    case 'arrived':
      return `${who}已到达`;
    case 'unable':
      return `这次没能完成：${d.reason ?? ''}。改约到 ${d.newTime ? dayTimeText(d.newTime) : '另约时间'}`;
    case 'completed':
      return `已完成：${d.summary ?? ''}`;
    case 'returned':
      return '正在为您重新安排处理单位';
    case 'check_accepted':
      return '已核对完成，请您评价';
    case 'check_returned':
      return '正在继续处理';
    case 'rated':
      return `您的评价：${d.satisfaction ? satisfactionLabels[d.satisfaction] : ''}`;
    case 'closed':
      return '已结束';
    case 'cancelled':
      return '已取消';
    case 'escalated':
    case 'linked':
      return null;
  }
}

/** The staff's line for a step, in Chinese words (the audit trail and the webhook). */
export function staffText(step: WorkOrderStepRecord, order: WorkOrderRecord): string {
  const d = detailOf(step);
  const who = d.memberName ?? step.actorName ?? '';
  const note = d.note ? `：${d.note}` : '';
  switch (step.action) {
    case 'created': {
      const problem = order.problem ? problemOf(order.problem)?.label : null;
      return `${workOrderSourceLabels[d.source ?? order.source]}：${workOrderTypeLabels[order.type]}${problem ? `（${problem}）` : ''}`;
    }
    case 'dispatched':
      return `派给${d.unitName ?? ''}`;
    case 'assigned':
      return `指派给${who}`;
    case 'accepted':
      return `${who}接单`;
    case 'contacted':
    case 'on_the_way':
    case 'arrived':
      return `${who}${progressStepLabels[step.action]}${note}`;
    case 'unable':
      return `${who}无法完成：${d.reason ?? ''}，改约 ${d.newTime ? dayTimeText(d.newTime) : ''}`;
    case 'completed':
      return `${who}回单：${d.summary ?? ''}（${d.cause ? repairCauseLabels[d.cause] : ''}）`;
    case 'returned':
      return `${d.unitName ?? ''}退单：${d.reason ?? ''}`;
    case 'check_accepted':
      return `${step.actorName ?? ''}对单通过`;
    case 'check_returned':
      return `${step.actorName ?? ''}对单退回：${d.reason ?? ''}`;
    case 'rated':
      return `居民评价：${d.satisfaction ? satisfactionLabels[d.satisfaction] : ''}${d.comment ? `，${d.comment}` : ''}`;
    case 'closed':
      return d.auto ? '居民未评价，自动结单' : '结单';
    case 'cancelled':
      return `取消${d.reason ? `：${d.reason}` : ''}`;
    case 'escalated':
      return `${d.clock ? slaClockLabels[d.clock] : '时限'}已过，${d.level ? escalationLevelLabels[d.level] : ''}`;
    case 'linked':
      return `关联到${d.title ?? ''}`;
  }
}

function slotView(order: WorkOrderRecord) {
  const slot = order.slot;
  if (!slot?.day || !slot.part) return null;
  return { day: slot.day, part: slot.part, text: `${dayText(slot.day)} ${slotPartLabels[slot.part]}` };
}

/** Her words, her photos and the time she would like the visit, as both views show them. */
function whatAndWhen(order: WorkOrderRecord) {
  const wanted = order.preferredTime;
  return {
    description: order.description ?? null,
    photos: order.photos.map((id) => ({ id })),
    preferredTime: wanted?.from && wanted.to ? { from: iso(wanted.from), to: iso(wanted.to) } : null,
  };
}

/** The next time limit still to meet while the order is at a unit. */
export function nextDue(order: WorkOrderRecord): StaffWorkOrderItem['nextDue'] {
  if (!order.unitId || !order.dispatchedAt) return null;
  if (['completed', 'checked', 'closed', 'cancelled', 'returned', 'pending_dispatch'].includes(order.status))
    return null;
  if (!order.contactedAt && order.contactDueAt) return { clock: 'contact', at: iso(order.contactDueAt) };
  if (needsVisit(order.type) && !order.arrivedAt && order.arrivalDueAt)
    return { clock: 'arrival', at: iso(order.arrivalDueAt) };
  return order.completionDueAt ? { clock: 'completion', at: iso(order.completionDueAt) } : null;
}

const ref = (id: string | null | undefined, name: string | null | undefined) => (id && name ? { id, name } : null);

export function toStaffItem(order: WorkOrderRecord): StaffWorkOrderItem {
  const esc = order.escalation;
  return {
    id: String(order._id),
    no: order.no,
    type: order.type,
    priority: order.priority,
    utility: order.utility,
    problem: (order.problem as ProblemCode | null) ?? null,
    status: order.status,
    source: order.source,
    danger: isDangerWorkOrderType(order.type),
    district: order.district,
    address: order.address,
    residentName: maskName(order.residentName),
    unit: ref(order.unitId, order.unitName),
    assignee: ref(order.assigneeId, order.assigneeName),
    slot: slotView(order),
    due: {
      contact: isoOrNull(order.contactDueAt),
      arrival: isoOrNull(order.arrivalDueAt),
      completion: isoOrNull(order.completionDueAt),
    },
    nextDue: nextDue(order),
    escalationLevel: Math.max(esc.contact ?? 0, esc.arrival ?? 0, esc.completion ?? 0),
    incidentId: order.incidentId ?? null,
    noticeId: order.noticeId ?? null,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
  };
}

function reportView(order: WorkOrderRecord) {
  const r = order.report;
  if (!r?.summary || !r.cause || !r.at) return null;
  return {
    summary: r.summary,
    cause: r.cause,
    causeText: repairCauseLabels[r.cause],
    notes: r.notes ?? null,
    photos: r.photos.map((id) => ({ id })),
    at: iso(r.at),
  };
}

export function toStepView(step: WorkOrderStepRecord, order: WorkOrderRecord): WorkOrderStepView {
  return {
    n: step.n,
    at: iso(step.at),
    action: step.action,
    actor: { kind: step.actorKind, id: step.actorId ?? null, name: step.actorName ?? null },
    from: step.from ?? null,
    to: step.to,
    text: staffText(step, order),
  };
}

/**
 * The staff's full view. `showPhone`: the resident's number in full, for the member the order is
 * assigned to and her coordinator, who call her; everyone else reads it masked.
 */
export function toStaffOrder(order: WorkOrderRecord, steps: WorkOrderStepRecord[], showPhone: boolean): StaffWorkOrder {
  const phone = order.residentPhone ?? null;
  const lat = order.location?.lat;
  const lng = order.location?.lng;
  return {
    ...toStaffItem(order),
    helpId: order.helpId ?? null,
    followupId: order.followupId ?? null,
    gridId: order.gridId ?? null,
    accountNo: order.accountNo ?? null,
    location: typeof lat === 'number' && typeof lng === 'number' ? { lat, lng } : null,
    resident: {
      name: maskName(order.residentName),
      phoneMasked: phone ? maskPhone(phone) : null,
      phone: showPhone ? phone : null,
    },
    ...whatAndWhen(order),
    assigneePhone: order.assigneePhone ?? null,
    dispatcher: ref(order.dispatcherId, order.dispatcherName),
    met: {
      contact: isoOrNull(order.contactedAt),
      arrival: isoOrNull(order.arrivedAt),
      completion: ['completed', 'checked', 'closed'].includes(order.status) ? isoOrNull(order.completedAt) : null,
    },
    report: reportView(order),
    unable:
      order.unable?.reason && order.unable.newTime && order.unable.at
        ? { reason: order.unable.reason, newTime: iso(order.unable.newTime), at: iso(order.unable.at) }
        : null,
    lastReturn:
      order.lastReturn?.reason && order.lastReturn.at
        ? { reason: order.lastReturn.reason, by: order.lastReturn.byName ?? null, at: iso(order.lastReturn.at) }
        : null,
    lastCheck:
      order.lastCheck?.at && typeof order.lastCheck.accepted === 'boolean'
        ? {
            accepted: order.lastCheck.accepted,
            reason: order.lastCheck.reason ?? null,
            by: order.lastCheck.byName ?? null,
            at: iso(order.lastCheck.at),
          }
        : null,
    rating:
      order.rating?.satisfaction && order.rating.at
        ? { satisfaction: order.rating.satisfaction, comment: order.rating.comment ?? null, at: iso(order.rating.at) }
        : null,
    steps: steps.map((s) => toStepView(s, order)),
  };
}

export function toResidentSummary(order: WorkOrderRecord): ResidentWorkOrderSummary {
  return {
    id: String(order._id),
    no: order.no,
    type: order.type,
    utility: order.utility,
    problem: (order.problem as ProblemCode | null) ?? null,
    status: order.status,
    statusText: residentWorkOrderStatusLabels[order.status],
    helpId: order.helpId ?? null,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
  };
}

/** The resident's timeline: her lines, in order, with the 回单's photos on its line. */
export function timeline(order: WorkOrderRecord, steps: WorkOrderStepRecord[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const step of steps) {
    const text = residentText(step, order);
    if (text === null) continue;
    const photos = step.action === 'completed' ? (detailOf(step).photos ?? []) : [];
    entries.push({ n: step.n, at: iso(step.at), action: step.action, text, photos: photos.map((id) => ({ id })) });
  }
  return entries;
}

/**
 * The resident's view of her own order. The member's full number only once she accepted it
 * (before that, masked); the emergency numbers first for danger types.
 */
export function toResidentOrder(
  order: WorkOrderRecord,
  steps: WorkOrderStepRecord[],
  extra: { unit: UnitRecord | null; notice: NoticeBrief | null; emergencyNumbers: EmergencyNumber[] },
): ResidentWorkOrder {
  const danger = isDangerWorkOrderType(order.type);
  const accepted = Boolean(order.acceptedAt && order.assigneeId);
  const phone = order.assigneePhone ?? null;
  const rating = order.rating;
  return {
    ...toResidentSummary(order),
    priority: order.priority,
    danger,
    emergencyNumbers: danger ? extra.emergencyNumbers : [],
    district: order.district,
    address: order.address,
    ...whatAndWhen(order),
    slot: slotView(order),
    unit: order.unitName ? { name: order.unitName, phone: extra.unit?.phone ?? null } : null,
    worker: order.assigneeName
      ? {
          name: workerName(order.assigneeName),
          phoneMasked: phone ? maskPhone(phone) : null,
          phone: accepted ? phone : null,
        }
      : null,
    timeline: timeline(order, steps),
    report: reportView(order),
    rating: {
      state: rating?.satisfaction
        ? 'answered'
        : order.status === 'checked'
          ? 'open'
          : order.status === 'closed'
            ? 'closed'
            : 'not_yet',
      satisfaction: rating?.satisfaction ?? null,
      comment: rating?.comment ?? null,
    },
    notice: extra.notice,
  };
}

/** The webhook message of a step: stable ids, Chinese words beside the codes. */
export function webhookData(step: WorkOrderStepRecord, order: WorkOrderRecord) {
  return {
    orderId: step.orderId,
    no: order.no,
    step: step.n,
    action: step.action,
    actionText: workOrderActionLabels[step.action],
    text: staffText(step, order),
    status: step.to,
    statusText: workOrderStatusLabels[step.to],
    previousStatus: step.from ?? null,
    type: order.type,
    typeText: workOrderTypeLabels[order.type],
    priority: order.priority,
    utility: order.utility,
    utilityText: fieldUtilityLabels[order.utility],
    district: order.district,
    unit: step.toUnitId ? { id: step.toUnitId, name: order.unitName ?? null } : null,
    assignee: order.assigneeName ?? null,
    source: order.source,
    helpId: order.helpId ?? null,
    at: iso(step.at),
  };
}
