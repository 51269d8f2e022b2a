import { reservedForOthers } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { eachOf, isDuplicateKey } from '../../db/query';
import type { AgentRecord } from '../agents/model';
import { WORKING, type Actor, type HelpCore, type HelpDeps } from './core';
import type { HelpRequestRecord, HelpSeatRecord } from './model';

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
  return reservedForOthers(doc, agent.grids, now.getTime());
}

/**
 * Assignment under capacity. An agent's `load` is raised by one guarded update
 * (`load < capacity`) before the request is taken, and given back if the request was lost, so
 * no agent ever holds more than their capacity, whichever instance assigns.
 */
export function createAssigner(deps: HelpDeps, core: HelpCore) {
  const { models, clock, presence } = deps;

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

  /** A seat younger than this may belong to a claim or transfer still on its way. */
  const SEAT_GRACE_MS = 30_000;

  /** Inserts the first free seat of `agentId` below `capacity`, trying from `from` round. */
  async function takeSeat(agentId: string, capacity: number, from: number, helpId: string): Promise<string | null> {
    for (let i = 0; i < capacity; i++) {
      const key = `${agentId}:${(from + i) % capacity}`;
      try {
        await models.HelpSeat.create({ _id: key, agentId, helpId, at: clock.now() });
        return key;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return null;
  }

  /**
   * Takes back the agent's seats whose request is no longer hers: resolved, closed, given to
   * someone else, or back in the queue. A young seat whose request could still be on its way to
   * her (waiting, or working with another agent) is left alone.
   */
  async function freeSeats(agentId: string): Promise<void> {
    const seats = await models.HelpSeat.find({ agentId }).lean<HelpSeatRecord[]>();
    for (const seat of seats) {
      const doc = await models.HelpRequest.findById(seat.helpId, { status: 1, assignedAgentId: 1 }).lean<
        Pick<HelpRequestRecord, 'status' | 'assignedAgentId'>
      >();
      const working = doc ? WORKING.includes(doc.status) : false;
      if (doc && working && doc.assignedAgentId === agentId) continue;
      const onItsWay = doc && ((doc.status === 'waiting' && !doc.assignedAgentId) || working);
      if (onItsWay && clock.now().getTime() - seat.at.getTime() < SEAT_GRACE_MS) continue;
      await models.HelpSeat.deleteOne({ _id: seat._id, helpId: seat.helpId, at: seat.at });
    }
  }

  /**
   * Takes one seat of the agent's capacity for request `helpId` (a `HelpSeat` keyed by
   * "agent:k", k < capacity), so two assignments never both take the last one however they
   * interleave, on any number of instances; the seat stays with the request while it is hers.
   * Answers the seat, or null when she is full (or offline, for `onlineOnly`).
   */
  async function reserve(agent: StaffRecord, onlineOnly: boolean, helpId: string): Promise<string | null> {
    const agentId = String(agent._id);
    const fresh = await models.Agent.findOne(
      { _id: agent._id, active: true },
      { presence: 1, capacity: 1, lastSeenAt: 1 },
    ).lean();
    if (!fresh || (onlineOnly && !presence.isPresent({ active: true, ...fresh }))) return null;
    // requests given to her before seats existed hold none: the count keeps them within capacity
    const load = await loadOf(agentId);
    if (load >= fresh.capacity) return null;
    const seat = await takeSeat(agentId, fresh.capacity, load, helpId);
    if (seat) return seat;
    // another claim may have freed the same seats first: try again whatever this one freed
    await freeSeats(agentId);
    return takeSeat(agentId, fresh.capacity, load, helpId);
  }

  /** Gives back a seat whose assignment did not happen. */
  async function release(seat: string | null | undefined, helpId: string): Promise<void> {
    if (seat) await models.HelpSeat.deleteOne({ _id: seat, helpId });
  }

  /** Gives back the seat `agentId` held for `helpId` (the request was handed to someone else). */
  async function vacate(agentId: string, helpId: string): Promise<void> {
    await models.HelpSeat.deleteMany({ agentId, helpId });
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
    const seat = await reserve(agent, action === 'auto_assign', id);
    if (!seat) throw new AppError(action === 'reassign' ? 'HELP_AGENT_UNAVAILABLE' : 'HELP_AT_CAPACITY');
    let done = false;
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
      done = true;
      await core.publish(result);
      return result.after;
    } finally {
      if (!done) await release(seat, id);
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

  return { reserve, release, vacate, assign, autoAssign, loads };
}

export type Assigner = ReturnType<typeof createAssigner>;
