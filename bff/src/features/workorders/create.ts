import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import {
  appointmentTypes,
  beijingDay,
  isFieldUtility,
  problemOf,
  type CreateWorkOrderBody,
  type FieldUtility,
  type FromHelpBody,
  type FromHelpDraft,
  type HelpCategory,
  type ProblemCode,
  type StaffCreateBody,
  type WorkOrderType,
} from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { idFor } from '../../lib/ids';
import type { HelpRequestRecord } from '../help/model';
import type { UnitRecord } from '../units/model';
import { toUnitBrief } from '../units/service';
import type { UtilityAccountRecord } from '../accounts/model';
import { SYSTEM, type Actor, type WorkOrderCore, type WorkOrderDeps } from './core';
import type { WorkOrderRecord } from './model';
import { deadlinesFrom, slotWindow, typeSla } from './sla';
import type { HeardComplaint } from '../followups/deps';

/** The number people read: `GD` + the Beijing day (yymmdd) + eight digits from the id. */
export function orderNumber(orderId: string, at: Date): string {
  const digits = String(BigInt(`0x${createHash('sha256').update(orderId).digest('hex').slice(0, 12)}`) % 100_000_000n);
  return `GD${beijingDay(at).slice(2).replaceAll('-', '')}${digits.padStart(8, '0')}`;
}

interface Place {
  accountId: string | null;
  accountNo: string | null;
  gridId: string | null;
  district: string;
  street: string | null;
  address: string;
  location: { lat: number; lng: number } | null;
}

function placeOfAccount(account: UtilityAccountRecord, location?: { lat: number; lng: number }): Place {
  return {
    accountId: String(account._id),
    accountNo: account.accountNo,
    gridId: account.gridId,
    district: account.district,
    street: null,
    address: account.address,
    location: location ?? null,
  };
}

function placeOfAddress(
  a: NonNullable<CreateWorkOrderBody['address']>,
  location?: { lat: number; lng: number },
): Place {
  return {
    accountId: null,
    accountNo: null,
    gridId: null,
    district: a.district,
    street: a.street ?? null,
    address: `北京市${a.district}${a.street ?? ''}${a.detail}`,
    location: location ?? null,
  };
}

/** What 转工单 suggests for a help request's quick reason. */
function typeForCategory(category: HelpCategory | null | undefined): WorkOrderType {
  switch (category) {
    case 'outage':
    case 'gas_smell':
      return 'emergency_repair';
    case 'complaint':
      return 'complaint';
    case 'bill_question':
    case 'payment_failed':
      return 'inquiry';
    default:
      return 'repair';
  }
}

function problemForCategory(
  category: HelpCategory | null | undefined,
  utility: FieldUtility | null,
): ProblemCode | null {
  if (category === 'gas_smell') return 'gas_smell';
  if (category === 'outage' && utility) return `${utility}_outage`;
  return null;
}

/**
 * Opening orders: a resident's 报修 or 预约, an order opened by a supervisor or coordinator, and
 * 转工单 from a help request; each then goes to the unit for its utility and place.
 */
/**
 * What a dispatch to a unit sets on an order: the unit and its dispatcher, limits from now, its
 * escalations anew, and no member or result yet (the dispatch below and the demo history).
 */
export function dispatchSet(
  unit: { id: string; name: string },
  dispatcher: { id: string | null; name: string | null },
  n: number,
  at: Date,
  due: ReturnType<typeof deadlinesFrom>,
) {
  return {
    status: 'dispatched' as const,
    unitId: unit.id,
    unitName: unit.name,
    dispatcherId: dispatcher.id,
    dispatcherName: dispatcher.name,
    dispatchN: n,
    dispatchedAt: at,
    ...due,
    escalation: { contact: 0, arrival: 0, completion: 0 },
    assigneeId: null,
    assigneeName: null,
    assigneePhone: null,
    acceptedAt: null,
    contactedAt: null,
    arrivedAt: null,
    completedAt: null,
    report: null,
    unable: null,
    lastCheck: null,
  };
}

