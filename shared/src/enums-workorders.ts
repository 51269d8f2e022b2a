/**
 * Enumerations of work orders (工单) to the responsible units (责任单位), outage notices and unit
 * assessment: values as `as const` objects, derived unions, and the Chinese labels people read.
 */
import type { Utility } from './enums';

/** The utilities that have field units (供电所, 自来水营业所, 燃气抢修班). */
export const FieldUtility = { power: 'power', water: 'water', gas: 'gas' } as const;
export type FieldUtility = (typeof FieldUtility)[keyof typeof FieldUtility];
export const fieldUtilityValues = Object.values(FieldUtility) as [FieldUtility, ...FieldUtility[]];
/** The utility as a person names the company: 供电, 供水, 燃气. */
export const fieldUtilityLabels: Record<FieldUtility, string> = { power: '供电', water: '供水', gas: '燃气' };
export function isFieldUtility(utility: Utility): utility is FieldUtility {
  return (fieldUtilityValues as readonly string[]).includes(utility);
}

/** Work order types, from the utilities' own lists. */
export const WorkOrderType = {
  emergency_repair: 'emergency_repair',
  repair: 'repair',
  safety_check: 'safety_check',
  ignition: 'ignition',
  pipe_change: 'pipe_change',
  meter: 'meter',
  installation: 'installation',
  account_change: 'account_change',
  complaint: 'complaint',
  inquiry: 'inquiry',
} as const;
export type WorkOrderType = (typeof WorkOrderType)[keyof typeof WorkOrderType];
export const workOrderTypeValues = Object.values(WorkOrderType) as [WorkOrderType, ...WorkOrderType[]];
export const workOrderTypeLabels: Record<WorkOrderType, string> = {
  emergency_repair: '急修',
  repair: '维修',
  safety_check: '安检',
  ignition: '点火',
  pipe_change: '改管',
  meter: '抄表/表计',
  installation: '报装',
  account_change: '业务变更',
  complaint: '投诉',
  inquiry: '咨询',
};
/** Danger types: the resident's answer carries the emergency numbers first. */
export const dangerWorkOrderTypes: readonly WorkOrderType[] = ['emergency_repair'];
export function isDangerWorkOrderType(type: WorkOrderType): boolean {
  return dangerWorkOrderTypes.includes(type);
}
/** Types a resident books a visit for (预约) with a time slot. */
export const appointmentTypes: readonly WorkOrderType[] = ['ignition', 'safety_check', 'installation'];
/** Types done without a visit (by phone or at the counter): no arrival limit, no 已出发/已到达. */
export const noVisitTypes: readonly WorkOrderType[] = ['account_change', 'complaint', 'inquiry'];

/** Priority tiers, highest first. */
export const WorkOrderPriority = { emergency: 'emergency', high: 'high', normal: 'normal' } as const;
export type WorkOrderPriority = (typeof WorkOrderPriority)[keyof typeof WorkOrderPriority];
export const workOrderPriorityValues = Object.values(WorkOrderPriority) as [WorkOrderPriority, ...WorkOrderPriority[]];
export const workOrderPriorityLabels: Record<WorkOrderPriority, string> = {
  emergency: '紧急',
  high: '优先',
  normal: '一般',
};
/** 0 is served first. */
export const workOrderPriorityRank: Record<WorkOrderPriority, number> = { emergency: 0, high: 1, normal: 2 };

/**
 * Where an order stands. dispatched → (assigned) → accepted → contacted → on_the_way → arrived →
 * completed (回单, waiting for 对单) → checked (waiting for the resident's rating) → closed; with
 * rescheduled (无法完成, a new time), rework (returned at check), returned (退单 to the dispatcher),
 * pending_dispatch (no unit yet) and cancelled.
 */
