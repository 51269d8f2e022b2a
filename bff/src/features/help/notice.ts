import { Types } from 'mongoose';
import {
  emergencyNumbersFor,
  isDangerCategory,
  isFieldUtility,
  isFireRisk,
  type EmergencyNumber,
  type NoticeBrief,
} from '@bianmin/shared';
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

/**
 * The numbers a danger request shows first (lib/emergency.ts): for 停水停电停气 the line of the
 * utility of the account it was made about, when it names one; none for other requests.
 */
export function createHelpEmergency({ models, settings }: Pick<HelpDeps, 'models' | 'settings'>) {
  return async function emergencyFor(doc: HelpRequestRecord): Promise<EmergencyNumber[]> {
    const category = doc.category ?? null;
    if (!isDangerCategory(category)) return [];
    const accountId = category === 'gas_smell' ? null : doc.context?.accountId;
    const account =
      accountId && Types.ObjectId.isValid(accountId)
        ? await models.UtilityAccount.findById(accountId, { utility: 1 }).lean()
        : null;
    const fire = isFireRisk(category);
    // a gas smell is the gas company's, whatever account the request was made about
    const utility =
      category === 'gas_smell' ? 'gas' : account && isFieldUtility(account.utility) ? account.utility : null;
    return emergencyNumbersFor(settings.emergency, { fire, utility });
  };
}
