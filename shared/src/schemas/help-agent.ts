import { z } from 'zod';
import {
  helpActorValues,
  helpCategoryValues,
  helpPriorityValues,
  helpStatusValues,
  presenceValues,
  satisfactionValues,
  slaKindValues,
} from '../enums-help';
import { utilityValues, staffRoleValues } from '../enums';
import { billStatusValues, paymentStatusValues } from './billing';
import { Id, Timestamp } from './common';
import { HelpLocation, HelpMessage, HelpPageContext } from './help';
import { NoticeBrief } from './notices';

/** An agent or supervisor with their workbench state. `load` counts their open assigned requests. */
export const AgentProfile = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(staffRoleValues),
  team: z.string(),
  /** Grids (网格) this agent is customer manager (客户经理) of; empty for pool agents. */
  grids: z.array(z.string()),
  /** Most open requests assigned at once (read-only in the workbench). */
  capacity: z.number().int().min(0),
  load: z.number().int().min(0),
  /** Her own choice: 在线 (give me requests), 暂离, 下线. */
  presence: z.enum(presenceValues),
  /**
   * Her workbench is really there: a live stream open or a heartbeat within the presence window.
   * Only a connected agent who chose 在线 is given requests; see `presenceText`.
   */
  connected: z.boolean(),
  lastSeenAt: Timestamp.nullable(),
});
export type AgentProfile = z.infer<typeof AgentProfile>;

/** `POST /api/agent/heartbeat`: the workbench is open; send the next one within `everyMs`. */
export const AgentHeartbeat = z.object({ serverTime: Timestamp, everyMs: z.number().int().positive() });
export type AgentHeartbeat = z.infer<typeof AgentHeartbeat>;

/** `POST /api/agent/presence`. */
export const PresenceBody = z.strictObject({ presence: z.enum(presenceValues) });
export type PresenceBody = z.infer<typeof PresenceBody>;

/** `GET /api/agent/agents`: colleagues to transfer to. */
export const AgentList = z.object({ items: z.array(AgentProfile) });
export type AgentList = z.infer<typeof AgentList>;

const AgentRef = z.object({ id: z.string(), displayName: z.string() });

/** A request as the workbench lists it: resident data masked, SLA deadlines, flags. */
export const QueueItem = z.object({
  id: z.string(),
  /** The request's revision: a line with a lower one is older than the line already shown. */
  rev: z.number().int().min(0),
  category: z.enum(helpCategoryValues).nullable(),
  priority: z.enum(helpPriorityValues),
  status: z.enum(helpStatusValues),
  /** First 80 characters of the resident's words. */
  textPreview: z.string().nullable(),
  elder: z.boolean(),
  danger: z.boolean(),
  /** `grid`: only the grid's customer managers see it until `gridUntil`; then `pool`. */
  offeredTo: z.enum(['grid', 'pool']),
  gridId: z.string().nullable(),
  gridUntil: Timestamp.nullable(),
  district: z.string().nullable(),
  /** Masked: `张*明`. */
  residentName: z.string(),
  assignedAgent: AgentRef.nullable(),
  /** A call-back task: call `phone` (in full: the agent has to dial it). Sorted to the top. */
  callback: z
    .object({ phone: z.string().nullable(), reason: z.enum(['timeout', 'resident']), since: Timestamp })
    .nullable(),
  createdAt: Timestamp,
  firstResponseAt: Timestamp.nullable(),
  /** Deadlines, shifted by any time spent waiting on the resident. */
  firstResponseDueAt: Timestamp,
  resolutionDueAt: Timestamp,
  /** Set while the SLA clock is paused (waiting_on_resident). */
  slaPausedAt: Timestamp.nullable(),
  escalated: z.array(z.enum(slaKindValues)),
  /** Back in the queue because the agent who held it left (her name, and when): 客服离开，已退回. */
  returnedFrom: z.object({ displayName: z.string(), at: Timestamp }).nullable(),
});
export type QueueItem = z.infer<typeof QueueItem>;

/** `GET /api/agent/queue`: call-back tasks, the waiting queue (served in this order), and mine. */
export const AgentQueue = z.object({
  serverTime: Timestamp,
  callbacks: z.array(QueueItem),
  waiting: z.array(QueueItem),
  mine: z.array(QueueItem),
});
export type AgentQueue = z.infer<typeof AgentQueue>;

/** An internal note: agents only, never in any resident answer or stream. */
export const HelpNote = z.object({ id: z.string(), author: AgentRef, text: z.string(), at: Timestamp });
export type HelpNote = z.infer<typeof HelpNote>;

