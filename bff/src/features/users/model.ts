import { Schema, type InferSchemaType, type Types } from 'mongoose';

/** A resident, known by their WeChat openid. */
export const userSchema = new Schema(
  {
    openid: { type: String, required: true, unique: true },
    unionid: { type: String, default: null },
    nickname: { type: String, required: true, default: '微信用户' },
    phone: { type: String, default: null },
    elderMode: { type: Boolean, required: true, default: false },
    birthYear: { type: Number, default: null },
  },
  { timestamps: true, versionKey: false },
);

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
