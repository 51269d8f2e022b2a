import type { EscalationList, SupervisorOverview } from '@bianmin/shared';
import { deskStaff, type AgentRecord } from '../agents/model';
import { createAgentHelp, toAgentProfile } from './agent';
import { createAssigner } from './assign';
import { createHelpCore, OPEN, QUEUE_FIELDS, type HelpDeps } from './core';
import type { HelpEscalationRecord, HelpRequestRecord } from './model';
import { createReports } from './reports';
import { createRollups } from './rollups';
import { createResidentHelp } from './resident';
import { createTicker, toEscalation } from './tick';
import { toQueueItem } from './view';

/** Open requests counted for the overview (queue lines, no conversations), and those listed. */
const OVERVIEW_OPEN_LIMIT = 5000;
const OVERVIEW_PAGE = 100;

/**
 * One-tap help and the workbench. `tick()` is the background work (routing, call-backs, SLA,
 * auto-close): the server runs it on a timer, tests call it with a manual clock.
 */
export function createHelpService(deps: HelpDeps) {
  const { models, clock } = deps;
  const core = createHelpCore(deps);
  const assigner = createAssigner(deps, core);
  const resident = createResidentHelp(deps, core);
  const agent = createAgentHelp(deps, core, assigner);
  const tick = createTicker(deps, core, assigner);
  const rollups = createRollups(deps);

  async function withDocs(list: Array<{ helpId: string }>) {
    const docs = await models.HelpRequest.find({ _id: { $in: list.map((e) => e.helpId) } }).lean<HelpRequestRecord[]>();
    return new Map(docs.map((d) => [String(d._id), d]));
  }

  return {
    resident,
    agent,
    rollups,
    report: createReports({ clock, rollups }),
    tick,
    autoAssign: assigner.autoAssign,

    async overview(): Promise<SupervisorOverview> {
      // the counts over every open request, the list only its first page (queue order), without
      // the conversations: a busy day must not send a thousand documents to one page
      const [agents, open] = await Promise.all([
        models.Agent.find(deskStaff).sort({ role: 1, username: 1 }).lean<AgentRecord[]>(),
        core.byStatus(OPEN, {}, OVERVIEW_OPEN_LIMIT, QUEUE_FIELDS),
      ]);
      const loads = await assigner.loads();
      return {
        serverTime: clock.now().toISOString(),
        agents: agents.map((a) => toAgentProfile(a, loads.get(String(a._id)) ?? 0, deps.presence)),
        counts: {
          waiting: open.filter((d) => d.status === 'waiting').length,
          callbacks: open.filter((d) => d.callback).length,
          inProgress: open.filter((d) => d.status === 'assigned' || d.status === 'in_progress').length,
          waitingOnResident: open.filter((d) => d.status === 'waiting_on_resident').length,
          escalatedOpen: open.filter((d) => d.escalated?.first_response || d.escalated?.resolution).length,
        },
        open: open.slice(0, OVERVIEW_PAGE).map(toQueueItem),
        openTotal: open.length,
      };
    },

    async escalations(): Promise<EscalationList> {
      const list = await models.HelpEscalation.find({}).sort({ at: -1 }).limit(200).lean<HelpEscalationRecord[]>();
      const docs = await withDocs(list);
      return { items: list.map((e) => toEscalation(e, docs.get(e.helpId))) };
    },
  };
}

export type HelpService = ReturnType<typeof createHelpService>;