export const WorkOrderStatus = {
  pending_dispatch: 'pending_dispatch',
  dispatched: 'dispatched',
  assigned: 'assigned',
  accepted: 'accepted',
  contacted: 'contacted',
  on_the_way: 'on_the_way',
  arrived: 'arrived',
  rescheduled: 'rescheduled',
  completed: 'completed',
  rework: 'rework',
  returned: 'returned',
  checked: 'checked',
  closed: 'closed',
  cancelled: 'cancelled',
} as const;
export type WorkOrderStatus = (typeof WorkOrderStatus)[keyof typeof WorkOrderStatus];
export const workOrderStatusValues = Object.values(WorkOrderStatus) as [WorkOrderStatus, ...WorkOrderStatus[]];
/** The status as staff read it. */
export const workOrderStatusLabels: Record<WorkOrderStatus, string> = {
  pending_dispatch: '待派单',
  dispatched: '待接单',
  assigned: '已指派',
  accepted: '已接单',
  contacted: '已联系居民',
  on_the_way: '已出发',
  arrived: '已到达',
  rescheduled: '已改约',
  completed: '待对单',
  rework: '退回重办',
  returned: '已退单',
  checked: '待评价',
  closed: '已结束',
  cancelled: '已取消',
};
/** The status as the resident reads it: plain, and never an internal step. */
export const residentWorkOrderStatusLabels: Record<WorkOrderStatus, string> = {
  pending_dispatch: '已受理',
  dispatched: '已派单',
  assigned: '已安排师傅',
  accepted: '师傅已接单',
  contacted: '师傅已联系您',
  on_the_way: '师傅已出发',
  arrived: '师傅已到达',
  rescheduled: '已改约时间',
  completed: '已完成',
  rework: '正在继续处理',
  returned: '正在重新安排',
  checked: '请评价',
  closed: '已结束',
  cancelled: '已取消',
};
/** Statuses at a unit, with someone still to work on them. */
export const unitOpenStatuses: readonly WorkOrderStatus[] = [
  'dispatched',
  'assigned',
  'accepted',
  'contacted',
  'on_the_way',
  'arrived',
  'rescheduled',
  'rework',
];
/** Statuses a dispatcher acts on: no unit yet, returned, or a 回单 to check. */
export const dispatcherStatuses: readonly WorkOrderStatus[] = ['pending_dispatch', 'returned', 'completed'];
/** Statuses of a finished order. */
export const finishedWorkOrderStatuses: readonly WorkOrderStatus[] = ['checked', 'closed', 'cancelled'];

/** The member's progress steps (buttons of the field app). */
export const ProgressStep = { contacted: 'contacted', on_the_way: 'on_the_way', arrived: 'arrived' } as const;
export type ProgressStep = (typeof ProgressStep)[keyof typeof ProgressStep];
export const progressStepValues = Object.values(ProgressStep) as [ProgressStep, ...ProgressStep[]];
export const progressStepLabels: Record<ProgressStep, string> = {
  contacted: '已联系居民',
  on_the_way: '已出发',
  arrived: '已到达',
};

/** What a step of an order did (the audit trail, the webhook, the timeline). */
export const WorkOrderAction = {
  created: 'created',
  dispatched: 'dispatched',
  assigned: 'assigned',
  accepted: 'accepted',
  contacted: 'contacted',
  on_the_way: 'on_the_way',
  arrived: 'arrived',
  unable: 'unable',
  completed: 'completed',
  returned: 'returned',
  check_accepted: 'check_accepted',
  check_returned: 'check_returned',
  rated: 'rated',
  closed: 'closed',
  cancelled: 'cancelled',
  escalated: 'escalated',
  linked: 'linked',
} as const;
export type WorkOrderAction = (typeof WorkOrderAction)[keyof typeof WorkOrderAction];
export const workOrderActionValues = Object.values(WorkOrderAction) as [WorkOrderAction, ...WorkOrderAction[]];
export const workOrderActionLabels: Record<WorkOrderAction, string> = {
  created: '受理',
  dispatched: '派单',
  assigned: '指派',
  accepted: '接单',
  contacted: '联系居民',
  on_the_way: '出发',
  arrived: '到达',
  unable: '无法完成',
  completed: '回单',
  returned: '退单',
  check_accepted: '对单通过',
  check_returned: '对单退回',
  rated: '居民评价',
  closed: '结单',
  cancelled: '取消',
  escalated: '超时督办',
  linked: '关联',
};

/** Who made a step. */
export const WorkOrderActor = {
  resident: 'resident',
  agent: 'agent',
  supervisor: 'supervisor',
  coordinator: 'coordinator',
  field: 'field',
  followup: 'followup',
  system: 'system',
} as const;
export type WorkOrderActor = (typeof WorkOrderActor)[keyof typeof WorkOrderActor];
export const workOrderActorValues = Object.values(WorkOrderActor) as [WorkOrderActor, ...WorkOrderActor[]];

