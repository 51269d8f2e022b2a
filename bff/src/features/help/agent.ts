import { Types } from 'mongoose';
import {
  queueOf,
  type AgentHelpDetail,
  type AgentProfile,
  type AgentQueue,
  type CallRecordBody,
  type Presence,
  type TransferBody,
} from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { deskStaff, type AgentRecord } from '../agents/model';
import type { Presence as PresenceRule } from '../agents/presence';
import { actorOf, type Assigner, type StaffRecord } from './assign';
import { OPEN, QUEUE_FIELDS, WORKING, type Change, type HelpCore, type HelpDeps, type Written } from './core';
import type { HelpRequestRecord } from './model';
import { createHelpNotice } from './notice';
import { rankOf, resumeFields } from './sla';
import { ASK_PHONE_TEXT, systemMessage, toAgentDetail, toQueueItem } from './view';

/** An agent as the workbench shows them; `load` is counted from their open requests. */
export function toAgentProfile(a: AgentRecord, load: number, presence: PresenceRule): AgentProfile {
  return {
    id: String(a._id),
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    team: a.team,
    grids: a.grids,
    capacity: a.capacity,
    load,
    presence: a.presence,
    connected: presence.connected(a),
    lastSeenAt: a.lastSeenAt ? a.lastSeenAt.toISOString() : null,
  };
}

