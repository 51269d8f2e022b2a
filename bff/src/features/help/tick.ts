import type { Escalation, HelpStatus, SlaKind } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { atMostEvery } from '../../lib/clock';
import type { AgentRecord } from '../agents/model';
import type { Assigner } from './assign';
import { SYSTEM, WORKING, type HelpCore, type HelpDeps } from './core';
import type { HelpEscalationRecord, HelpRequestRecord } from './model';
import { escalatedField, resumeFields } from './sla';
import { ASK_PHONE_TEXT, RETURNED_TEXT, systemMessage } from './view';

export function toEscalation(e: HelpEscalationRecord, doc: HelpRequestRecord | undefined): Escalation {
  return {
    id: String(e._id),
    helpId: e.helpId,
    kind: e.kind,
    dueAt: e.dueAt.toISOString(),
    at: e.at.toISOString(),
    category: doc?.category ?? null,
    priority: doc?.priority ?? 'normal',
    status: doc?.status ?? 'waiting',
    assignedAgent:
      doc?.assignedAgentId && doc.assignedAgentName
        ? { id: doc.assignedAgentId, displayName: doc.assignedAgentName }
        : null,
  };
}

/** How long live events are kept for streams that resume, and how often old ones are swept. */
export const EVENTS_KEEP_MS = 24 * 3600_000;
const HOUSEKEEPING_EVERY_MS = 60_000;
/** How often changes a crashed writer left unpublished are looked for. */
const RECOVERY_EVERY_MS = 5_000;
/** How often the work of agents who are gone is looked for. */
const ABSENT_EVERY_MS = 5_000;
/** How often resolved requests are looked for to close (their limit is hours long). */
const CLOSE_EVERY_MS = 60_000;
/** The open requests a tick looks at, in queue order (the oldest are the ones due first). */
const TICK_READ = 2_000;
const OPEN: readonly HelpStatus[] = ['waiting', 'assigned', 'in_progress'];
/** What a tick reads of a request: everything but its chat and its history. */
const LIGHT = { messages: 0, audit: 0 } as const;

/**
 * The background work of help, run every HELP_TICK_MS by the server and by hand in tests: grid
 * offers that ran out go to the pool, unanswered elderly requests become call-back tasks, passed
 * SLA deadlines escalate, waiting requests are auto-assigned, old resolved ones close, and
 * changes a crashed writer left unpublished are published (core.recover).
 */
