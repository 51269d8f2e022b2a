import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import { deskStaff, type AgentRecord } from './model';

/** What presence reads of an agent. */
export type PresenceFields = Pick<AgentRecord, 'active' | 'presence' | 'lastSeenAt'>;

/**
 * Who is really there to take requests: the one definition that auto-assignment, grid offers,
 * capacity slots, the queue's expected wait and the resident's "客服某某正在为您服务" all use.
 *
 * An agent is *connected* while her workbench showed itself within the last `windowMs`: an open
 * live stream refreshes `lastSeenAt` every `refreshMs` (see `hold`), and the workbench sends a
 * heartbeat besides. Nothing stays "online" by itself: closing the tab, losing the network or a
 * sleeping phone stops both, and `lastSeenAt` falls out of the window. She is *present* (given
 * requests) while connected AND her own choice is 在线. The time is the injected clock's, and
 * `lastSeenAt` lives in the database, so every instance agrees.
 */
export function createPresence(deps: { models: Models; clock: Clock; windowMs: number; refreshMs: number }) {
  const { models, clock, windowMs, refreshMs } = deps;
  const since = (ms = windowMs) => new Date(clock.now().getTime() - ms);
  /** True when her workbench showed itself within the last `ms`. */
  const seenWithin = (agent: Pick<AgentRecord, 'lastSeenAt'>, ms: number) =>
    agent.lastSeenAt instanceof Date && agent.lastSeenAt.getTime() >= since(ms).getTime();
  const connected = (agent: Pick<AgentRecord, 'lastSeenAt'>) => seenWithin(agent, windowMs);

  /** Agents with a stream open on this instance, and how many streams each. */
  const held = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  /** Marks `agentId` as seen now. */
  async function touch(agentId: string): Promise<void> {
    await models.Agent.updateOne({ _id: agentId, active: true }, { $set: { lastSeenAt: clock.now() } });
  }

  function refreshHeld() {
    void Promise.all([...held.keys()].map((id) => touch(id).catch(() => undefined)));
  }

  return {
    windowMs,

    /** The query that finds agents who may be given requests now. */
    filter(): Record<string, unknown> {
      return { active: true, role: 'agent', presence: 'online', lastSeenAt: { $gte: since() } };
    },

    /** The query that finds the desk's staff whose workbench is open now, whatever they chose. */
    connectedFilter(): Record<string, unknown> {
      return { ...deskStaff, lastSeenAt: { $gte: since() } };
    },

    /** True when `agent` may be given requests now. */
    isPresent(agent: PresenceFields): boolean {
      return agent.active && agent.presence === 'online' && connected(agent);
    },

    /** True while her workbench showed itself within the window, whatever she chose. */
    connected,

    seenWithin,

    /** A heartbeat from her workbench. */
    touch,

    /**
     * An open live stream of `agentId` on this instance: she is seen now and every `refreshMs`
     * while it stays open (one write per agent, however many streams she has). Answers the
     * function that lets go when the stream ends.
     */
    hold(agentId: string): () => void {
      held.set(agentId, (held.get(agentId) ?? 0) + 1);
      void touch(agentId).catch(() => undefined);
      if (!timer) {
        timer = setInterval(refreshHeld, refreshMs);
        timer.unref();
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (held.get(agentId) ?? 1) - 1;
        if (left > 0) held.set(agentId, left);
        else held.delete(agentId);
        if (held.size === 0 && timer) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },

    /** Whether a stream of `agentId` is open on this instance (tests wait for it to end). */
    holding(agentId: string): boolean {
      return held.has(agentId);
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
