import { Schema, type InferSchemaType } from 'mongoose';
import { roleValues } from '@bianmin/shared';

/**
 * A login session. The JWT only names it (`sid`), so logout or revocation ends it at once.
 * Expiry is the `expiresAt` field checked on every use plus a periodic sweep: no TTL index,
 * which FerretDB does not have.
 */
export const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    subjectId: { type: String, required: true, index: true },
    role: { type: String, enum: roleValues, required: true },
    expiresAt: { type: Date, required: true, index: true },
    revokedAt: { type: Date, default: null },
    /** WeChat's session_key for this login: kept here, never sent to the client. */
    wxSessionKey: { type: String, default: null, select: false },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export type SessionRecord = InferSchemaType<typeof sessionSchema>;

/**
 * A browser or phone a staff member signed in from (its token, hashed, is kept by that device):
 * a login from it is not held up by the delays an attacker's wrong passwords put on her
 * username (see staffLogin.ts), so nobody can lock her out of her own login.
 */
export const staffDeviceSchema = new Schema(
  {
    /** sha256 of the device token. */
    _id: { type: String, required: true },
    agentId: { type: String, required: true, index: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type StaffDeviceRecord = InferSchemaType<typeof staffDeviceSchema>;
