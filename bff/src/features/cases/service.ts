import type { Case, CaseBody, CaseListQuery, CasePage, HelpCases, HelpCategory, Utility } from '@bianmin/shared';
import { helpCategoryLabels, workOrderTypeLabels } from '@bianmin/shared';
import { Types } from 'mongoose';
import type { Models } from '../../db/models';
import { isDuplicateKey } from '../../db/query';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { HelpRequestRecord } from '../help/model';
import type { WorkOrderRecord } from '../workorders/model';
import type { CaseRecord } from './model';

/** How many matching cases an agent is shown beside a request. */
export const CASES_BESIDE_A_REQUEST = 3;
const PROBLEM_CHARS = 80;
const REQUEST_KEPT_FROM: readonly string[] = ['resolved', 'closed'];
/** An order is kept once its 回单 passed 对单. */
const ORDER_KEPT_FROM: readonly string[] = ['checked', 'closed'];

export function toCase(c: CaseRecord): Case {
  const fromOrder = c.orderId != null;
  return {
    id: String(c._id),
    helpId: fromOrder ? null : c.helpId,
    orderId: c.orderId ?? null,
    orderNo: c.orderNo ?? null,
    category: c.category,
    utility: c.utility ?? null,
    district: c.district ?? null,
    problem: c.problem,
    cause: c.cause,
    fix: c.fix,
    lesson: c.lesson,
    createdByName: c.createdByName,
    createdAt: c.createdAt.toISOString(),
  };
}

const shortened = (said: string) => (said.length > PROBLEM_CHARS ? `${said.slice(0, PROBLEM_CHARS)}…` : said);

/** What the resident said, shortened; the category's name when she typed nothing. */
export function problemOf(doc: Pick<HelpRequestRecord, 'text' | 'category'>): string {
  const said = doc.text?.trim();
  if (!said) return doc.category ? helpCategoryLabels[doc.category] : '';
  return shortened(said);
}

/**
 * What a case is kept from, as the library files it: a help request or a work order, under one
 * key (`helpId` of the model), with the category, place and words it is found again by.
 */
interface Source {
  key: string;
  orderId: string | null;
  orderNo: string | null;
  category: HelpCategory | null;
  /** Read beside the library's cases (a request's comes from its account). */
  utility: Promise<Utility | null>;
  district: string | null;
  problem: string;
  /** Why it cannot be kept (yet), first what the agent can do about; null when it can (it has a category). */
  refusal: 'CASE_NOT_RESOLVED' | 'CASE_NO_CATEGORY' | 'CASE_ORDER_NOT_COMPLAINT' | 'CASE_ORDER_NOT_DONE' | null;
}

type RequestFacts = Pick<HelpRequestRecord, '_id' | 'status' | 'category' | 'district' | 'text' | 'context'>;
type OrderFacts = Pick<WorkOrderRecord, '_id' | 'no' | 'type' | 'status' | 'utility' | 'district' | 'description'>;

