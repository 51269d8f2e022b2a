import { outageLabels, WorkOrderEventName, type Incident } from '@bianmin/shared';
import { eachOf, isDuplicateKey } from '../../db/query';
import type { IncidentRecord } from '../notices/model';
import { SYSTEM, type WorkOrderCore, type WorkOrderDeps } from './core';
import type { WorkOrderRecord } from './model';

/**
 * Many reports of one outage grouped into one incident for agents: when a district's outage
 * reports of one utility reach WORKORDER_INCIDENT_REPORTS within WORKORDER_INCIDENT_MINUTES,
 * they are linked to one open incident, and later reports there join it. At most one incident is
 * open per utility and district (its unique `openKey`), whichever instance counts first.
 */
export function createIncidents(deps: WorkOrderDeps, core: WorkOrderCore) {
  const { models, clock, settings, events } = deps;

  async function orderIds(incidentId: string): Promise<string[]> {
    const list = await models.WorkOrder.find({ incidentId }, { _id: 1 }).sort({ createdAt: 1 }).lean();
    return list.map((o) => String(o._id));
  }

  async function view(incident: IncidentRecord): Promise<Incident> {
    const ids = await orderIds(String(incident._id));
    return {
      id: String(incident._id),
      utility: incident.utility,
      district: incident.district,
      status: incident.status,
      title: `${incident.district}${outageLabels[incident.utility]}：${ids.length} 起报修`,
      orders: ids.length,
      orderIds: ids.slice(0, 100),
      noticeId: incident.noticeId ?? null,
      firstAt: incident.firstAt.toISOString(),
      lastAt: incident.lastAt.toISOString(),
    };
  }

  async function link(orderId: string, incidentId: string) {
    await core.commit(orderId, SYSTEM, (o) =>
      o.incidentId ? null : { action: 'linked', set: { incidentId }, detail: { title: '同一停电停水停气事件' } },
    );
  }

  return {
    view,

    /** A new outage report: joins the open incident of its district, or opens one when enough came. */
    async report(order: WorkOrderRecord): Promise<IncidentRecord | null> {
      if (!order.outage) return null;
      const openKey = `${order.utility}:${order.district}`;
      const now = clock.now();
      let incident = await models.Incident.findOne({ openKey }).lean<IncidentRecord>();
      let members: WorkOrderRecord[] = [order];
      if (!incident) {
        const since = new Date(now.getTime() - settings.incidentMinutes * 60_000);
        members = await models.WorkOrder.find({
          outage: true,
          utility: order.utility,
          district: order.district,
          createdAt: { $gte: since },
        }).lean<WorkOrderRecord[]>();
        if (members.length < settings.incidentReports) return null;
        const firstAt = new Date(Math.min(...members.map((o) => o.createdAt.getTime())));
        incident = await models.Incident.create({
          openKey,
          utility: order.utility,
          district: order.district,
          status: 'open',
          noticeId: order.noticeId ?? null,
          firstAt,
          lastAt: now,
          createdAt: now,
        })
          .then((d) => d.toObject<IncidentRecord>())
          .catch(async (err: unknown) => {
            // another instance opened it at the same moment: join that one
            if (!isDuplicateKey(err)) throw err;
            return models.Incident.findOne({ openKey }).lean<IncidentRecord>();
          });
        if (!incident) return null;
      } else {
        await models.Incident.updateOne({ _id: incident._id }, { $set: { lastAt: now } });
      }
      const incidentId = String(incident._id);
      await eachOf(
        members.filter((o) => !o.incidentId).map((o) => String(o._id)),
        async (id) => {
          await link(id, incidentId);
          return [];
        },
      );
      await events.append({
        type: WorkOrderEventName.incident,
        staff: { incident: await view(incident) },
        resident: null,
      });
      return incident;
    },

    /**
     * Closes the incidents no report joined for WORKORDER_INCIDENT_MINUTES: the outage is over (or
     * handled), and a new run of reports there makes a new incident.
     */
    async closeQuiet(): Promise<number> {
      const before = new Date(clock.now().getTime() - settings.incidentMinutes * 60_000);
      const quiet = await models.Incident.find({ status: 'open', lastAt: { $lte: before } }).lean<IncidentRecord[]>();
      for (const incident of quiet) {
        await models.Incident.updateOne(
          { _id: incident._id, status: 'open' },
          { $set: { status: 'closed', closedAt: clock.now(), openKey: String(incident._id) } },
        );
      }
      return quiet.length;
    },

    async list(): Promise<Incident[]> {
      const open = await models.Incident.find({ status: 'open' })
        .sort({ lastAt: -1 })
        .limit(100)
        .lean<IncidentRecord[]>();
      return Promise.all(open.map(view));
    },
  };
}

export type Incidents = ReturnType<typeof createIncidents>;
