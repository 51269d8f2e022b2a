import {
  addDays,
  beijingDay,
  beijingMidnight,
  beijingParts,
  repairCauseValues,
  type FieldUtility,
  type Satisfaction,
  type WorkOrderAction,
  type WorkOrderActor,
  type WorkOrderStatus,
  type WorkOrderType,
} from '@bianmin/shared';
import type { Config } from '../config';
import type { Models } from '../db/models';
import { inTurns, insertNew } from '../db/query';
import { stepId } from '../features/workorders/core';
import { dispatchSet, orderNumber } from '../features/workorders/create';
import { returnSet } from '../features/workorders/field';
import { idFor } from '../lib/ids';
import type { WorkOrderStepRecord } from '../features/workorders/model';
import { markStintDay } from '../features/workorders/stint-days';
import { stintDayOf } from '../features/workorders/stints';
import { deadlinesFrom, needsVisit, typeSla } from '../features/workorders/sla';
import { dice, residentName, type Dice } from './random';
import { HISTORY_DAYS } from './help-history';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** What each kind of unit is sent, by weight. */
const TYPES: Record<FieldUtility, Partial<Record<WorkOrderType, number>>> = {
  power: { emergency_repair: 4, repair: 5, meter: 3, installation: 2, complaint: 2, inquiry: 1 },
  water: { repair: 6, meter: 3, installation: 2, account_change: 2, complaint: 2, emergency_repair: 1 },
  gas: { safety_check: 5, ignition: 3, repair: 3, pipe_change: 2, emergency_repair: 2, complaint: 1 },
};
const SUMMARY: Partial<Record<WorkOrderType, string>> = {
  emergency_repair: '已抢修恢复',
  repair: '已更换损坏部件',
  safety_check: '安检合格',
  ignition: '已点火，使用正常',
  pipe_change: '已按要求改管',
  meter: '已核对表计读数',
  installation: '已装表通电（通水、通气）',
  account_change: '已办理变更',
  complaint: '已回复居民并整改',
  inquiry: '已解答',
};
const STREETS = ['东华门街道', '景山街道', '交道口街道', '什刹海街道', '月坛街道', '金融街街道'];

interface Member {
  id: string;
  name: string;
  phone: string | null;
  /** 0..1: how often she keeps the time limits and pleases the resident. */
  skill: number;
}

interface UnitInfo {
  id: string;
  name: string;
  utility: FieldUtility;
  district: string;
  grid: string | null;
  skill: number;
  field: Member[];
  coordinator: Member | null;
}

interface Actor {
  kind: WorkOrderActor;
  id: string | null;
  name: string | null;
}

/** Builds an order step by step, as the work-order core would: each step's `set` applied in turn. */
class Timeline {
  readonly steps: WorkOrderStepRecord[] = [];
  readonly order: Record<string, unknown> = {};
  constructor(
    readonly id: string,
    private readonly now: Date,
  ) {}

  /** Takes the step if it happened by now; false (and nothing after it) once time runs out. */
  step(at: Date, action: WorkOrderAction, actor: Actor, set: Record<string, unknown>, detail: object = {}): boolean {
    if (at.getTime() > this.now.getTime()) return false;
    const from = (this.order.status as WorkOrderStatus | undefined) ?? null;
    const fromUnitId = (this.order.unitId as string | null | undefined) ?? null;
    const stintDay = stintDayOf(action, at, this.order);
    Object.assign(this.order, set, action === 'dispatched' ? { stintDay } : {});
    const n = this.steps.length;
    this.steps.push({
      _id: stepId(this.id, n),
      orderId: this.id,
      n,
      at,
      action,
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: actor.name,
      from,
      to: this.order.status as WorkOrderStatus,
      fromUnitId,
      toUnitId: (this.order.unitId as string | null | undefined) ?? null,
      detail,
      set,
      // history: its live events and webhook messages are long past, nothing to send now
      published: true,
      stintDay,
    });
    return true;
  }

  document() {
    const first = this.steps[0];
    const last = this.steps[this.steps.length - 1];
    return { ...this.order, _id: this.id, n: this.steps.length, createdAt: first?.at, updatedAt: last?.at };
  }
}

const memberActor = (m: Member): Actor => ({ kind: 'field', id: m.id, name: m.name });
const after = (at: Date, ms: number) => new Date(at.getTime() + Math.max(MIN, ms));

