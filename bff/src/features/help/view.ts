import {
  isDangerCategory,
  maskName,
  maskPhone,
  type AgentHelpDetail,
  type EmergencyNumber,
  type HelpMessage,
  type HelpSummary,
  type NoticeBrief,
  type QueueItem,
  type ResidentHelp,
  type ResidentHelpStatusEvent,
  type SlaKind,
} from '@bianmin/shared';
import { Types } from 'mongoose';
import type { UtilityAccountRecord } from '../accounts/model';
import type { BillRecord } from '../bills/model';
import type { OutletRecord } from '../outlets/model';
import type { PaymentRecord } from '../payments/model';
import type { HelpRequestRecord } from './model';

/** Where the request stands in the queue, while it waits (all null once it does not). */
export interface QueueInfo {
  queuePosition: number | null;
  /** Null also while no agent is there: no wait is made up. */
  expectedWaitSeconds: number | null;
  agentsOnline: number | null;
}

/** The resident may still take it back: it waits and no agent has written to her yet. */
export function cancellable(doc: Pick<HelpRequestRecord, 'status' | 'messages'>): boolean {
  return doc.status === 'waiting' && !doc.messages.some((m) => m.from === 'agent' || m.from === 'supervisor');
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A stored chat message (as read with `lean()`). */
export interface StoredMessage {
  _id: unknown;
  from: HelpMessage['from'];
  authorName?: string | null;
  text: string;
  /** Absent on messages written before voice messages. */
  kind?: HelpMessage['kind'] | null;
  voice?: { voiceId: string; seconds?: number | null } | null;
  at: Date;
  clientKey?: string | null;
}
interface StoredNote {
  _id: unknown;
  authorId: string;
  authorName: string;
  text: string;
  at: Date;
}

/** What the resident reads when a call-back task has no number: her help page has the phone box. */
export const ASK_PHONE_TEXT = '客服想打电话给您。请在下面留下您的手机号，点「请给我回电话」。';
/** What the resident reads when her agent went away and the request is back in the queue. */
export const RETURNED_TEXT = '刚才的客服暂时离开了，正在为您换一位客服，请稍等。';

/** A line from the system in the conversation (both sides read it). */
export function systemMessage(text: string, at: Date) {
  return { _id: new Types.ObjectId(), from: 'system' as const, authorId: null, authorName: null, text, at };
}

export function toMessage(m: StoredMessage): HelpMessage {
  return {
    id: String(m._id),
    from: m.from,
    authorName: m.authorName ?? null,
    text: m.text,
    kind: m.kind ?? 'text',
    voice: m.voice ? { voiceId: m.voice.voiceId, seconds: m.voice.seconds ?? 1 } : null,
    at: iso(m.at),
    clientKey: m.clientKey ?? null,
  };
}

export function toNote(n: StoredNote) {
  return { id: String(n._id), author: { id: n.authorId, displayName: n.authorName }, text: n.text, at: iso(n.at) };
}

function surveyState(doc: HelpRequestRecord): ResidentHelp['survey'] {
  const s = doc.survey;
  return {
    state: s ? 'answered' : doc.surveyAskedAt ? 'pending' : 'not_asked',
    onTime: s?.onTime ?? null,
    satisfaction: s?.satisfaction ?? null,
    suggestion: s?.suggestion ?? null,
  };
}

export function toSummary(doc: HelpRequestRecord, queue: QueueInfo): HelpSummary {
  return {
    id: String(doc._id),
    category: doc.category ?? null,
    status: doc.status,
    priority: doc.priority,
    text: doc.text ?? null,
    ...queue,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

/**
 * Who serves the resident, as she may be told: the agent's name only while that agent's
 * workbench is really there (`agentThere`, agents/presence.ts); otherwise no name, and
 * `agentAway` so the page says 「客服暂时离开，马上回来」.
 */
function servingAgent(doc: HelpRequestRecord, agentThere: boolean) {
  const name = doc.assignedAgentName;
  return { agent: name && agentThere ? { displayName: name } : null, agentAway: Boolean(name) && !agentThere };
}

/** The resident's view: never internal notes, never another agent's details than a display name. */
export function toResidentHelp(
  doc: HelpRequestRecord,
  queue: QueueInfo,
  emergency: EmergencyNumber[],
  agentThere: boolean,
  notice: NoticeBrief | null,
): ResidentHelp {
  const danger = isDangerCategory(doc.category ?? null);
  return {
    ...toSummary(doc, queue),
    danger,
    emergencyNumbers: danger ? emergency : [],
    ...servingAgent(doc, agentThere),
    callback: { requested: doc.callback?.reason === 'resident', phone: doc.callbackPhone ?? null },
    messages: doc.messages.map(toMessage),
    resolutionSummary: doc.resolutionSummary ?? null,
    resolvedAt: isoOrNull(doc.resolvedAt),
    survey: surveyState(doc),
    cancellable: cancellable(doc),
    cancelledAt: isoOrNull(doc.cancelledAt),
    notice,
  };
}

export function toResidentStatus(
  doc: HelpRequestRecord,
  queue: QueueInfo,
  agentThere: boolean,
): ResidentHelpStatusEvent {
  return {
    id: String(doc._id),
    status: doc.status,
    priority: doc.priority,
    category: doc.category ?? null,
    ...servingAgent(doc, agentThere),
    ...queue,
    survey: surveyState(doc),
    cancellable: cancellable(doc),
  };
}

/** The agent who left it, while a request waits again after the tick took it back from her. */
function returnedFrom(doc: HelpRequestRecord): QueueItem['returnedFrom'] {
  if (doc.status !== 'waiting') return null;
  const last = doc.audit.findLast((a) => a.action === 'returned');
  return last ? { displayName: last.from ?? '客服', at: iso(last.at) } : null;
}

export function toQueueItem(doc: HelpRequestRecord): QueueItem {
  const escalated: SlaKind[] = [];
  if (doc.escalated?.first_response) escalated.push('first_response');
  if (doc.escalated?.resolution) escalated.push('resolution');
  return {
    id: String(doc._id),
    rev: doc.rev,
    category: doc.category ?? null,
    priority: doc.priority,
    status: doc.status,
    textPreview: doc.text ? Array.from(doc.text).slice(0, 80).join('') : null,
    elder: doc.elder,
    danger: isDangerCategory(doc.category ?? null),
    offeredTo: doc.offeredTo,
    gridId: doc.gridId ?? null,
    gridUntil: isoOrNull(doc.gridUntil),
    district: doc.district ?? null,
    residentName: maskName(doc.residentName),
    assignedAgent:
      doc.assignedAgentId && doc.assignedAgentName
        ? { id: doc.assignedAgentId, displayName: doc.assignedAgentName }
        : null,
    callback: doc.callback
      ? {
          phone: doc.callback.phone ?? null,
          reason: doc.callback.reason ?? 'timeout',
          since: iso(doc.callback.since ?? doc.createdAt),
        }
      : null,
    createdAt: iso(doc.createdAt),
    firstResponseAt: isoOrNull(doc.firstResponseAt),
    firstResponseDueAt: iso(doc.firstResponseDueAt),
    resolutionDueAt: iso(doc.resolutionDueAt),
    slaPausedAt: isoOrNull(doc.pausedAt),
    escalated,
    returnedFrom: returnedFrom(doc),
  };
}

/** The account, bill, payment and outlet a request's context names, as read for the workbench. */
export interface InViewRecords {
  account: UtilityAccountRecord | null;
  bill: Pick<BillRecord, 'utility' | 'period' | 'amountFen' | 'status'> | null;
  payment: Pick<PaymentRecord, 'utility' | 'amountFen' | 'status'> | null;
  outlet: Pick<OutletRecord, 'name'> | null;
  /** The current outage notice of the account's district (help/notice.ts). */
  notice: NoticeBrief | null;
}

/** The workbench's view: resident data masked, account masked, notes and the audit trail. */
export function toAgentDetail(doc: HelpRequestRecord, related: InViewRecords): AgentHelpDetail {
  const { account, bill, payment, outlet, notice } = related;
  const c = doc.context;
  return {
    ...toQueueItem(doc),
    text: doc.text ?? null,
    context: {
      ...(c?.page ? { page: c.page } : {}),
      ...(c?.accountId ? { accountId: c.accountId } : {}),
      ...(c?.billId ? { billId: c.billId } : {}),
      ...(c?.paymentId ? { paymentId: c.paymentId } : {}),
      ...(c?.outletId ? { outletId: c.outletId } : {}),
    },
    location:
      typeof doc.location?.lat === 'number' && typeof doc.location.lng === 'number'
        ? { lat: doc.location.lat, lng: doc.location.lng }
        : null,
    resident: {
      name: maskName(doc.residentName),
      phone: doc.residentPhone ? maskPhone(doc.residentPhone) : null,
      elderMode: doc.elder,
    },
    account: account
      ? {
          utility: account.utility,
          accountNo: account.accountNo,
          holderName: maskName(account.holderName),
          district: account.district,
          gridId: account.gridId,
        }
      : null,
    inView: {
      bill: bill
        ? { utility: bill.utility, period: bill.period, amountFen: bill.amountFen, status: bill.status }
        : null,
      payment: payment ? { utility: payment.utility, amountFen: payment.amountFen, status: payment.status } : null,
      outlet: outlet ? { name: outlet.name } : null,
    },
    messages: doc.messages.map(toMessage),
    notes: doc.notes.map(toNote),
    audit: doc.audit.map((a) => ({
      at: iso(a.at),
      actor: { kind: a.actorKind, id: a.actorId ?? null, name: a.actorName ?? null },
      action: a.action,
      from: a.from ?? null,
      to: a.to ?? null,
      detail: a.detail ?? null,
    })),
    resolutionSummary: doc.resolutionSummary ?? null,
    resolvedAt: isoOrNull(doc.resolvedAt),
    survey: {
      answered: Boolean(doc.survey),
      onTime: doc.survey?.onTime ?? null,
      satisfaction: doc.survey?.satisfaction ?? null,
      suggestion: doc.survey?.suggestion ?? null,
    },
    notice,
  };
}
