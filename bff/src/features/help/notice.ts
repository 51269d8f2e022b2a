import { Types } from 'mongoose';
import {
  emergencyNumbersFor,
  isDangerCategory,
  isFieldUtility,
  isFireRisk,
  type EmergencyNumber,
  type NoticeBrief,
  type Utility,
} from '@bianmin/shared';
import { toNoticeBrief } from '../notices/service';
import { OPEN, type HelpDeps } from './core';
import type { HelpRequestRecord } from './model';

/** The account a help request was made about, as far as notices and emergency lines need it. */
export type HelpAccount = { utility: Utility; district: string } | null;

/** Reads the account a help request names (its utility and district), or null: one read for all that needs it. */
export function createHelpAccount({ models }: Pick<HelpDeps, 'models'>) {
  return async function accountOf(doc: HelpRequestRecord): Promise<HelpAccount> {
    const accountId = doc.context?.accountId;
    if (!accountId || !Types.ObjectId.isValid(accountId)) return null;
    return models.UtilityAccount.findById(accountId, { utility: 1, district: 1 }).lean<HelpAccount>();
  };
}

/**
 * The outage notice a help request is told of: a current one (notices/service.ts `forDistrict`)
 * for the district and utility of the account it was made about, while it is open. Null without
 * an account of a utility that has outages (power, water, gas), or when none is current.
 */
export function createHelpNotice({ notices }: Pick<HelpDeps, 'notices'>) {
  return async function noticeFor(doc: HelpRequestRecord, account: HelpAccount): Promise<NoticeBrief | null> {
    if (!OPEN.includes(doc.status) || !account || !isFieldUtility(account.utility)) return null;
    const [notice] = await notices.forDistrict(account.district, account.utility);
    return notice ? toNoticeBrief(notice) : null;
  };
}

/**
 * The numbers a danger request shows first (lib/emergency.ts): for 停水停电停气 the line of the
 * utility of the account it was made about, when it names one; none for other requests.
 */
export function emergencyFor(
  settings: HelpDeps['settings'],
  doc: HelpRequestRecord,
  account: HelpAccount,
): EmergencyNumber[] {
  const category = doc.category ?? null;
  if (!isDangerCategory(category)) return [];
  const fire = isFireRisk(category);
  // a gas smell is the gas company's, whatever account the request was made about
  const utility =
    category === 'gas_smell' ? 'gas' : account && isFieldUtility(account.utility) ? account.utility : null;
  return emergencyNumbersFor(settings.emergency, { fire, utility });
}
