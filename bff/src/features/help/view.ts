import {
  isDangerCategory,
  maskName,
  maskPhone,
  type AgentHelpDetail,
  type EmergencyNumber,
  type HelpMessage,
  type HelpSummary,
  type QueueItem,
  type ResidentHelp,
  type ResidentHelpStatusEvent,
  type SlaKind,
} from '@bianmin/shared';
import type { UtilityAccountRecord } from '../accounts/model';
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

export function toMessage(m: StoredMessage): HelpMessage {
  return {
    id: String(m._id),
    from: m.from,
    authorName: m.authorName ?? null,
    text: m.text,
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

/** The resident's view: never internal notes, never another agent's details than a display name. */
export function toResidentHelp(doc: HelpRequestRecord, queue: QueueInfo, emergency: EmergencyNumber[]): ResidentHelp {
  const danger = isDangerCategory(doc.category ?? null);
  return {
    ...toSummary(doc, queue),
    danger,
    emergencyNumbers: danger ? emergency : [],
    agent: doc.assignedAgentName ? { displayName: doc.assignedAgentName } : null,
    callback: { requested: doc.callback?.reason === 'resident', phone: doc.callbackPhone ?? null },
    messages: doc.messages.map(toMessage),
    resolutionSummary: doc.resolutionSummary ?? null,
    resolvedAt: isoOrNull(doc.resolvedAt),
    survey: surveyState(doc),
    cancellable: cancellable(doc),
    cancelledAt: isoOrNull(doc.cancelledAt),
  };
}

export function toResidentStatus(doc: HelpRequestRecord, queue: QueueInfo): ResidentHelpStatusEvent {
  return {
    id: String(doc._id),
    status: doc.status,
    priority: doc.priority,
    category: doc.category ?? null,
    agent: doc.assignedAgentName ? { displayName: doc.assignedAgentName } : null,
    ...queue,
    survey: surveyState(doc),
    cancellable: cancellable(doc),
  };
}

export function toQueueItem(doc: HelpRequestRecord): QueueItem {
  const escalated: SlaKind[] = [];
  if (doc.escalated?.first_response) escalated.push('first_response');
  if (doc.escalated?.resolution) escalated.push('resolution');
  return {
    id: String(doc._id),
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
  };
}

/** The workbench's view: resident data masked, account masked, notes and the audit trail. */
export function toAgentDetail(doc: HelpRequestRecord, account: UtilityAccountRecord | null): AgentHelpDetail {
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
  };
}