/** The complaint case library (案例库): keep a resolved request as a case; find the matching ones. */
export function createCaseService({ models, clock }: { models: Models; clock: Clock }) {
  const utilityOf = async (doc: RequestFacts) => {
    const accountId = doc.context?.accountId;
    if (!accountId || !Types.ObjectId.isValid(accountId)) return null;
    return (await models.UtilityAccount.findById(accountId, { utility: 1 }).lean())?.utility ?? null;
  };

  /** A help request as a source; null when there is no such request. */
  async function requestSource(id: string): Promise<Source | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await models.HelpRequest.findById(id, {
      status: 1,
      category: 1,
      district: 1,
      text: 1,
      context: 1,
    }).lean<RequestFacts>();
    if (!doc) return null;
    return {
      key: String(doc._id),
      orderId: null,
      orderNo: null,
      category: doc.category ?? null,
      utility: utilityOf(doc),
      district: doc.district ?? null,
      problem: problemOf(doc),
      refusal: !REQUEST_KEPT_FROM.includes(doc.status)
        ? 'CASE_NOT_RESOLVED'
        : !doc.category
          ? 'CASE_NO_CATEGORY'
          : null,
    };
  }

  /** A work order as a source (a complaint order files as 投诉); null when there is no such order. */
  async function orderSource(id: string): Promise<Source | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await models.WorkOrder.findById(id, {
      no: 1,
      type: 1,
      status: 1,
      utility: 1,
      district: 1,
      description: 1,
    }).lean<OrderFacts>();
    if (!doc) return null;
    return {
      key: `order:${String(doc._id)}`,
      orderId: String(doc._id),
      orderNo: doc.no,
      category: doc.type === 'complaint' ? 'complaint' : null,
      utility: Promise.resolve(doc.utility),
      district: doc.district,
      problem: shortened(doc.description?.trim() || workOrderTypeLabels[doc.type]),
      // an order's type never changes: say so before "not yet"
      refusal:
        doc.type !== 'complaint'
          ? 'CASE_ORDER_NOT_COMPLAINT'
          : !ORDER_KEPT_FROM.includes(doc.status)
            ? 'CASE_ORDER_NOT_DONE'
            : null,
    };
  }

  /**
   * The cases beside a source: of its category, those of its district first, then those of its
   * utility elsewhere, newest first within each.
   */
  async function beside(source: Source): Promise<HelpCases> {
    if (!source.category) return { items: [], total: 0, own: null };
    const [utility, all] = await Promise.all([
      source.utility,
      models.Case.find({ category: source.category }).sort({ createdAt: -1, _id: -1 }).lean<CaseRecord[]>(),
    ]);
    const own = all.find((c) => c.helpId === source.key) ?? null;
    const others = all.filter((c) => c !== own);
    const { district } = source;
    const sameDistrict = others.filter((c) => district !== null && c.district === district);
    const sameUtility = others.filter((c) => !sameDistrict.includes(c) && utility !== null && c.utility === utility);
    const items = [
      ...sameDistrict.map((c) => ({ ...toCase(c), sameDistrict: true })),
      ...sameUtility.map((c) => ({ ...toCase(c), sameDistrict: false })),
    ].slice(0, CASES_BESIDE_A_REQUEST);
    return { items, total: others.length, own: own ? toCase(own) : null };
  }

  return {
    /** Keeps a resolved request or a checked complaint order as a case; null when there is none. */
    async create(by: { id: string; name: string }, body: CaseBody): Promise<Case | null> {
      const source = body.orderId ? await orderSource(body.orderId) : await requestSource(body.helpId ?? '');
      if (!source) return null;
      // (a source without a category always has a refusal)
      if (source.refusal || !source.category) throw new AppError(source.refusal ?? 'CASE_NO_CATEGORY');
      try {
        const created = await models.Case.create({
          helpId: source.key,
          orderId: source.orderId,
          orderNo: source.orderNo,
          category: source.category,
          utility: await source.utility,
          district: source.district,
          problem: source.problem,
          cause: body.cause,
          fix: body.fix,
          lesson: body.lesson,
          createdById: by.id,
          createdByName: by.name,
          createdAt: clock.now(),
        });
        return toCase(created.toObject<CaseRecord>());
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('CASE_EXISTS');
        throw err;
      }
    },

    /** The library, newest first, by category and district, a page at a time with its total. */
    async list(query: CaseListQuery): Promise<CasePage> {
      const filter = {
        ...(query.category ? { category: query.category } : {}),
        ...(query.district ? { district: query.district } : {}),
      };
      const [total, items] = await Promise.all([
        models.Case.countDocuments(filter),
        models.Case.find(filter)
          .sort({ createdAt: -1, _id: -1 })
          .skip((query.page - 1) * query.pageSize)
          .limit(query.pageSize)
          .lean<CaseRecord[]>(),
      ]);
      return { total, page: query.page, pageSize: query.pageSize, items: items.map(toCase) };
    },

    /** The cases beside a request; null when there is no such request. */
    async besideRequest(helpId: string): Promise<HelpCases | null> {
      const source = await requestSource(helpId);
      return source && beside(source);
    },

    /** The cases beside a work order (a complaint order's, none for others); null when there is none. */
    async besideOrder(orderId: string): Promise<HelpCases | null> {
      const source = await orderSource(orderId);
      return source && beside(source);
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
