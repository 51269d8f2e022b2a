import { Schema, type InferSchemaType, type Types } from 'mongoose';
import { helpDeskRoleValues, presenceValues, staffRoleValues } from '@bianmin/shared';

/**
 * An agent (客服 / 客户经理) or supervisor who works in the workbench. `grids` are the areas a
 * customer manager gets requests of first; `capacity` caps their open assigned requests (their
 * load, which is counted, not stored).
 */
export const agentSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true, select: false },
    displayName: { type: String, required: true },
    role: { type: String, enum: staffRoleValues, required: true, default: 'agent' },
    active: { type: Boolean, required: true, default: true },
    team: { type: String, required: true, default: '综合服务组' },
    grids: { type: [String], default: [] },
    capacity: { type: Number, required: true, default: 5 },
    presence: { type: String, enum: presenceValues, required: true, default: 'offline' },
    /** When her workbench last showed itself (stream or heartbeat): see presence.ts. */
    lastSeenAt: { type: Date, default: null },
    /** Whether the residents she serves were last told she is there (the tick tells them a change). */
    shownConnected: { type: Boolean, default: true },
  },
  { timestamps: true, versionKey: false },
);

export type AgentRecord = InferSchemaType<typeof agentSchema> & { _id: Types.ObjectId };

/**
 * The query for the help desk's staff: active agents and supervisors. Every list or pick of the
 * desk (colleagues, overview, transfer targets, who is there) starts from it, so field staff and
 * coordinators, who sign in with the same login, never appear there.
 */
export const deskStaff = { active: true, role: { $in: [...helpDeskRoleValues] } } as const;
