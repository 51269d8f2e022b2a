import { Types } from 'mongoose';
import type { HelpPageContext } from '@bianmin/shared';
import type { Models } from '../../db/models';

/** A help request's context as stored: every part present, null when not named or not hers. */
export interface StoredContext {
  page: string | null;
  accountId: string | null;
  billId: string | null;
  paymentId: string | null;
  outletId: string | null;
}

/**
 * The part of a tap's context the resident may name. The context decides what the workbench
 * shows agents (the account's holder) and where the request is routed (the account's grid), so
 * a stranger's id would make it a tool for social engineering: only her own ids are kept, the
 * others dropped without a word (the one tap must still work). Her own: an account she bound or
 * keeps as a family account (亲情账户), a bill of such an account, a payment she made. Outlets
 * and pages are public. A bill of hers names its account when the page named none.
 */
export async function ownContext(
  models: Models,
  userId: string,
  context: HelpPageContext = {},
): Promise<StoredContext> {
  const user = new Types.ObjectId(userId);
  const ownsAccount = async (accountId: Types.ObjectId): Promise<boolean> => {
    const [bound, family] = await Promise.all([
      models.AccountBinding.exists({ userId: user, accountId }),
      models.FamilyLink.exists({ userId: user, accountId }),
    ]);
    return Boolean(bound ?? family);
  };
  const [accountId, bill, paymentId] = await Promise.all([
    (async () => {
      if (!context.accountId) return null;
      return (await ownsAccount(new Types.ObjectId(context.accountId))) ? context.accountId : null;
    })(),
    (async () => {
      if (!context.billId) return null;
      const found = await models.Bill.findById(context.billId, { accountId: 1 }).lean();
      return found && (await ownsAccount(found.accountId)) ? found : null;
    })(),
    (async () => {
      if (!context.paymentId) return null;
      return (await models.Payment.exists({ _id: context.paymentId, userId: user })) ? context.paymentId : null;
    })(),
  ]);
  return {
    page: context.page ?? null,
    accountId: accountId ?? (bill ? String(bill.accountId) : null),
    billId: bill ? String(bill._id) : null,
    paymentId,
    outletId: context.outletId ?? null,
  };
}