export function createOrderCreation(
  deps: WorkOrderDeps & { onCreated: (order: WorkOrderRecord) => Promise<void> },
  core: WorkOrderCore,
) {
  const { models, clock, settings, units, notices, photos } = deps;

  /** Sends an order to a unit: deadlines run from now; a new dispatch starts its escalations anew. */
  async function dispatch(orderId: string, unit: UnitRecord, actor: Actor) {
    return core.commit(orderId, actor, (o) => {
      if (o.status !== 'pending_dispatch' && o.status !== 'returned') throw new AppError('WO_WRONG_STATUS');
      if (unit.utility !== o.utility) throw new AppError('WO_UNIT_INVALID');
      const at = clock.now();
      const due = deadlinesFrom(typeSla(settings.slaOverrides, o.type), at, {
        slot: o.slot?.day && o.slot.part ? { day: o.slot.day, part: o.slot.part } : null,
        preferredTime: o.preferredTime?.to ? { to: o.preferredTime.to } : null,
      });
      const human = actor.kind !== 'system';
      return {
        action: 'dispatched',
        set: dispatchSet(
          { id: String(unit._id), name: unit.name },
          { id: human ? actor.id : null, name: human ? actor.name : null },
          o.n,
          at,
          due,
        ),
        detail: { unitId: String(unit._id), unitName: unit.name },
      };
    });
  }

  /** A booked slot must start later than now, within the days offered, with a place left. */
  async function checkSlot(slot: { day: string; part: 'morning' | 'afternoon' }, unit: UnitRecord | null) {
    const now = clock.now();
    const window = slotWindow(slot);
    const lastDay = beijingDay(now.getTime() + settings.slotDays * 24 * 3600_000);
    if (window.from.getTime() <= now.getTime() || slot.day > lastDay) throw new AppError('WO_SLOT_INVALID');
    if (unit && (await booked(String(unit._id), slot.day, slot.part)) >= settings.slotCapacity)
      throw new AppError('WO_SLOT_FULL');
  }

  /** Visits booked at a unit for a half day (cancelled ones free their place). */
  async function booked(unitId: string, day: string, part: string): Promise<number> {
    const list = await models.WorkOrder.find({ unitId, 'slot.day': day }, { status: 1, slot: 1 }).lean();
    return list.filter((o) => o.slot?.part === part && o.status !== 'cancelled').length;
  }

  /** Creates, dispatches when a unit covers it, and tells the incident grouping. */
  async function open(
    orderId: string,
    actor: Actor,
    fields: Record<string, unknown> & { utility: FieldUtility; district: string; gridId: string | null },
    unit: UnitRecord | null,
    dispatcher: Actor,
  ): Promise<WorkOrderRecord> {
    const { order, created } = await core.create(orderId, actor, fields, { source: fields.source as never });
    // its creator sends it on, and so does a retry of the same submission if the creator has not
    // yet (one dispatch step wins, the other finds it dispatched); no unit: the desk decides
    let latest = order;
    if (order.status === 'pending_dispatch' && unit) {
      await dispatch(orderId, unit, dispatcher).catch((err: unknown) => {
        if (!(err instanceof AppError && err.code === 'WO_WRONG_STATUS')) throw err;
      });
      latest = (await models.WorkOrder.findById(orderId).lean<WorkOrderRecord>()) ?? order;
    }
    if (!created) return latest;
    await deps.onCreated(latest);
    return latest;
  }

  function baseFields(orderId: string, type: WorkOrderType, problem: ProblemCode | null, utility: FieldUtility) {
    const sla = typeSla(settings.slaOverrides, type);
    return {
      no: orderNumber(orderId, clock.now()),
      type,
      priority: sla.priority,
      utility,
      problem,
      outage: problem ? (problemOf(problem)?.outage ?? false) : false,
      status: 'pending_dispatch',
      unitId: null,
      unitName: null,
    };
  }

  async function noticeFor(place: Place, utility: FieldUtility, outage: boolean): Promise<string | null> {
    if (!outage) return null;
    const [notice] = await notices.forDistrict(place.district, utility);
    return notice ? String(notice._id) : null;
  }

  return {
    dispatch,
    checkSlot,
    booked,

    /** A resident's 报修 or 预约. A retry with the same client key answers the same order. */
    async fromResident(userId: string, body: CreateWorkOrderBody): Promise<WorkOrderRecord> {
      const orderId = body.clientKey
        ? idFor(`resident:${userId}:${body.clientKey}`)
        : new Types.ObjectId().toHexString();
      const made = body.clientKey
        ? await models.WorkOrder.findOne({ _id: orderId, userId }).lean<WorkOrderRecord>()
        : null;
      if (made) return made;
      const user = await models.User.findById(userId).lean();
      if (!user) throw new AppError('UNAUTHENTICATED');
      const problem = problemOf(body.problem);
      if (!problem) throw new AppError('VALIDATION_FAILED');
      let place: Place;
      let residentName = user.nickname;
      if (body.accountId) {
        const bound = await models.AccountBinding.exists({ userId, accountId: body.accountId });
        const account = bound
          ? await models.UtilityAccount.findById(body.accountId).lean<UtilityAccountRecord>()
          : null;
        if (!account) throw new AppError('NOT_FOUND', '没有找到这个户号，请先绑定。');
        if (account.utility !== problem.utility) throw new AppError('WO_ACCOUNT_MISMATCH');
        place = placeOfAccount(account, body.location);
        residentName = account.holderName;
      } else if (body.address) {
        place = placeOfAddress(body.address, body.location);
      } else {
        throw new AppError('VALIDATION_FAILED');
      }
      const phone = body.phone ?? user.phone ?? null;
      if (!phone) throw new AppError('WO_PHONE_REQUIRED');
      const unit = await units.forPlace(problem.utility, place);
      if (appointmentTypes.includes(problem.type)) {
        if (!body.slot) throw new AppError('WO_SLOT_INVALID');
        await checkSlot(body.slot, unit);
      }
      const limit = await deps.limits.take('workorder-create', userId, {
        max: settings.createPerHour,
        windowMs: 3600_000,
      });
      if (!limit.ok) throw new AppError('WO_RATE_LIMITED');
      if (!(await photos.attach(body.photoIds ?? [], userId, orderId))) throw new AppError('WO_PHOTO_INVALID');
      const actor: Actor = { kind: 'resident', id: userId, name: user.nickname };
      return open(
        orderId,
        actor,
        {
          ...baseFields(orderId, problem.type, problem.code, problem.utility),
          source: 'resident',
          helpId: null,
          createdBy: actor,
          userId,
          residentName,
          residentPhone: phone,
          ...place,
          description: body.description ?? null,
          photos: body.photoIds ?? [],
          preferredTime: body.preferredTime
            ? { from: new Date(body.preferredTime.from), to: new Date(body.preferredTime.to) }
            : null,
          slot: body.slot ?? null,
          noticeId: await noticeFor(place, problem.utility, problem.outage),
        },
        unit,
        SYSTEM,
      );
    },

    /** An order opened by a supervisor or a coordinator for a resident who called or came in. */
    async fromStaff(actor: Actor, body: StaffCreateBody): Promise<WorkOrderRecord> {
      const orderId = body.clientKey
        ? idFor(`staff:${actor.id ?? ''}:${body.clientKey}`)
        : new Types.ObjectId().toHexString();
      const made = body.clientKey ? await models.WorkOrder.findById(orderId).lean<WorkOrderRecord>() : null;
      if (made) return made;
      const problem = body.problem ? problemOf(body.problem) : null;
      if (problem && problem.utility !== body.utility)
        throw new AppError('VALIDATION_FAILED', '问题和单位的业务不一致。');
      let place: Place;
      if (body.accountId) {
        const account = await models.UtilityAccount.findById(body.accountId).lean<UtilityAccountRecord>();
        if (!account) throw new AppError('NOT_FOUND', '没有找到这个户号。');
        if (account.utility !== body.utility) throw new AppError('WO_ACCOUNT_MISMATCH');
        place = placeOfAccount(account);
      } else if (body.address) {
        place = placeOfAddress(body.address);
      } else {
        throw new AppError('VALIDATION_FAILED');
      }
      const unit = body.unitId ? await units.get(body.unitId) : await units.forPlace(body.utility, place);
      if (body.unitId && (!unit || unit.utility !== body.utility)) throw new AppError('WO_UNIT_INVALID');
      if (body.slot) await checkSlot(body.slot, unit);
      return open(
        orderId,
        actor,
        {
          ...baseFields(orderId, body.type, problem?.code ?? null, body.utility),
          source: 'staff',
          helpId: null,
          createdBy: actor,
          userId: null,
          residentName: body.residentName,
          residentPhone: body.residentPhone,
          ...place,
          description: body.description,
          photos: [],
          preferredTime: body.preferredTime
            ? { from: new Date(body.preferredTime.from), to: new Date(body.preferredTime.to) }
            : null,
          slot: body.slot ?? null,
          noticeId: await noticeFor(place, body.utility, problem?.outage ?? false),
        },
        unit,
        actor,
      );
    },

    /** What 转工单 would fill in from a help request, and the unit it suggests. Null: no such request. */
    async draft(helpId: string): Promise<FromHelpDraft | null> {
      const found = await helpContext(helpId);
      if (!found) return null;
      const { help, account, utility } = found;
      const place = account ? placeOfAccount(account) : null;
      const suggested = utility && place ? await units.forPlace(utility, place) : null;
      const existing = await models.WorkOrder.find({ helpId }, { no: 1, status: 1 }).lean();
      return {
        helpId,
        utility,
        district: place?.district ?? help.district ?? null,
        address: place?.address ?? null,
        type: typeForCategory(help.category),
        problem: problemForCategory(help.category, utility),
        suggestedUnit: suggested ? toUnitBrief(suggested) : null,
        units: utility ? (await units.forUtility(utility)).map(toUnitBrief) : (await units.list()).map(toUnitBrief),
        existing: existing.map((o) => ({ id: String(o._id), no: o.no, status: o.status })),
      };
    },

    /**
     * 转工单: the help request becomes an order with nothing re-entered: the resident, her phone,
     * the account's place, her words (and the agent's note), the location. One order per help
     * request: pressing it twice answers the same order. Null: no such request.
     */
    async fromHelp(helpId: string, actor: Actor, body: FromHelpBody): Promise<WorkOrderRecord | null> {
      const found = await helpContext(helpId);
      if (!found) return null;
      const { help, account } = found;
      const orderId = idFor(`help:${helpId}`);
      const made = await models.WorkOrder.findById(orderId).lean<WorkOrderRecord>();
      if (made) return made;
      const problem = body.problem ? problemOf(body.problem) : null;
      const utility = found.utility ?? problem?.utility ?? null;
      if (!utility || !account) throw new AppError('WO_HELP_NO_PLACE');
      if (problem && problem.utility !== utility) throw new AppError('WO_ACCOUNT_MISMATCH');
      const place = placeOfAccount(
        account,
        typeof help.location?.lat === 'number' && typeof help.location.lng === 'number'
          ? { lat: help.location.lat, lng: help.location.lng }
          : undefined,
      );
      const unit = body.unitId ? await units.get(body.unitId) : await units.forPlace(utility, place);
      if (body.unitId && (!unit || unit.utility !== utility)) throw new AppError('WO_UNIT_INVALID');
      const code = problem?.code ?? problemForCategory(help.category, utility);
      return open(
        orderId,
        actor,
        {
          ...baseFields(orderId, body.type, code, utility),
          source: 'help',
          helpId,
          createdBy: actor,
          userId: help.userId,
          residentName: account.holderName,
          residentPhone: help.callbackPhone ?? help.residentPhone ?? null,
          ...place,
          description: [help.text, body.note].filter(Boolean).join('\n') || null,
          photos: [],
          preferredTime: null,
          slot: null,
          noticeId: await noticeFor(place, utility, code ? (problemOf(code)?.outage ?? false) : false),
        },
        unit,
        actor,
      );
    },

    /**
     * A complaint heard in a follow-up call (回访) becomes a 投诉 order for the complaint desk: it
     * waits for dispatch (待派单) there, linked to the follow-up. One order per follow-up.
     */
    async fromFollowup(followupId: string, actor: Actor, input: HeardComplaint): Promise<WorkOrderRecord> {
      const orderId = idFor(`followup:${followupId}`);
      const made = await models.WorkOrder.findById(orderId).lean<WorkOrderRecord>();
      if (made) return made;
      return open(
        orderId,
        actor,
        {
          ...baseFields(orderId, 'complaint', null, input.utility),
          source: 'followup',
          helpId: null,
          followupId,
          createdBy: actor,
          userId: null,
          residentName: input.residentName,
          residentPhone: input.residentPhone,
          accountId: null,
          accountNo: null,
          gridId: null,
          district: input.district,
          street: null,
          address: input.address,
          location: null,
          description: `回访时居民投诉（${input.about}）：${input.text}`,
          photos: [],
          preferredTime: null,
          slot: null,
          noticeId: null,
        },
        null,
        actor,
      );
    },
  };

  async function helpContext(helpId: string) {
    if (!Types.ObjectId.isValid(helpId)) return null;
    const help = await models.HelpRequest.findById(helpId).lean<HelpRequestRecord>();
    if (!help) return null;
    const accountId = help.context?.accountId;
    const account = accountId ? await models.UtilityAccount.findById(accountId).lean<UtilityAccountRecord>() : null;
    const utility = account && isFieldUtility(account.utility) ? account.utility : null;
    return { help, account: account && utility ? account : null, utility };
  }
}

export type OrderCreation = ReturnType<typeof createOrderCreation>;
