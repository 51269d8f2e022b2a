import type { Types } from 'mongoose';
import { beijingDay, daysBetween, type AccountBills, type BillList, type PaymentCloseReason } from '@bianmin/shared';
import type { Models } from '../../db/models';
import type { Clock } from '../../lib/clock';
import { toObjectId, type BillingAdapter } from '../bills/adapter';
import type { PaymentRecord } from './model';
import type { Settlement } from './settlement';
import type { PaymentViews } from './views';

/** Who asks for a bill another payment holds: the resident, and whether she is the account's holder. */
export interface Requester {
  userId: string;
  /** She bound the account as her own (not paying on someone's behalf). */
  isHolder: boolean;
}

/**
 * When a new payment may take a bill from the pending payment holding it, and why: the payer's
 * own unfinished payment gives way to her new one; someone else's on-behalf payment gives way to
 * the account's holder; any payment past its time gives way to anyone. Otherwise it keeps it.
 */
function takeOverReason(holder: PaymentRecord, by: Requester, expired: boolean): PaymentCloseReason | null {
  if (String(holder.userId) === by.userId) return 'replaced';
  if (by.isHolder && holder.onBehalf) return 'holder_paying';
  return expired ? 'expired' : null;
}

/**
 * Bills held by pending payments (a bill is in at most one, by its claim): what a new payment
 * may do about a held bill, and how the bills of an account look to one resident.
 */
export function createHolds(deps: {
  models: Models;
  adapter: BillingAdapter;
  clock: Clock;
  settlement: Settlement;
  views: PaymentViews;
}) {
  const { models, adapter, clock, settlement, views } = deps;

  /** The payment holding a bill, and the bill's state. */
  async function holderOf(billId: Types.ObjectId) {
    const [bill] = await adapter.getBills([billId]);
    const holder = bill?.pendingPaymentId ? await models.Payment.findById(bill.pendingPaymentId).lean() : null;
    return { bill, holder };
  }

  /**
   * Frees a bill for a new payment of `by` where the rules allow it: the holder is gone or
   * closed, or gives way (its order is closed at the provider first). Answers `free` (claim it
   * now), `paid` (it turned out paid), or `held`. Throws when the provider cannot be asked.
   */
  async function freeFor(billId: Types.ObjectId, by: Requester): Promise<'free' | 'paid' | 'held'> {
    const { bill, holder } = await holderOf(billId);
    if (!bill) return 'held';
    if (bill.status === 'paid') return 'paid';
    if (!bill.pendingPaymentId) return 'free';
    if (!holder || holder.status === 'closed') {
      await adapter.releaseBillFrom(bill._id, bill.pendingPaymentId);
      return 'free';
    }
    if (holder.status === 'paid') {
      await settlement.settleBills(holder);
      return 'paid';
    }
    const expired = settlement.isExpired(holder);
    const reason = takeOverReason(holder, by, expired);
    if (!reason) return 'held';
    if (reason === 'expired') await settlement.reconcile(holder);
    else if ((await settlement.closeAtProvider(holder, reason)).status === 'paid') return 'paid';
    const after = await holderOf(billId);
    if (after.bill?.status === 'paid') return 'paid';
    return after.bill && !after.bill.pendingPaymentId ? 'free' : 'held';
  }

  /**
   * The bills of an account as `userId` sees them: overdue days by Beijing day, which she can pay
   * now, overdue ones first, and her own unfinished payment of them (to continue or give up).
   * Payments past their time are asked after first, so a stale one shows as what it is.
   */
  async function accountBills(userId: string, list: BillList): Promise<AccountBills> {
    const today = beijingDay(clock.now());
    const held = list.bills.filter((b) => b.pending).map((b) => toObjectId(b.id));
    const holders = new Map<string, PaymentRecord | null>();
    for (const billId of held) {
      let { holder } = await holderOf(billId);
      if (holder?.status === 'pending' && settlement.isExpired(holder)) {
        await settlement.reconcile(holder);
        holder = await models.Payment.findById(holder._id).lean();
      }
      holders.set(String(billId), holder);
    }
    const requester: Requester = { userId, isHolder: list.account.relation === 'bound' };
    const own = [...holders.values()].find((h) => h?.status === 'pending' && String(h.userId) === userId) ?? null;
    const bills = list.bills.map((bill) => {
      const holder = holders.get(bill.id) ?? null;
      const live = holder?.status === 'pending' ? holder : null;
      const overdueDays = bill.status === 'unpaid' ? Math.max(0, daysBetween(bill.dueDate, today)) : 0;
      const payable =
        bill.status === 'unpaid' && (!live || takeOverReason(live, requester, settlement.isExpired(live)) !== null);
      return { ...bill, pending: live !== null, overdueDays, payable };
    });
    bills.sort((a, b) => {
      if (a.status !== b.status) return a.status === 'unpaid' ? -1 : 1;
      if (a.status === 'unpaid') return a.dueDate.localeCompare(b.dueDate) || a.period.localeCompare(b.period);
      return b.period.localeCompare(a.period);
    });
    return { ...list, bills, pendingPayment: own ? views.toPaymentDto(own) : null };
  }

  return { freeFor, accountBills };
}

export type Holds = ReturnType<typeof createHolds>;