/** One line of the audit trail: who, when, what. */
export const HelpAuditEntry = z.object({
  at: Timestamp,
  actor: z.object({ kind: z.enum(helpActorValues), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  detail: z.string().nullable(),
});
export type HelpAuditEntry = z.infer<typeof HelpAuditEntry>;

/** `GET /api/agent/help/:id` and the answer of every workbench action. */
export const AgentHelpDetail = QueueItem.extend({
  text: z.string().nullable(),
  context: HelpPageContext,
  location: HelpLocation.nullable(),
  resident: z.object({ name: z.string(), phone: z.string().nullable(), elderMode: z.boolean() }),
  /** The account in view, masked; null when the request is not tied to one. */
  account: z
    .object({
      utility: z.enum(utilityValues),
      accountNo: z.string(),
      holderName: z.string(),
      district: z.string(),
      gridId: z.string(),
    })
    .nullable(),
  /** What the resident had in view, as staff read it (never a raw id): null when none or not found. */
  inView: z.object({
    bill: z
      .object({
        utility: z.enum(utilityValues),
        period: z.string(),
        amountFen: z.number().int(),
        status: z.enum(billStatusValues),
      })
      .nullable(),
    payment: z
      .object({ utility: z.enum(utilityValues), amountFen: z.number().int(), status: z.enum(paymentStatusValues) })
      .nullable(),
    outlet: z.object({ name: z.string() }).nullable(),
  }),
  messages: z.array(HelpMessage),
  notes: z.array(HelpNote),
  audit: z.array(HelpAuditEntry),
  resolutionSummary: z.string().nullable(),
  resolvedAt: Timestamp.nullable(),
  survey: z.object({
    answered: z.boolean(),
    onTime: z.boolean().nullable(),
    satisfaction: z.enum(satisfactionValues).nullable(),
    suggestion: z.string().nullable(),
  }),
  /** A current outage notice for the district (and utility) of the request's account, told to the agent. */
  notice: NoticeBrief.nullable(),
});
export type AgentHelpDetail = z.infer<typeof AgentHelpDetail>;

export const AgentMessageBody = z.strictObject({
  text: z.string().trim().min(1, '请写几个字').max(1000, '最多 1000 个字'),
});
export type AgentMessageBody = z.infer<typeof AgentMessageBody>;

/** `POST /api/agent/help/:id/notes`. */
export const HelpNoteBody = AgentMessageBody;
export type HelpNoteBody = AgentMessageBody;

/** `POST /api/agent/help/:id/transfer` and `/reassign`. */
export const TransferBody = z.strictObject({
  toAgentId: Id,
  reason: z.string().trim().min(1, '请写转交原因').max(200, '最多 200 个字'),
});
export type TransferBody = z.infer<typeof TransferBody>;

/** `POST /api/agent/help/:id/resolve`. */
export const ResolveBody = z.strictObject({
  summary: z.string().trim().min(1, '请写处理结果').max(500, '最多 500 个字'),
});
export type ResolveBody = z.infer<typeof ResolveBody>;

/** `POST /api/agent/help/:id/status`: pause (waiting on the resident) or resume the SLA clock. */
export const HelpStatusBody = z.strictObject({ status: z.enum(['waiting_on_resident', 'in_progress']) });
export type HelpStatusBody = z.infer<typeof HelpStatusBody>;

/** `POST /api/agent/help/:id/call`: a call-back attempt; a reached call is the first response. */
export const CallRecordBody = z.strictObject({
  reached: z.boolean(),
  note: z.string().trim().max(500).optional(),
});
export type CallRecordBody = z.infer<typeof CallRecordBody>;

/** SSE `help.created` / `help.changed` on the agents' stream. */
export const AgentHelpEvent = z.object({ help: QueueItem });
export type AgentHelpEvent = z.infer<typeof AgentHelpEvent>;

/** SSE `help.note` on the agents' stream. */
export const HelpNoteEvent = z.object({ helpId: z.string(), note: HelpNote });
export type HelpNoteEvent = z.infer<typeof HelpNoteEvent>;

/** An SLA deadline that passed, for supervisors. */
export const Escalation = z.object({
  id: z.string(),
  helpId: z.string(),
  kind: z.enum(slaKindValues),
  dueAt: Timestamp,
  at: Timestamp,
  category: z.enum(helpCategoryValues).nullable(),
  priority: z.enum(helpPriorityValues),
  status: z.enum(helpStatusValues),
  assignedAgent: AgentRef.nullable(),
});
export type Escalation = z.infer<typeof Escalation>;

/** SSE `help.escalated` on the agents' stream. */
export const HelpEscalationEvent = z.object({ escalation: Escalation });
export type HelpEscalationEvent = z.infer<typeof HelpEscalationEvent>;

export const EscalationList = z.object({ items: z.array(Escalation) });
export type EscalationList = z.infer<typeof EscalationList>;

/** `GET /api/agent/supervisor/overview`: every open request and every agent's load, live. */
export const SupervisorOverview = z.object({
  serverTime: Timestamp,
  agents: z.array(AgentProfile),
  counts: z.object({
    waiting: z.number().int(),
    callbacks: z.number().int(),
    inProgress: z.number().int(),
    waitingOnResident: z.number().int(),
    escalatedOpen: z.number().int(),
  }),
  /** The first open requests in queue order (at most 100); `openTotal` counts them all. */
  open: z.array(QueueItem),
  openTotal: z.number().int().min(0),
});
export type SupervisorOverview = z.infer<typeof SupervisorOverview>;
