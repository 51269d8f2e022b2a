import { Schema, type InferSchemaType } from 'mongoose';
import { staffRoleValues } from '@bianmin/shared';

/** An agent (客服 / 客户经理) or supervisor who works in the workbench. */
export const agentSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true, select: false },
    displayName: { type: String, required: true },
    role: { type: String, enum: staffRoleValues, required: true, default: 'agent' },
    active: { type: Boolean, required: true, default: true },
  },
  { timestamps: true, versionKey: false },
);

export type AgentRecord = InferSchemaType<typeof agentSchema>;