/** Where an order came from. */
export const WorkOrderSource = { resident: 'resident', staff: 'staff', help: 'help', followup: 'followup' } as const;
export type WorkOrderSource = (typeof WorkOrderSource)[keyof typeof WorkOrderSource];
export const workOrderSourceValues = Object.values(WorkOrderSource) as [WorkOrderSource, ...WorkOrderSource[]];
export const workOrderSourceLabels: Record<WorkOrderSource, string> = {
  resident: '居民报修',
  staff: '人工建单',
  help: '求助转工单',
  followup: '回访投诉',
};

/** The time limits of an order (contact, arrival, completion). */
export const SlaClock = { contact: 'contact', arrival: 'arrival', completion: 'completion' } as const;
export type SlaClock = (typeof SlaClock)[keyof typeof SlaClock];
export const slaClockValues = Object.values(SlaClock) as [SlaClock, ...SlaClock[]];
export const slaClockLabels: Record<SlaClock, string> = {
  contact: '联系时限',
  arrival: '到达时限',
  completion: '完成时限',
};
/** Escalation levels: 1 to the unit's coordinator, 2 to the supervisors. */
export const escalationLevelLabels: Record<1 | 2, string> = { 1: '督办客服工程师', 2: '上报班长' };

/**
 * What is wrong, as large choices per utility: each names the order type it makes. `outage`
 * problems are counted for incidents (many reports of one outage) and matched to notices.
 */
export const problemsByUtility = {
  power: [
    { code: 'power_outage', label: '家里停电了', type: 'emergency_repair', outage: true },
    { code: 'power_sparks', label: '电线冒火花、有焦味', type: 'emergency_repair', outage: false },
    { code: 'power_voltage', label: '电压不稳、灯忽明忽暗', type: 'repair', outage: false },
    { code: 'power_meter', label: '电表有问题', type: 'meter', outage: false },
    { code: 'power_install', label: '新装或增容（报装）', type: 'installation', outage: false },
  ],
  water: [
    { code: 'water_outage', label: '家里停水了', type: 'emergency_repair', outage: true },
    { code: 'water_burst', label: '水管爆了、漏水', type: 'emergency_repair', outage: false },
    { code: 'water_quality', label: '水发黄、有异味', type: 'repair', outage: false },
    { code: 'water_pressure', label: '水压太小', type: 'repair', outage: false },
    { code: 'water_meter', label: '水表有问题', type: 'meter', outage: false },
  ],
  gas: [
    { code: 'gas_smell', label: '闻到燃气味', type: 'emergency_repair', outage: false },
    { code: 'gas_outage', label: '没有气了', type: 'emergency_repair', outage: true },
    { code: 'gas_stove', label: '打不着火、火小', type: 'repair', outage: false },
    { code: 'gas_meter', label: '燃气表有问题', type: 'meter', outage: false },
    { code: 'gas_pipe', label: '想改燃气管', type: 'pipe_change', outage: false },
    { code: 'gas_ignition', label: '开通点火', type: 'ignition', outage: false },
    { code: 'gas_check', label: '入户安检', type: 'safety_check', outage: false },
  ],
} as const satisfies Record<
  FieldUtility,
  ReadonlyArray<{ code: string; label: string; type: WorkOrderType; outage: boolean }>
>;
export type Problem = (typeof problemsByUtility)[FieldUtility][number];
export type ProblemCode = Problem['code'];
export const problemValues = Object.values(problemsByUtility).flatMap((list) => list.map((p) => p.code)) as [
  ProblemCode,
  ...ProblemCode[],
];
/** The problem of a code, with its utility. */
export function problemOf(code: string): (Problem & { utility: FieldUtility }) | null {
  for (const utility of fieldUtilityValues) {
    const found = (problemsByUtility[utility] as readonly Problem[]).find((p) => p.code === code);
    if (found) return { ...found, utility };
  }
  return null;
}

