import { AppError } from '../../http/errors';
import { eachOf } from '../../db/query';
import { pause } from '../../lib/once';
import type { AgentRecord } from '../agents/model';
import { WORKING, type Actor, type HelpCore, type HelpDeps } from './core';
import type { HelpRequestRecord } from './model';

export type StaffRecord = Pick<
  AgentRecord,
  '_id' | 'displayName' | 'role' | 'team' | 'grids' | 'capacity' | 'presence' | 'lastSeenAt'
> & {
  /** Counted open requests, filled in where needed. */
  load?: number;
};

export function actorOf(agent: StaffRecord): Actor {
  return { kind: agent.role === 'supervisor' ? 'supervisor' : 'agent', id: String(agent._id), name: agent.displayName };
}

/** True while a request is offered only to its grid's customer managers and `agent` is not one. */
export function reservedForGrid(doc: HelpRequestRecord, agent: StaffRecord, now: Date): boolean {
  if (doc.offeredTo !== 'grid' || !doc.gridId) return false;
  if (doc.gridUntil && doc.gridUntil.getTime() <= now.getTime()) return false;
  return !agent.grids.includes(doc.gridId);
}

/**
 * Assignment under capacity. An agent's `load` is raised by one guarded update
 * (`load < capacity`) before the request is taken, and given back if the request was lost, so
 * no agent ever holds more than their capacity, whichever instance assigns.
 */
export function createAssigner(deps: HelpDeps, core: HelpCore) {
  const { models, clock, once, presence } = deps;

  /** Open requests assigned to each agent. */
  async function loads(): Promise<Map<string, number>> {
    const rows = await eachOf(WORKING, (status) =>
      models.HelpRequest.find({ status }, { assignedAgentId: 1 }).lean<Array<{ assignedAgentId: string | null }>>(),
    );
    const counts = new Map<string, number>();
    for (const { assignedAgentId: id } of rows) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }

  async function loadOf(agentId: string): Promise<number> {
    // one count per status: the embedded FerretDB hands equalities to its storage, not `$in`
    const counts = await Promise.all(
      WORKING.map((status) => models.HelpRequest.countDocuments({ assignedAgentId: agentId, status })),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Takes one slot of the agent's capacity: counts their open requests and claims the key of
   * "slot N of this agent" (see lib/once.ts), so two assignments never both take the last slot.
   * Answers the key to give back once the request is assigned (or was lost), or null when full.
   */
  async function reserve(agent: StaffRecord, onlineOnly: boolean): Promise<string | null> {
    for (let attempt = 0; attempt < 20; attempt++) {
      if (attempt > 0) await pause(Math.min(5 * attempt, 50));
      const fresh = await models.Agent.findOne(
        { _id: agent._id, active: true },
        { presence: 1, capacity: 1, lastSeenAt: 1 },
      ).lean();
      if (!fresh || (onlineOnly && !presence.isPresent({ active: true, ...fresh }))) return null;
      const load = await loadOf(String(agent._id));
      if (load >= fresh.capacity) return null;
      const key = `slot:${String(agent._id)}:${load}`;
      if (await once.claim(key, 10_000)) return key;
    }
    return null;
  }

  async function release(key: string | null | undefined): Promise<void> {
    if (key) await once.give(key);
  }

  /**
   * Gives a waiting request to `agent`: `action` is `claim` or `auto_assign`. Refuses with
   * HELP_ALREADY_CLAIMED when another got it first, HELP_AT_CAPACITY when the agent is full.
   */
  async function assign(id: string, agent: StaffRecord, by: Actor, action: 'claim' | 'auto_assign' | 'reassign') {
    const current = await models.HelpRequest.findById(id).lean<HelpRequestRecord>();
    if (!current) return null;
    if (current.status !== 'waiting' || current.assignedAgentId) throw new AppError('HELP_ALREADY_CLAIMED');
    if (action !== 'reassign' && reservedForGrid(current, agent, clock.now()))
      throw new AppError('HELP_RESERVED_FOR_GRID');
    const slot = await reserve(agent, action === 'auto_assign');
    if (!slot) throw new AppError(action === 'reassign' ? 'HELP_AGENT_UNAVAILABLE' : 'HELP_AT_CAPACITY');
    try {
      const result = await core.mutate(id, by, (doc) => {
        if (doc.status !== 'waiting' || doc.assignedAgentId) throw new AppError('HELP_ALREADY_CLAIMED');
        return {
          guard: { status: 'waiting', assignedAgentId: null },
          set: {
            status: 'assigned',
            assignedAgentId: String(agent._id),
            assignedAgentName: agent.displayName,
            assignedTeam: agent.team,
            assignedAt: clock.now(),
          },
          audit: [{ action, from: 'waiting', to: agent.displayName }],
        };
      });
      if (!result) throw new AppError('NOT_FOUND');
      await core.publish(result);
      return result.after;
    } finally {
      await release(slot);
    }
  }

  /**
   * Offers every waiting request, highest rank first, to the least-loaded online agent under
   * capacity who may take it (the grid's managers first, everyone after the grid wait).
   */
  async function autoAssign(): Promise<number> {
    const waiting = await models.HelpRequest.find({ status: 'waiting', assignedAgentId: null })
      .sort({ rank: 1, createdAt: 1 })
      .limit(200)
      .lean<HelpRequestRecord[]>();
    if (waiting.length === 0) return 0;
    const agents = await models.Agent.find(presence.filter()).lean<StaffRecord[]>();
    const current = await loads();
    for (const agent of agents) agent.load = current.get(String(agent._id)) ?? 0;
    let assigned = 0;
    for (const doc of waiting) {
      const now = clock.now();
      const candidates = agents
        .filter((a) => (a.load ?? 0) < a.capacity && !reservedForGrid(doc, a, now))
        .sort((a, b) => (a.load ?? 0) - (b.load ?? 0) || String(a._id).localeCompare(String(b._id)));
      for (const agent of candidates) {
        try {
          await assign(String(doc._id), agent, { kind: 'system', id: null, name: null }, 'auto_assign');
          agent.load = (agent.load ?? 0) + 1;
          assigned += 1;
          break;
        } catch (err) {
          if (err instanceof AppError && err.code === 'HELP_AT_CAPACITY') {
            agent.load = agent.capacity; // another instance filled them up
            continue;
          }
          if (err instanceof AppError) break; // taken meanwhile
          throw err;
        }
      }
    }
    return assigned;
  }

  return { reserve, release, assign, autoAssign, loads };
}

export type Assigner = ReturnType<typeof createAssigner>;
