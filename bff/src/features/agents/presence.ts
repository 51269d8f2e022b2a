import type { AgentRecord } from './model';

/**
 * Who is really there to take requests: the one definition that auto-assignment, grid offers,
 * the queue's expected wait and the resident's "客服某某正在为您服务" all use. An agent counts
 * while she is `online`.
 */
export function createPresence() {
  return {
    /** The query that finds agents who may be given requests now. */
    filter(): Record<string, unknown> {
      return { active: true, role: 'agent', presence: 'online' };
    },
    /** True when `agent` may be given requests now. */
    isPresent(agent: Pick<AgentRecord, 'active' | 'presence'>): boolean {
      return agent.active && agent.presence === 'online';
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