export function createTicker(deps: HelpDeps, core: HelpCore, assigner: Assigner) {
  const { models, clock, settings, presence } = deps;
  const housekeepingDue = atMostEvery(HOUSEKEEPING_EVERY_MS);
  const recoveryDue = atMostEvery(RECOVERY_EVERY_MS);
  const absentDue = atMostEvery(ABSENT_EVERY_MS);
  const closeDue = atMostEvery(CLOSE_EVERY_MS);

  async function each(
    statuses: readonly HelpStatus[],
    filter: Record<string, unknown>,
    fn: (doc: HelpRequestRecord) => Promise<void>,
  ) {
    for (const doc of await core.byStatus(statuses, filter)) await fn(doc);
  }

  async function change(doc: HelpRequestRecord, plan: Parameters<HelpCore['mutate']>[2]) {
    const result = await core.mutate(String(doc._id), SYSTEM, plan);
    if (result) await core.publish(result);
    return result;
  }

  async function escalate(
    kind: SlaKind,
    open: HelpRequestRecord[],
    dueField: 'firstResponseDueAt' | 'resolutionDueAt',
  ) {
    const now = clock.now();
    const field = escalatedField[kind];
    const due = open.filter((d) => !d.escalated?.[kind] && !d.pausedAt && d[dueField] <= now);
    for (const doc of due) {
      const result = await change(doc, (d) => ({
        guard: { [field]: null, [dueField]: d[dueField], pausedAt: null },
        set: { [field]: now },
        audit: [{ action: 'escalated', detail: kind }],
      }));
      if (!result) continue;
      const record = await models.HelpEscalation.findOneAndUpdate(
        { helpId: String(doc._id), kind },
        { $setOnInsert: { helpId: String(doc._id), kind, dueAt: doc[dueField], at: now } },
        { upsert: true, returnDocument: 'after' },
      ).lean<HelpEscalationRecord>();
      await deps.events.append({
        type: 'help.escalated',
        helpId: String(doc._id),
        userId: doc.userId,
        staff: { escalation: toEscalation(record, result.after) },
        resident: null,
      });
    }
  }

  /**
   * Follows the agents who hold work. When one comes or goes, her residents are told. Work held
   * by one whose workbench has not been seen for `absentReturnMs` goes back to the queue, in its
   * place as before: unassigned, offered to everyone, its SLA clock running again, a line to the
   * resident, an audit entry and a live event (the supervisor's view shows it).
   */
  async function followAgents(now: Date) {
    const held = await assigner.loads();
    if (held.size === 0) return;
    const agents = await models.Agent.find(
      { _id: { $in: [...held.keys()] } },
      { lastSeenAt: 1, shownConnected: 1 },
    ).lean<Array<Pick<AgentRecord, '_id' | 'lastSeenAt' | 'shownConnected'>>>();
    const byId = new Map(agents.map((a) => [String(a._id), a]));
    for (const agentId of held.keys()) {
      const agent = byId.get(agentId);
      const connected = agent ? presence.connected(agent) : false;
      if (agent && agent.shownConnected !== connected) {
        // she came or went: her residents are told (named again, or 「客服暂时离开」)
        await models.Agent.updateOne({ _id: agentId }, { $set: { shownConnected: connected } });
        for (const doc of await core.byStatus(WORKING, { assignedAgentId: agentId })) await core.announce(doc);
      }
      if (agent && presence.seenWithin(agent, settings.absentReturnMs)) continue;
      await each(WORKING, { assignedAgentId: agentId }, async (doc) => {
        try {
          await change(doc, (d) => {
            if (d.assignedAgentId !== agentId || !WORKING.includes(d.status)) throw new AppError('HELP_NOT_YOURS');
            return {
              guard: { assignedAgentId: agentId, status: d.status },
              set: {
                status: 'waiting',
                assignedAgentId: null,
                assignedAgentName: null,
                assignedTeam: null,
                assignedAt: null,
                offeredTo: 'pool',
                ...resumeFields(d, now),
              },
              push: { messages: systemMessage(RETURNED_TEXT, now) },
              audit: [{ action: 'returned', from: d.assignedAgentName ?? null, to: 'waiting' }],
            };
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err; // taken or moved meanwhile: nothing to return
        }
      });
    }
  }

  /** Grid offers whose grid has no customer manager with the workbench open go to everyone now. */
  async function releaseUnmannedGrids(now: Date, open: HelpRequestRecord[]) {
    const offered = open.filter((d) => d.status === 'waiting' && d.offeredTo === 'grid');
    if (offered.length === 0) return;
    const managers = await models.Agent.find(presence.connectedFilter(), { grids: 1 }).lean<
      Array<Pick<AgentRecord, 'grids'>>
    >();
    const manned = new Set(managers.flatMap((m) => m.grids));
    for (const doc of offered) {
      const due = doc.gridUntil && doc.gridUntil.getTime() <= now.getTime();
      if (!due && doc.gridId && manned.has(doc.gridId)) continue;
      await change(doc, () => ({
        guard: { offeredTo: 'grid' },
        set: { offeredTo: 'pool' },
        audit: [{ action: 'offered_to_pool', from: doc.gridId ?? null }],
      }));
    }
  }

  return async function tick(): Promise<void> {
    const now = clock.now();
    if (recoveryDue(now)) {
      await core.recover();
    }
    if (absentDue(now)) {
      await followAgents(now);
    }
    // one read of the open requests serves every look below, where each read them again (ten
    // reads a second); a change re-reads its request and applies only if its guard still holds
    const open = await core.byStatus(OPEN, {}, TICK_READ, LIGHT);
    await releaseUnmannedGrids(now, open);
    const callbackBefore = new Date(now.getTime() - settings.elderCallbackSeconds * 1000);
    const unanswered = open.filter(
      (d) =>
        (d.status === 'waiting' || d.status === 'assigned') &&
        d.elder &&
        !d.firstResponseAt &&
        !d.callback &&
        d.createdAt <= callbackBefore,
    );
    for (const doc of unanswered) {
      await change(doc, (d) => {
        const phone = d.callbackPhone ?? d.residentPhone ?? null;
        return {
          guard: { callback: null, firstResponseAt: null },
          set: { callback: { phone, reason: 'timeout', since: now }, rank: 0 },
          // no number to call: the resident's help page asks her for one (its phone box is there)
          ...(phone ? {} : { push: { messages: systemMessage(ASK_PHONE_TEXT, now) } }),
          audit: [{ action: 'callback_task', detail: String(settings.elderCallbackSeconds) }],
        };
      });
    }
    await escalate(
      'first_response',
      open.filter((d) => !d.firstResponseAt),
      'firstResponseDueAt',
    );
    await escalate('resolution', open, 'resolutionDueAt');
    await assigner.autoAssign();
    // the sweeps scan their collections on FerretDB: once a minute is plenty
    if (housekeepingDue(now)) {
      await deps.once.sweep(3600_000);
      await deps.events.prune(EVENTS_KEEP_MS);
    }
    if (closeDue(now)) {
      const closeBefore = new Date(now.getTime() - settings.autoCloseHours * 3600_000);
      await each(['resolved'], { resolvedAt: { $lte: closeBefore } }, async (doc) => {
        await change(doc, () => ({
          guard: { status: 'resolved' },
          set: { status: 'closed', closedAt: now },
          audit: [{ action: 'status', from: 'resolved', to: 'closed' }],
        }));
      });
    }
  };
}
