/**
 * Enumerations of one-tap help (一键求助) and the agent workbench: values as `as const` objects,
 * derived unions, and the Chinese labels people read.
 */

/** The quick reasons a resident can tap after the one tap. */
export const HelpCategory = {
  payment_failed: 'payment_failed',
  bill_question: 'bill_question',
  outage: 'outage',
  gas_smell: 'gas_smell',
  complaint: 'complaint',
  other: 'other',
} as const;
export type HelpCategory = (typeof HelpCategory)[keyof typeof HelpCategory];
export const helpCategoryValues = Object.values(HelpCategory) as [HelpCategory, ...HelpCategory[]];
export const helpCategoryLabels: Record<HelpCategory, string> = {
  payment_failed: '缴费失败',
  bill_question: '账单有疑问',
  outage: '停水停电停气',
  gas_smell: '燃气异味',
  complaint: '投诉',
  other: '其他',
};

/** Safety categories: emergency numbers are shown first and the request gets the top priority. */
export const dangerCategories: readonly HelpCategory[] = ['gas_smell', 'outage'];
export function isDangerCategory(category: HelpCategory | null | undefined): boolean {
  return category !== null && category !== undefined && dangerCategories.includes(category);
}

/** The work order's life: waiting → assigned → in_progress → resolved → closed (+ waiting_on_resident). */
export const HelpStatus = {
  waiting: 'waiting',
  assigned: 'assigned',
  in_progress: 'in_progress',
  waiting_on_resident: 'waiting_on_resident',
  resolved: 'resolved',
  closed: 'closed',
} as const;
export type HelpStatus = (typeof HelpStatus)[keyof typeof HelpStatus];
export const helpStatusValues = Object.values(HelpStatus) as [HelpStatus, ...HelpStatus[]];
export const helpStatusLabels: Record<HelpStatus, string> = {
  waiting: '正在为您找客服',
  assigned: '客服已接单',
  in_progress: '客服正在处理',
  waiting_on_resident: '等您回复',
  resolved: '已解决',
  closed: '已结束',
};
/** Statuses of a request someone still has to work on. */
export const openHelpStatuses: readonly HelpStatus[] = ['waiting', 'assigned', 'in_progress', 'waiting_on_resident'];

/** Queue priority, highest first: danger > elderly > complaint > normal. */
export const HelpPriority = {
  danger: 'danger',
  elderly: 'elderly',
  complaint: 'complaint',
  normal: 'normal',
} as const;
export type HelpPriority = (typeof HelpPriority)[keyof typeof HelpPriority];
export const helpPriorityValues = Object.values(HelpPriority) as [HelpPriority, ...HelpPriority[]];
export const helpPriorityLabels: Record<HelpPriority, string> = {
  danger: '紧急',
  elderly: '长辈',
  complaint: '投诉',
  normal: '普通',
};
/** 0 is served first. */
export const helpPriorityRank: Record<HelpPriority, number> = { danger: 0, elderly: 1, complaint: 2, normal: 3 };

/** An agent's availability. Only `online` agents get requests assigned automatically. */
export const Presence = {
  online: 'online',
  away: 'away',
  offline: 'offline',
} as const;
export type Presence = (typeof Presence)[keyof typeof Presence];
export const presenceValues = Object.values(Presence) as [Presence, ...Presence[]];
/** Her own choice, as the workbench offers it: 在线 (give me requests), 暂离, 下线. */
export const presenceLabels: Record<Presence, string> = { online: '在线', away: '暂离', offline: '下线' };
/** Shown instead of her choice while her workbench is not connected (see `presenceText`). */
export const absentLabel = '离开';

/** The work order's status as staff read it (residents read `helpStatusLabels`). */
export const helpStatusStaffLabels: Record<HelpStatus, string> = {
  waiting: '排队中',
  assigned: '已接单',
  in_progress: '处理中',
  waiting_on_resident: '等居民回复',
  resolved: '已办结',
  closed: '已关闭',
};

/** Why a call-back task was made. */
export const callbackReasonLabels: Record<'timeout' | 'resident', string> = {
  timeout: '长辈等太久没人接',
  resident: '居民要求回电',
};

