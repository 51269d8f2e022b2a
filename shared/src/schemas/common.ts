import { z } from 'zod';
import { beijingParts } from '../time';

/** A MongoDB ObjectId as 24 hex digits; anything else in a path is simply "not found". */
export const Id = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不对');
export type Id = z.infer<typeof Id>;

/** A mainland mobile number, as residents type it (spaces and dashes are dropped). */
export const MobilePhone = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号'));

/**
 * A key the app makes for one action (a tap, a message): a retry whose first answer was lost, or
 * a request kept while offline and sent later, carries the same key and is answered with what
 * the first one did, never done twice.
 */
export const ClientKey = z.string().regex(/^[\w-]{16,64}$/, '请求编号格式不对');

/** A timestamp on the wire: ISO 8601 in UTC. */
export const Timestamp = z.iso.datetime({ offset: true });

/** Path parameters of routes that address one document. */
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/** The earliest and latest birth years the profile accepts. */
export const BIRTH_YEAR_MIN = 1900;
export function currentYear(): number {
  return beijingParts(Date.now()).year;
}
/** Age from which the app offers elder mode on first launch (the national guideline's 60+). */
export const ELDER_AGE = 60;

/** `?page=&pageSize=` of every list that pages: 1-based, at most 100 a page. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1, '页码从 1 开始').max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** One page of a list with its total, so no list is ever cut off silently. */
export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(item),
  });
}
