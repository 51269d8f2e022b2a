import { z } from 'zod';
import { BIRTH_YEAR_MIN, currentYear, MobilePhone, Timestamp } from './common';

/** The signed-in resident's own profile. Their own phone is theirs to see in full. */
export const User = z.object({
  id: z.string(),
  nickname: z.string(),
  phone: z.string().nullable(),
  elderMode: z.boolean(),
  birthYear: z.number().int().nullable(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

const BirthYear = z
  .number()
  .int('出生年份要是整数')
  .min(BIRTH_YEAR_MIN, '出生年份不对')
  .refine((y) => y <= currentYear(), '出生年份不能晚于今年');

/** `PATCH /api/me`: any of the three settings; `null` clears the phone or birth year. */
export const MePatch = z
  .strictObject({
    elderMode: z.boolean(),
    birthYear: BirthYear.nullable(),
    phone: MobilePhone.nullable(),
    nickname: z.string().trim().min(1, '昵称不能为空').max(32, '昵称最多 32 个字'),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, '没有要修改的内容');
export type MePatch = z.infer<typeof MePatch>;
