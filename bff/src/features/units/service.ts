import type { FieldUtility, Unit, UnitBrief } from '@bianmin/shared';
import { Types } from 'mongoose';
import type { Models } from '../../db/models';
import type { UnitMemberRecord, UnitRecord } from './model';

export function toUnitBrief(unit: UnitRecord): UnitBrief {
  return {
    id: String(unit._id),
    name: unit.name,
    utility: unit.utility,
    district: unit.district,
    phone: unit.phone ?? null,
  };
}

export function toUnit(unit: UnitRecord): Unit {
  return {
    ...toUnitBrief(unit),
    grids: [...unit.grids],
    members: unit.members.map((m) => ({ id: m.agentId, name: m.name, role: m.role, phone: m.phone ?? null })),
  };
}

/**
 * The responsible units and their members. Units are few (one per utility and district): a
 * utility's units are read whole and chosen from in memory.
 */
export function createUnitService({ models }: { models: Models }) {
  const active = (filter: Record<string, unknown> = {}) =>
    models.Unit.find({ ...filter, active: true })
      .sort({ name: 1 })
      .lean<UnitRecord[]>();

  return {
    list: () => active(),

    async get(id: string | null | undefined): Promise<UnitRecord | null> {
      if (!id || !Types.ObjectId.isValid(id)) return null;
      return models.Unit.findOne({ _id: id, active: true }).lean<UnitRecord>();
    },

    /** The unit a staff member belongs to, with her membership. */
    async forMember(agentId: string): Promise<{ unit: UnitRecord; member: UnitMemberRecord } | null> {
      const unit = await models.Unit.findOne({ 'members.agentId': agentId, active: true }).lean<UnitRecord>();
      const member = unit?.members.find((m) => m.agentId === agentId);
      return unit && member ? { unit, member } : null;
    },

    /** The active units of a utility (the choices of a dispatcher). */
    forUtility: (utility: FieldUtility) => active({ utility }),

    /**
     * The unit an order goes to: the one serving the account's grid for this utility, else the one
     * for the utility and district; null when no unit covers it (a dispatcher decides).
     */
    async forPlace(
      utility: FieldUtility,
      place: { gridId?: string | null; district: string },
    ): Promise<UnitRecord | null> {
      const units = await active({ utility });
      const byGrid = place.gridId ? units.find((u) => u.grids.includes(place.gridId ?? '')) : undefined;
      return byGrid ?? units.find((u) => u.district === place.district) ?? null;
    },
  };
}

export type UnitService = ReturnType<typeof createUnitService>;