/** The workbench: queue, claim, reply, notes, pause, call back, transfer, resolve. */
export function createAgentHelp(deps: HelpDeps, core: HelpCore, assigner: Assigner) {
  const { models, clock, settings, presence } = deps;
  const noticeFor = createHelpNotice(deps);
  const profile = (a: AgentRecord, loads: Map<string, number>) =>
    toAgentProfile(a, loads.get(String(a._id)) ?? 0, presence);

  async function staff(agentId: string): Promise<StaffRecord> {
    const agent = await models.Agent.findOne({ _id: agentId, active: true }).lean<StaffRecord>();
    if (!agent) throw new AppError('UNAUTHENTICATED');
    return agent;
  }

  async function detail(doc: HelpRequestRecord): Promise<AgentHelpDetail> {
    const c = doc.context;
    const byId = <R>(id: string | null | undefined, read: (id: string) => Promise<R | null>) =>
      id && Types.ObjectId.isValid(id) ? read(id) : Promise.resolve(null);
    const [account, bill, payment, outlet] = await Promise.all([
      byId(c?.accountId, (id) => models.UtilityAccount.findById(id).lean()),
      byId(c?.billId, (id) => models.Bill.findById(id, { utility: 1, period: 1, amountFen: 1, status: 1 }).lean()),
      byId(c?.paymentId, (id) => models.Payment.findById(id, { utility: 1, amountFen: 1, status: 1 }).lean()),
      byId(c?.outletId, (id) => models.Outlet.findById(id, { name: 1 }).lean()),
    ]);
    // the account already read tells the notice (no second read of it)
    const notice = await noticeFor(doc, account);
    return toAgentDetail(doc, { account, bill, payment, outlet, notice });
  }

  /** A change by the agent the request is assigned to. */
  async function act(agentId: string, id: string, plan: (doc: HelpRequestRecord, agent: StaffRecord) => Change) {
    const agent = await staff(agentId);
    const result = await core.mutate(id, actorOf(agent), (doc) => {
      if (!WORKING.includes(doc.status)) throw new AppError('HELP_WRONG_STATUS');
      if (doc.assignedAgentId !== agentId) throw new AppError('HELP_NOT_YOURS');
      const change = plan(doc, agent);
      return { ...change, guard: { status: doc.status, assignedAgentId: agentId, ...change.guard } };
    });
    return result;
  }

  async function afterChange(result: Written | null) {
    if (!result) return null;
    await core.publish(result);
    return detail(result.after);
  }

  /** Moves an assigned request from one agent to another, under the new agent's capacity. */
  async function moveTo(
    id: string,
    by: StaffRecord,
    body: TransferBody,
    action: 'transfer' | 'reassign',
    fromId?: string,
  ) {
    const target = await models.Agent.findOne({ ...deskStaff, _id: body.toAgentId }).lean<StaffRecord>();
    // work goes only to someone whose workbench is open: the resident would wait for nobody
    if (!target || !presence.connected(target)) throw new AppError('HELP_AGENT_UNAVAILABLE');
    const current = await models.HelpRequest.findById(id).lean<HelpRequestRecord>();
    if (!current) return null;
    if (action === 'reassign' && current.status === 'waiting')
      return assigner.assign(id, target, actorOf(by), 'reassign');
    if (!WORKING.includes(current.status)) throw new AppError('HELP_WRONG_STATUS');
    const previous = fromId ?? current.assignedAgentId;
    if (current.assignedAgentId !== previous) throw new AppError('HELP_NOT_YOURS');
    if (String(target._id) === previous) throw new AppError('HELP_AGENT_UNAVAILABLE');
    const seat = await assigner.reserve(target, false, id);
    if (!seat) throw new AppError('HELP_AGENT_UNAVAILABLE');
    let done = false;
    try {
      const result = await core.mutate(id, actorOf(by), (doc) => {
        if (doc.assignedAgentId !== previous || !WORKING.includes(doc.status)) throw new AppError('HELP_NOT_YOURS');
        return {
          guard: { assignedAgentId: previous, status: doc.status },
          set: {
            assignedAgentId: String(target._id),
            assignedAgentName: target.displayName,
            assignedTeam: target.team,
            assignedAt: clock.now(),
          },
          audit: [{ action, from: doc.assignedAgentName ?? null, to: target.displayName, detail: body.reason }],
        };
      });
      if (!result) throw new AppError('NOT_FOUND');
      done = true;
      if (previous) await assigner.vacate(previous, id);
      await core.publish(result);
      return result.after;
    } finally {
      if (!done) await assigner.release(seat, id);
    }
  }

  return {
    async me(agentId: string): Promise<AgentProfile | null> {
      const a = await models.Agent.findById(agentId).lean<AgentRecord>();
      return a ? profile(a, await assigner.loads()) : null;
    },

    async setPresence(agentId: string, presence: Presence): Promise<AgentProfile | null> {
      // updateOne, then read: FerretDB cannot project a findAndModify (passwordHash is deselected)
      await models.Agent.updateOne({ _id: agentId, active: true }, { $set: { presence, lastSeenAt: clock.now() } });
      const a = await models.Agent.findOne({ _id: agentId, active: true }).lean<AgentRecord>();
      return a ? profile(a, await assigner.loads()) : null;
    },

    async agents(): Promise<AgentProfile[]> {
      const list = await models.Agent.find(deskStaff).sort({ role: 1, username: 1 }).lean<AgentRecord[]>();
      const loads = await assigner.loads();
      return list.map((a) => profile(a, loads));
    },

    async queue(agentId: string): Promise<AgentQueue> {
      const agent = await staff(agentId);
      const now = clock.now();
      const open = await core.byStatus(OPEN, {}, 500, QUEUE_FIELDS);
      // the rules the workbench also applies to each live event's line (shared/src/queue.ts)
      return {
        serverTime: now.toISOString(),
        ...queueOf(open.map(toQueueItem), { id: agentId, grids: agent.grids }, now.getTime()),
      };
    },

    async get(id: string): Promise<AgentHelpDetail | null> {
      const doc = await models.HelpRequest.findById(id).lean<HelpRequestRecord>();
      return doc ? detail(doc) : null;
    },

    async claim(agentId: string, id: string): Promise<AgentHelpDetail | null> {
      const agent = await staff(agentId);
      const current = await models.HelpRequest.findById(id).lean<HelpRequestRecord>();
      if (!current) return null;
      if (current.assignedAgentId === agentId) return detail(current);
      const after = await assigner.assign(id, agent, actorOf(agent), 'claim');
      return after ? detail(after) : null;
    },

    async message(agentId: string, id: string, text: string) {
      const result = await act(agentId, id, (doc, agent) => ({
        set: {
          ...(doc.firstResponseAt ? {} : { firstResponseAt: clock.now() }),
          ...(doc.status === 'assigned' ? { status: 'in_progress' } : {}),
        },
        push: {
          messages: {
            _id: new Types.ObjectId(),
            from: 'agent',
            authorId: agentId,
            authorName: agent.displayName,
            text,
            at: clock.now(),
          },
        },
        audit: [
          ...(doc.firstResponseAt ? [] : [{ action: 'first_response' as const }]),
          ...(doc.status === 'assigned' ? [{ action: 'status' as const, from: 'assigned', to: 'in_progress' }] : []),
        ],
      }));
      return afterChange(result);
    },

    /** An internal note: by the agent holding the request while it is open, or by a supervisor. */
    async note(agentId: string, id: string, text: string) {
      const agent = await staff(agentId);
      const supervisor = agent.role === 'supervisor';
      const result = await core.mutate(id, actorOf(agent), (doc) => {
        if (!supervisor) {
          if (doc.assignedAgentId !== agentId) throw new AppError('HELP_NOT_YOURS');
          if (!WORKING.includes(doc.status)) throw new AppError('HELP_WRONG_STATUS');
        }
        return {
          ...(supervisor ? {} : { guard: { status: doc.status, assignedAgentId: agentId } }),
          push: {
            notes: {
              _id: new Types.ObjectId(),
              authorId: agentId,
              authorName: agent.displayName,
              text,
              at: clock.now(),
            },
          },
          audit: [{ action: 'note' }],
        };
      });
      return afterChange(result);
    },

    async setStatus(agentId: string, id: string, status: 'waiting_on_resident' | 'in_progress') {
      const result = await act(agentId, id, (doc) => {
        if (doc.status === status) return {};
        if (status === 'waiting_on_resident') {
          return {
            set: { status, pausedAt: clock.now() },
            audit: [{ action: 'status', from: doc.status, to: status }],
          };
        }
        return {
          set: { status, ...resumeFields(doc, clock.now()) },
          audit: [{ action: 'status', from: doc.status, to: status }],
        };
      });
      return afterChange(result);
    },

    async call(agentId: string, id: string, body: CallRecordBody) {
      const result = await act(agentId, id, (doc) => {
        // nobody can have been called on a number the task does not have
        if (doc.callback && !doc.callback.phone) throw new AppError('HELP_NO_CALLBACK_PHONE');
        return {
          set: body.reached
            ? {
                callback: null,
                rank: rankOf(doc.priority, false),
                ...(doc.firstResponseAt ? {} : { firstResponseAt: clock.now() }),
                ...(doc.status === 'assigned' ? { status: 'in_progress' } : {}),
              }
            : {},
          push: {
            messages: systemMessage(
              body.reached ? '客服已经给您打过电话了。' : '客服给您打了电话，没有打通，稍后会再打给您。',
              clock.now(),
            ),
          },
          audit: [{ action: body.reached ? 'call_reached' : 'call_missed', detail: body.note ?? null }],
        };
      });
      return afterChange(result);
    },

    /** A call-back task with no number: asks the resident, on her help page, to leave one. */
    async askPhone(agentId: string, id: string) {
      const result = await act(agentId, id, (doc) => {
        if (!doc.callback || doc.callback.phone) throw new AppError('HELP_WRONG_STATUS');
        return {
          push: { messages: systemMessage(ASK_PHONE_TEXT, clock.now()) },
          audit: [{ action: 'phone_requested' }],
        };
      });
      return afterChange(result);
    },

    async transfer(agentId: string, id: string, body: TransferBody) {
      const after = await moveTo(id, await staff(agentId), body, 'transfer', agentId);
      return after ? detail(after) : null;
    },

    async reassign(supervisorId: string, id: string, body: TransferBody) {
      const after = await moveTo(id, await staff(supervisorId), body, 'reassign');
      return after ? detail(after) : null;
    },

    async resolve(agentId: string, id: string, summary: string) {
      const result = await act(agentId, id, (doc, agent) => {
        const now = clock.now();
        return {
          set: {
            status: 'resolved',
            ...resumeFields(doc, now),
            firstResponseAt: doc.firstResponseAt ?? now,
            callback: null,
            resolvedAt: now,
            resolvedById: agentId,
            resolvedTeam: agent.team,
            resolutionSummary: summary,
            surveyAskedAt: now,
          },
          push: { messages: systemMessage(`问题已处理：${summary}`, now) },
          audit: [{ action: 'status', from: doc.status, to: 'resolved', detail: summary }],
        };
      });
      return afterChange(result);
    },

    settings,
  };
}