/** The cause a member picks in the 回单. */
export const RepairCause = {
  equipment: 'equipment',
  line: 'line',
  customer_side: 'customer_side',
  weather: 'weather',
  third_party: 'third_party',
  meter: 'meter',
  no_fault: 'no_fault',
  other: 'other',
} as const;
export type RepairCause = (typeof RepairCause)[keyof typeof RepairCause];
export const repairCauseValues = Object.values(RepairCause) as [RepairCause, ...RepairCause[]];
export const repairCauseLabels: Record<RepairCause, string> = {
  equipment: '设备故障',
  line: '线路或管道故障',
  customer_side: '居民家中设施问题',
  weather: '天气原因',
  third_party: '外力破坏',
  meter: '表计问题',
  no_fault: '现场未发现故障',
  other: '其他原因',
};

/** The two halves of a day a visit is booked in (预约). */
export const SlotPart = { morning: 'morning', afternoon: 'afternoon' } as const;
export type SlotPart = (typeof SlotPart)[keyof typeof SlotPart];
export const slotPartValues = Object.values(SlotPart) as [SlotPart, ...SlotPart[]];
export const slotPartLabels: Record<SlotPart, string> = { morning: '上午 9:00–12:00', afternoon: '下午 14:00–17:00' };
/** Beijing hours each part starts and ends. */
export const slotPartHours: Record<SlotPart, { from: number; to: number }> = {
  morning: { from: 9, to: 12 },
  afternoon: { from: 14, to: 17 },
};

/** Roles of a unit's members. Grid customer managers (客户经理) belong to their unit too. */
export const UnitMemberRole = { field: 'field', coordinator: 'coordinator', grid: 'grid' } as const;
export type UnitMemberRole = (typeof UnitMemberRole)[keyof typeof UnitMemberRole];
export const unitMemberRoleValues = Object.values(UnitMemberRole) as [UnitMemberRole, ...UnitMemberRole[]];
export const unitMemberRoleLabels: Record<UnitMemberRole, string> = {
  field: '现场人员',
  coordinator: '客服工程师',
  grid: '网格客户经理',
};

/** Outage notices (停电/停水/停气). */
export const NoticeKind = { planned: 'planned', fault: 'fault' } as const;
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind];
export const noticeKindValues = Object.values(NoticeKind) as [NoticeKind, ...NoticeKind[]];
export const noticeKindLabels: Record<NoticeKind, string> = { planned: '计划', fault: '故障' };
/** What is out, by utility. */
export const outageLabels: Record<FieldUtility, string> = { power: '停电', water: '停水', gas: '停气' };

export const NoticeStatus = {
  scheduled: 'scheduled',
  ongoing: 'ongoing',
  restored: 'restored',
  cancelled: 'cancelled',
} as const;
export type NoticeStatus = (typeof NoticeStatus)[keyof typeof NoticeStatus];
export const noticeStatusValues = Object.values(NoticeStatus) as [NoticeStatus, ...NoticeStatus[]];
export const noticeStatusLabels: Record<NoticeStatus, string> = {
  scheduled: '即将开始',
  ongoing: '正在抢修',
  restored: '已恢复',
  cancelled: '已取消',
};
/** Notices residents are shown. */
export const liveNoticeStatuses: readonly NoticeStatus[] = ['scheduled', 'ongoing'];

/** Periods of the unit assessment (考核). */
export const AssessmentPeriod = { week: 'week', month: 'month', quarter: 'quarter' } as const;
export type AssessmentPeriod = (typeof AssessmentPeriod)[keyof typeof AssessmentPeriod];
export const assessmentPeriodValues = Object.values(AssessmentPeriod) as [AssessmentPeriod, ...AssessmentPeriod[]];
export const assessmentPeriodLabels: Record<AssessmentPeriod, string> = {
  week: '本周',
  month: '本月',
  quarter: '本季度',
};

/** Names of the Server-Sent Events of work orders (the `event:` field). */
export const WorkOrderEventName = {
  /** Staff streams: an order changed (payload `WorkOrderStaffEvent`). */
  changed: 'workorder.changed',
  /** The resident's stream (and the help conversation it came from): `ResidentWorkOrder`. */
  status: 'workorder.status',
  /** Staff streams: a time limit passed (payload `WorkOrderEscalationEvent`). */
  escalated: 'workorder.escalated',
  /** Agents: many reports of one outage grouped, or a report joined one (payload `IncidentEvent`). */
  incident: 'workorder.incident',
} as const;
export type WorkOrderEventName = (typeof WorkOrderEventName)[keyof typeof WorkOrderEventName];
