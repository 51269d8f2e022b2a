import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { fieldUtilityValues, unitMemberRoleValues } from '@bianmin/shared';

const memberSchema = new Schema(
  {
    /** The staff account (Agent) of the member. */
    agentId: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, enum: unitMemberRoleValues, required: true },
    /** A work phone; residents see it only once she accepted their order. */
    phone: { type: String, default: null },
  },
  { _id: false },
);

/**
 * A responsible unit (责任单位): a power station, a water office, a gas repair crew, for one
 * utility and district, and the grids (网格) it serves. Its members are field staff, its
 * coordinator (客服工程师) and the grid customer managers of its grids; they sign in as staff.
 */
export const unitSchema = new Schema(
  {
    name: { type: String, required: true, unique: true },
    utility: { type: String, enum: fieldUtilityValues, required: true },
    district: { type: String, required: true },
    grids: { type: [String], default: [] },
    phone: { type: String, default: null },
    active: { type: Boolean, required: true, default: true },
    members: { type: [memberSchema], default: [] },
  },
  { timestamps: true, versionKey: false },
);
unitSchema.index({ utility: 1, district: 1 });
unitSchema.index({ 'members.agentId': 1 });

export type UnitRecord = InferSchemaType<typeof unitSchema> & { _id: Types.ObjectId };
export type UnitMemberRecord = UnitRecord['members'][number];