/** One order of the past at a unit, from 受理 to 评价 (or as far as it got by now). */
function orderOf(d: Dice, unit: UnitInfo, day: string, k: number, config: Config, now: Date) {
  const id = idFor(`demo-history:${unit.name}:${day}:${k}`);
  const type = d.weighted(TYPES[unit.utility] as Record<WorkOrderType, number>);
  const sla = typeSla(config.workorders.slaOverrides, type);
  const createdAt = new Date(beijingMidnight(day).getTime() + d.int(7 * 60, 20 * 60) * MIN);
  const desk: Actor = unit.coordinator
    ? { kind: 'coordinator', id: unit.coordinator.id, name: unit.coordinator.name }
    : { kind: 'system', id: null, name: null };
  const t = new Timeline(id, now);
  const street = d.pick(STREETS);
  t.step(
    createdAt,
    'created',
    desk,
    {
      no: orderNumber(id, createdAt),
      type,
      priority: sla.priority,
      utility: unit.utility,
      problem: null,
      outage: false,
      source: 'staff',
      createdBy: desk,
      residentName: residentName(d),
      residentPhone: `139${String(d.int(0, 99_999_999)).padStart(8, '0')}`,
      gridId: unit.grid,
      district: unit.district,
      street,
      address: `${unit.district}${street}${d.int(1, 120)}号`,
      description: null,
      status: 'pending_dispatch',
      unitId: null,
      unitName: null,
    },
    { source: 'staff' },
  );

  const dispatch = (at: Date) =>
    t.step(at, 'dispatched', desk, dispatchSet(unit, desk, t.steps.length, at, deadlinesFrom(sla, at, {})), {
      unitId: unit.id,
      unitName: unit.name,
    });
  let at = after(createdAt, d.int(2, 20) * MIN);
  if (!dispatch(at)) return t;

  // 退单 now and then: the member finds it is not theirs, the desk sends it again
  if (d.chance(0.1 - 0.06 * unit.skill)) {
    at = after(at, d.int(10, 90) * MIN);
    const ok = t.step(at, 'returned', desk, returnSet('地址不在本单位范围，请核实', desk.name, at), {
      reason: '地址不在本单位范围，请核实',
    });
    if (!ok || !dispatch(after(at, d.int(10, 60) * MIN))) return t;
    at = t.steps[t.steps.length - 1]?.at ?? at;
  }

  const member = d.pick(unit.field);
  const skill = (unit.skill + member.skill) / 2;
  const dispatchedAt = at;
  const limit = (due: unknown) => (due instanceof Date ? due.getTime() - dispatchedAt.getTime() : HOUR);
  // within the limit with probability `skill`, else somewhat past it
  const within = (due: unknown) => {
    const span = limit(due);
    return d.chance(skill) ? span * (0.2 + 0.7 * d.next()) : span * (1.05 + 0.8 * d.next());
  };
  at = after(at, Math.min(within(t.order.contactDueAt) / 3, 20 * MIN));
  if (
    !t.step(
      at,
      'accepted',
      memberActor(member),
      {
        status: 'accepted',
        assigneeId: member.id,
        assigneeName: member.name,
        assigneePhone: member.phone,
        acceptedAt: at,
      },
      { memberId: member.id, memberName: member.name, memberPhone: member.phone },
    )
  )
    return t;
  at = new Date(Math.max(at.getTime() + MIN, dispatchedAt.getTime() + within(t.order.contactDueAt)));
  if (
    !t.step(
      at,
      'contacted',
      memberActor(member),
      { status: 'contacted', contactedAt: at },
      { memberName: member.name, note: null },
    )
  )
    return t;
  if (needsVisit(type)) {
    const arrive = new Date(Math.max(at.getTime() + 10 * MIN, dispatchedAt.getTime() + within(t.order.arrivalDueAt)));
    const leave = new Date(Math.max(at.getTime() + MIN, arrive.getTime() - d.int(10, 40) * MIN));
    if (
      !t.step(
        leave,
        'on_the_way',
        memberActor(member),
        { status: 'on_the_way' },
        { memberName: member.name, note: null },
      )
    )
      return t;
    if (
      !t.step(
        arrive,
        'arrived',
        memberActor(member),
        { status: 'arrived', arrivedAt: arrive },
        { memberName: member.name, note: null },
      )
    )
      return t;
    at = arrive;
  }
  const complete = (from: Date) => {
    const done = new Date(
      Math.max(from.getTime() + 20 * MIN, dispatchedAt.getTime() + within(t.order.completionDueAt)),
    );
    const report = {
      summary: SUMMARY[type] ?? '已处理',
      cause: d.pick(repairCauseValues),
      notes: null,
      photos: [],
      at: done,
      byId: member.id,
      byName: member.name,
    };
    return t.step(
      done,
      'completed',
      memberActor(member),
      { status: 'completed', completedAt: done, report },
      {
        summary: report.summary,
        cause: report.cause,
      },
    )
      ? done
      : null;
  };
  let done = complete(at);
  if (!done) return t;
  // 对单: now and then sent back for rework, then accepted
  at = after(done, d.int(30, 240) * MIN);
  if (d.chance(0.12 - 0.08 * skill)) {
    const lastCheck = { accepted: false, reason: '回单照片不清楚，请补充', byName: desk.name, at };
    if (!t.step(at, 'check_returned', desk, { status: 'rework', lastCheck }, { reason: lastCheck.reason })) return t;
    done = complete(at);
    if (!done) return t;
    at = after(done, d.int(30, 240) * MIN);
  }
  const lastCheck = { accepted: true, byName: desk.name, at };
  if (!t.step(at, 'check_accepted', desk, { status: 'checked', checkedAt: at, lastCheck })) return t;
  at = after(at, d.int(60, 48 * 60) * MIN);
  if (d.chance(0.7)) {
    const satisfaction: Satisfaction = d.chance(0.55 + 0.42 * skill) ? 'good' : d.chance(0.7) ? 'average' : 'poor';
    const resident: Actor = { kind: 'resident', id: null, name: null };
    t.step(
      at,
      'rated',
      resident,
      { status: 'closed', closedAt: at, rating: { satisfaction, comment: null, at } },
      { satisfaction, comment: null },
    );
  } else {
    t.step(
      after(at, 3 * 24 * HOUR),
      'closed',
      { kind: 'system', id: null, name: null },
      { status: 'closed', closedAt: after(at, 3 * 24 * HOUR) },
      { auto: true },
    );
  }
  return t;
}