/** The survey's satisfaction answer. */
export const Satisfaction = {
  good: 'good',
  average: 'average',
  poor: 'poor',
} as const;
export type Satisfaction = (typeof Satisfaction)[keyof typeof Satisfaction];
export const satisfactionValues = Object.values(Satisfaction) as [Satisfaction, ...Satisfaction[]];
export const satisfactionLabels: Record<Satisfaction, string> = { good: '满意', average: '一般', poor: '不满意' };

/** Who wrote a message or made a change. */
export const HelpActor = {
  resident: 'resident',
  agent: 'agent',
  supervisor: 'supervisor',
  system: 'system',
} as const;
export type HelpActor = (typeof HelpActor)[keyof typeof HelpActor];
export const helpActorValues = Object.values(HelpActor) as [HelpActor, ...HelpActor[]];
export const helpActorLabels: Record<HelpActor, string> = {
  resident: '居民',
  agent: '客服',
  supervisor: '班长',
  system: '系统',
};

/** What a chat message carries: words, or a voice clip (语音留言) the resident recorded. */
export const HelpMessageKind = { text: 'text', voice: 'voice' } as const;
export type HelpMessageKind = (typeof HelpMessageKind)[keyof typeof HelpMessageKind];
export const helpMessageKindValues = Object.values(HelpMessageKind) as [HelpMessageKind, ...HelpMessageKind[]];

/** The longest voice message, in seconds: the recorder stops there and sends. */
export const VOICE_MAX_SECONDS = 60;

/** A voice message's words where only words can be shown (a list, a notice): 「语音 12秒」. */
export function voiceLabel(seconds: number): string {
  return `语音 ${seconds}秒`;
}

/**
 * What an entry of a request's audit trail records. Every change the BFF makes names one; the
 * workbench tells each in words (`auditText`), so a new action without words fails to compile.
 */
export const HelpAuditAction = {
  created: 'created',
  claim: 'claim',
  auto_assign: 'auto_assign',
  reassign: 'reassign',
  transfer: 'transfer',
  first_response: 'first_response',
  status: 'status',
  note: 'note',
  call_reached: 'call_reached',
  call_missed: 'call_missed',
  escalated: 'escalated',
  offered_to_pool: 'offered_to_pool',
  callback_task: 'callback_task',
  callback_requested: 'callback_requested',
  phone_requested: 'phone_requested',
  category: 'category',
  priority: 'priority',
  text: 'text',
  survey: 'survey',
  returned: 'returned',
  cancelled: 'cancelled',
} as const;
export type HelpAuditAction = (typeof HelpAuditAction)[keyof typeof HelpAuditAction];
export const helpAuditActionValues = Object.values(HelpAuditAction) as [HelpAuditAction, ...HelpAuditAction[]];

/** Which SLA clock a deadline or escalation belongs to. */
export const SlaKind = {
  first_response: 'first_response',
  resolution: 'resolution',
} as const;
export type SlaKind = (typeof SlaKind)[keyof typeof SlaKind];
export const slaKindValues = Object.values(SlaKind) as [SlaKind, ...SlaKind[]];
export const slaKindLabels: Record<SlaKind, string> = { first_response: '首次响应超时', resolution: '解决超时' };

/** Names of the Server-Sent Events of the help streams (the `event:` field). */
export const HelpEventName = {
  /** Agents: a new request (payload `AgentHelpEvent`). */
  created: 'help.created',
  /** Agents: status, assignment, priority, category or call-back changed (payload `AgentHelpEvent`). */
  changed: 'help.changed',
  /** Both streams: a chat message (payload `HelpMessageEvent`); never an internal note. */
  message: 'help.message',
  /** Agents only: an internal note (payload `HelpNoteEvent`). */
  note: 'help.note',
  /** Agents: an SLA deadline passed (payload `HelpEscalationEvent`). */
  escalated: 'help.escalated',
  /** Residents: their request's status, queue position and agent (payload `ResidentHelpStatusEvent`). */
  status: 'help.status',
} as const;
export type HelpEventName = (typeof HelpEventName)[keyof typeof HelpEventName];
