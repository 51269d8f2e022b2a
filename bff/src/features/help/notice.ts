import { Types } from 'mongoose';
import { isFieldUtility, type NoticeBrief } from '@bianmin/shared';
import { toNoticeBrief } from '../notices/service';
import { OPEN, type HelpDeps } from './core';
import type { HelpRequestRecord } from './model';

/**
 * The outage notice a help request is told of: a current one (notices/service.ts `forDistrict`)
 * for the district and utility of the account it was made about, while it is open. Null without
 * an account of a utility that has outages (power, water, gas), or when none is current.
 */
export function createHelpNotice({ models, notices }: Pick<HelpDeps, 'models' | 'notices'>) {
  return async function noticeFor(doc: HelpRequestRecord): Promise<NoticeBrief | null> {
    const accountId = doc.context?.accountId;
    if (!OPEN.includes(doc.status) || !accountId || !Types.ObjectId.isValid(accountId)) return null;
    const account = await models.UtilityAccount.findById(accountId, { utility: 1, district: 1 }).lean();
    if (!account || !isFieldUtility(account.utility)) return null;
    const [notice] = await notices.forDistrict(account.district, account.utility);
    return notice ? toNoticeBrief(notice) : null;
  };
}
