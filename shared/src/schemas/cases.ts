import { z } from 'zod';
import { helpCategoryValues } from '../enums-help';
import { utilityValues } from '../enums';
import { Id, PageQuery, paged, Timestamp } from './common';

/**
 * The complaint case library (案例库): a resolved request, or a finished complaint work order
 * (one heard in a 回访 call, say), kept with why it happened, what fixed it and the rule learned,
 * so the next agent facing the same kind of problem in the same district starts from what worked.
 */

const caseText = (what: string, max: number) => z.string().trim().min(1, `请写${what}`).max(max, `最多 ${max} 个字`);

/** `POST /api/agent/cases`: keep a resolved request, or a finished complaint order, as a case. */
export const CaseBody = z
  .strictObject({
    helpId: Id.optional(),
    /** A complaint work order (投诉工单) checked or closed, instead of a request. */
    orderId: Id.optional(),
    /** 原因: why it happened. */
    cause: caseText('原因', 300),
    /** 解决办法: what fixed it. */
    fix: caseText('怎么解决的', 300),
    /** 经验: the rule learned, for the next time. */
    lesson: caseText('以后怎么做', 300),
  })
  .refine((b) => (b.helpId === undefined) !== (b.orderId === undefined), {
    message: '请说明是哪条求助或哪张工单',
    path: ['helpId'],
  });
export type CaseBody = z.infer<typeof CaseBody>;

/** One case as agents read it. */
export const Case = z.object({
  id: z.string(),
  /** The request it was kept from, or null for a work order's case. */
  helpId: z.string().nullable(),
  /** The work order it was kept from, and its number for people. */
  orderId: z.string().nullable(),
  orderNo: z.string().nullable(),
  category: z.enum(helpCategoryValues),
  utility: z.enum(utilityValues).nullable(),
  district: z.string().nullable(),
  /** What the resident said, shortened; the request's own words. */
  problem: z.string(),
  cause: z.string(),
  fix: z.string(),
  lesson: z.string(),
  createdByName: z.string(),
  createdAt: Timestamp,
});
export type Case = z.infer<typeof Case>;

/** `GET /api/agent/cases`: the library, newest first, by category and district. */
export const CaseListQuery = PageQuery.extend({
  category: z.enum(helpCategoryValues).optional(),
  district: z.string().trim().min(1).max(40).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CasePage = paged(Case);
export type CasePage = z.infer<typeof CasePage>;

/**
 * `GET /api/agent/help/:id/cases` (and `/api/agent/workorders/:id/cases`): the cases that match
 * a request (or a complaint order), those of its category and
 * district first (then of its category and utility elsewhere), and whether it is kept as one.
 */
export const HelpCases = z.object({
  items: z.array(Case.extend({ sameDistrict: z.boolean() })),
  /** Every case of the request's category, for 「看全部」. */
  total: z.number().int(),
  /** The case made of this very request (or order), once kept. */
  own: Case.nullable(),
});
export type HelpCases = z.infer<typeof HelpCases>;
