import type { Case, CaseBody, CaseListQuery, CasePage, HelpCases } from '@bianmin/shared';
import { helpCategoryLabels } from '@bianmin/shared';
import { Types } from 'mongoose';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { HelpRequestRecord } from '../help/model';
import type { CaseRecord } from './model';

/** How many matching cases an agent is shown beside a request. */
export const CASES_BESIDE_A_REQUEST = 3;
const PROBLEM_CHARS = 80;
const KEPT_FROM: readonly string[] = ['resolved', 'closed'];

export function toCase(c: CaseRecord): Case {
  return {
    id: String(c._id),
    helpId: c.helpId,
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

/** What the resident said, shortened; the category's name when she typed nothing. */
export function problemOf(doc: Pick<HelpRequestRecord, 'text' | 'category'>): string {
  const said = doc.text?.trim();
  if (!said) return doc.category ? helpCategoryLabels[doc.category] : '';
  return said.length > PROBLEM_CHARS ? `${said.slice(0, PROBLEM_CHARS)}…` : said;
}

type RequestFacts = Pick<HelpRequestRecord, '_id' | 'status' | 'category' | 'district' | 'text' | 'context'>;

/** The complaint case library (案例库): keep a resolved request as a case; find the matching ones. */
export function createCaseService({ models, clock }: { models: Models; clock: Clock }) {
  const request = (id: string) =>
    Types.ObjectId.isValid(id)
      ? models.HelpRequest.findById(id, {
          status: 1,
          category: 1,
          district: 1,
          text: 1,
          context: 1,
        }).lean<RequestFacts>()
      : Promise.resolve(null);
  const utilityOf = async (doc: RequestFacts) => {
    const accountId = doc.context?.accountId;
    if (!accountId || !Types.ObjectId.isValid(accountId)) return null;
    return (await models.UtilityAccount.findById(accountId, { utility: 1 }).lean())?.utility ?? null;
  };

  return {
    /** Keeps a resolved request as a case; null when there is no such request. */
    async create(by: { id: string; name: string }, body: CaseBody): Promise<Case | null> {
      const doc = await request(body.helpId);
      if (!doc) return null;
      if (!KEPT_FROM.includes(doc.status)) throw new AppError('CASE_NOT_RESOLVED');
      if (!doc.category) throw new AppError('CASE_NO_CATEGORY');
      try {
        const created = await models.Case.create({
          helpId: String(doc._id),
          category: doc.category,
          utility: await utilityOf(doc),
          district: doc.district ?? null,
          problem: problemOf(doc),
          cause: body.cause,
          fix: body.fix,
          lesson: body.lesson,
          createdById: by.id,
          createdByName: by.name,
          createdAt: clock.now(),
        });
        return toCase(created.toObject<CaseRecord>());
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw new AppError('CASE_EXISTS');
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

    /**
     * The cases beside a request: of its category, those of its district first, then those of
     * its utility elsewhere, newest first within each; null when there is no such request.
     */
    async beside(helpId: string): Promise<HelpCases | null> {
      const doc = await request(helpId);
      if (!doc) return null;
      if (!doc.category) return { items: [], total: 0, own: null };
      const [utility, all] = await Promise.all([
        utilityOf(doc),
        models.Case.find({ category: doc.category }).sort({ createdAt: -1, _id: -1 }).lean<CaseRecord[]>(),
      ]);
      const own = all.find((c) => c.helpId === helpId) ?? null;
      const others = all.filter((c) => c !== own);
      const district = doc.district ?? null;
      const sameDistrict = others.filter((c) => district !== null && c.district === district);
      const sameUtility = others.filter((c) => !sameDistrict.includes(c) && utility !== null && c.utility === utility);
      const items = [
        ...sameDistrict.map((c) => ({ ...toCase(c), sameDistrict: true })),
        ...sameUtility.map((c) => ({ ...toCase(c), sameDistrict: false })),
      ].slice(0, CASES_BESIDE_A_REQUEST);
      return { items, total: others.length, own: own ? toCase(own) : null };
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