/** The demo units with their members, each given a steady level of skill (so rankings differ). */
async function unitsOf(models: Models): Promise<UnitInfo[]> {
  const units = await models.Unit.find({ active: true }).lean();
  return units.map((u, i) => {
    const d = dice(`unit:${u.name}`);
    const member = (m: (typeof u.members)[number]): Member => ({
      id: m.agentId,
      name: m.name,
      phone: m.phone ?? null,
      skill: 0.75 + 0.22 * d.next(),
    });
    return {
      id: String(u._id),
      name: u.name,
      utility: u.utility,
      district: u.district,
      grid: u.grids[0] ?? null,
      skill: 0.7 + (0.27 * ((i * 7 + 3) % 6)) / 5,
      field: u.members.filter((m) => m.role === 'field').map(member),
      coordinator: u.members.filter((m) => m.role === 'coordinator').map(member)[0] ?? null,
    };
  });
}

/**
 * A year of work orders at the demo units through now: done ones (with 退单, 对单退回, ratings, the
 * time limits kept or missed) and the last days' still under way, written as the work-order
 * core writes them (the steps, and the order as their projection), so 单位考核 counts them as
 * any other. Idempotent: an order that exists is left as it is. `volume` gives each unit
 * `perDay` orders a day over `days` days instead (the benchmark's volume).
 */
export async function seedWorkOrderHistory(
  models: Models,
  config: Config,
  now: Date,
  volume?: { days: number; perDay: number },
): Promise<number> {
  const units = (await unitsOf(models)).filter((u) => u.field.length > 0);
  const today = beijingDay(now);
  const days = volume?.days ?? HISTORY_DAYS;
  const timelines: Timeline[] = [];
  for (const unit of units) {
    for (let i = days - 1; i >= 0; i -= 1) {
      const day = addDays(today, -i);
      const d = dice(`orders:${unit.name}:${day}`);
      const weekend = beijingParts(beijingMidnight(day)).weekday >= 6;
      const count = volume?.perDay ?? d.weighted(weekend ? { 0: 9, 1: 1 } : { 0: 4, 1: 1 });
      for (let k = 0; k < Number(count); k += 1) {
        const t = orderOf(d, unit, day, k, config, now);
        if (t.steps.length > 0) timelines.push(t);
      }
    }
  }
  // one scan of the ids (FerretDB filters `$in` after reading every document anyway)
  const first = beijingMidnight(addDays(today, -(days - 1)));
  const existing = new Set(
    (await models.WorkOrder.find({ createdAt: { $gte: first } }, { _id: 1 }).lean()).map((o) => String(o._id)),
  );
  const fresh = timelines.filter((t) => !existing.has(t.id));
  const steps = fresh.flatMap((t) => t.steps);
  // steps first: an order without its steps would be a projection of nothing
  await insertNew(models.WorkOrderStep, steps);
  await insertNew(
    models.WorkOrder,
    fresh.map((t) => t.document()),
    1000,
  );
  // 单位考核 counts the days of these stints again (as a step written by the core marks its day)
  const stintDays = new Set(steps.flatMap((s) => (s.stintDay ? [s.stintDay] : [])));
  await inTurns([...stintDays], 20, (day) => markStintDay(models, { now: () => now }, day));
  return fresh.length;
}
