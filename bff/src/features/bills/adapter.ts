import { Types } from 'mongoose';
import type { LookupBy, Utility } from '@bianmin/shared';
import type { Models } from '../../db/models';
import { eachOf, inTurns, isDuplicateKey } from '../../db/query';
import type { UtilityAccountRecord } from '../accounts/model';
import type { BillRecord } from './model';

/** A bill with the payment it is pending in, if any. */
export type BillView = BillRecord & { pendingPaymentId: Types.ObjectId | null };

/**
 * The utilities' billing systems of record, as the BFF sees them: accounts, their bills, and the
 * three state changes a payment makes on a bill (claim for a payment, release, mark paid). A
 * real utility's system would sit behind this interface; the built-in adapter reads the seeded
 * collections. A claim is an insert under a unique index; marking paid is guarded by status. A
 * top-up of a prepaid account is credited by the payment's id, once.
 */
export interface BillingAdapter {
  findAccount(utility: Utility, accountNo: string): Promise<UtilityAccountRecord | null>;
  /** Accounts of one utility whose account number, holder ID number or holder phone is `value`. */
  findAccountsBy(utility: Utility, by: LookupBy, value: string, limit: number): Promise<UtilityAccountRecord[]>;
  getAccounts(ids: Types.ObjectId[]): Promise<UtilityAccountRecord[]>;
  /** Bills of these accounts, newest period first; only unpaid ones when asked. */
  billsOf(accountIds: Types.ObjectId[], options?: { unpaidOnly?: boolean }): Promise<BillView[]>;
  getBills(ids: Types.ObjectId[]): Promise<BillView[]>;
  /**
   * What reminders are about, for all residents at once: the unpaid bills due by `untilDay`
   * (YYYY-MM-DD) and the accounts that have one or a prepaid balance under `lowBalanceFen`.
   */
  reminderFeed(
    untilDay: string,
    lowBalanceFen: number,
  ): Promise<{ accounts: UtilityAccountRecord[]; bills: BillView[] }>;
  /** Puts an unpaid bill into a payment; false when it is paid or already in another payment. */
  claimBill(billId: Types.ObjectId, paymentId: Types.ObjectId): Promise<boolean>;
  /** Takes bills out of a payment that did not go through (all of its bills when none are named). */
  releaseBills(paymentId: Types.ObjectId, billIds?: Types.ObjectId[]): Promise<void>;
  /** Frees a bill held by a payment that no longer exists or was closed. */
  releaseBillFrom(billId: Types.ObjectId, paymentId: Types.ObjectId): Promise<void>;
  /** Marks the payment's bills paid, each once; answers how many changed now. */
  settleBills(paymentId: Types.ObjectId, billIds: Types.ObjectId[], paidAt: Date): Promise<number>;
  /**
   * Credits a paid top-up to a prepaid account, once per payment however often it is asked;
   * answers the balance with it (null: the account is not prepaid).
   */
  creditBalance(
    accountId: Types.ObjectId,
    paymentId: Types.ObjectId,
    amountFen: number,
    at: Date,
  ): Promise<number | null>;
}

/** The built-in adapter over the seeded `UtilityAccount` and `Bill` collections. */
export function createBuiltinBillingAdapter(models: Models): BillingAdapter {
  const field: Record<LookupBy, 'accountNo' | 'holderIdNumber' | 'holderPhone'> = {
    accountNo: 'accountNo',
    idNumber: 'holderIdNumber',
    phone: 'holderPhone',
  };

  /**
   * The bills with the payments they are pending in. `hinted`: only bills a claim marked are
   * asked after (lists: one read, of the bills alone, when nothing is being paid); otherwise
   * every unpaid bill (payments, which must know).
   */
  async function withClaims(bills: BillRecord[], { hinted }: { hinted: boolean }): Promise<BillView[]> {
    // only an unpaid bill can be pending in a payment
    const unpaid = bills.filter((b) => b.status === 'unpaid' && (!hinted || b.claimHint)).map((b) => b._id);
    // one read whatever the number of bills: claims live only while a payment is pending (they
    // are deleted when it is paid or closed), so even where `$in` reads the whole collection
    // (the embedded FerretDB) it reads a handful of documents, where one query per bill did
    const claims = unpaid.length === 0 ? [] : await models.BillClaim.find({ billId: { $in: unpaid } }).lean();
    const holder = new Map(claims.map((c) => [String(c.billId), c.paymentId]));
    return bills.map((b) => ({
      ...b,
      pendingPaymentId: b.status === 'unpaid' ? (holder.get(String(b._id)) ?? null) : null,
    }));
  }

  /**
   * Prepaid accounts with the top-ups credited to them added to their opening balance: the
   * credits of each, or (`all`, for a read of every account) every credit in one read.
   */
  async function withCredits(accounts: UtilityAccountRecord[], options: { all?: boolean } = {}) {
    const prepaid = accounts.filter((a) => a.balanceFen !== null && a.balanceFen !== undefined).map((a) => a._id);
    if (prepaid.length === 0) return accounts;
    const fields = { accountId: 1, amountFen: 1 };
    const credits = options.all
      ? await models.BalanceCredit.find({}, fields).lean()
      : await eachOf(prepaid, (accountId) => models.BalanceCredit.find({ accountId }, fields).lean());
    const credited = new Map<string, number>();
    for (const c of credits) credited.set(String(c.accountId), (credited.get(String(c.accountId)) ?? 0) + c.amountFen);
    return accounts.map((a) =>
      a.balanceFen === null || a.balanceFen === undefined
        ? a
        : { ...a, balanceFen: a.balanceFen + (credited.get(String(a._id)) ?? 0) },
    );
  }

  /**
   * Clears the hints this payment left, after its claims went (a hint without a claim only costs
   * a list one read); a hint another payment wrote since stays.
   */
  const clearHints = async (paymentId: Types.ObjectId, billIds: Types.ObjectId[]) => {
    await inTurns(billIds, 8, (_id) =>
      models.Bill.updateOne({ _id, claimHint: paymentId }, { $set: { claimHint: null } }),
    );
  };

  const getAccounts = async (ids: Types.ObjectId[]) =>
    withCredits(await eachOf(ids, (_id) => models.UtilityAccount.find({ _id }).lean()));

  return {
    findAccount: async (utility, accountNo) => {
      const account = await models.UtilityAccount.findOne({ utility, accountNo }).lean();
      return account ? ((await withCredits([account]))[0] ?? null) : null;
    },
    findAccountsBy: async (utility, by, value, limit) =>
      withCredits(
        await models.UtilityAccount.find({ utility, [field[by]]: value })
          .sort({ accountNo: 1 })
          .limit(limit)
          .lean(),
      ),
    getAccounts,
    billsOf: async (accountIds, options = {}) => {
      const bills = await eachOf(accountIds, (accountId) =>
        models.Bill.find({ accountId, ...(options.unpaidOnly ? { status: 'unpaid' } : {}) }).lean(),
      );
      return withClaims(
        bills.sort((a, b) => b.period.localeCompare(a.period)),
        { hinted: true },
      );
    },
    getBills: async (ids) =>
      withClaims(await eachOf(ids, (_id) => models.Bill.find({ _id }).lean()), { hinted: false }),
    async reminderFeed(untilDay, lowBalanceFen) {
      // two reads of whole collections once an hour, where one read per account took 5 ms each
      // (the bench's 6 000 accounts: 60 s); the status is an equality the embedded database
      // hands to its storage, the day it filters itself
      const [due, all] = await Promise.all([
        models.Bill.find({ status: 'unpaid', dueDate: { $lte: untilDay } }).lean(),
        models.UtilityAccount.find({}).lean(),
      ]);
      const owing = new Set(due.map((b) => String(b.accountId)));
      const accounts = (await withCredits(all, { all: true })).filter(
        (a) =>
          owing.has(String(a._id)) ||
          (a.balanceFen !== null && a.balanceFen !== undefined && a.balanceFen < lowBalanceFen),
      );
      return { accounts, bills: await withClaims(due, { hinted: true }) };
    },
    async claimBill(billId, paymentId) {
      try {
        await models.BillClaim.create({ billId, paymentId });
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      // the hint for lists; a bill paid a moment ago may have lost its claim just before this
      // one was inserted, and then it stays paid
      const marked = await models.Bill.updateOne({ _id: billId, status: 'unpaid' }, { $set: { claimHint: paymentId } });
      if (marked.matchedCount === 1) return true;
      await models.BillClaim.deleteOne({ billId, paymentId });
      return false;
    },
    async releaseBills(paymentId, billIds) {
      const ids = billIds ?? (await models.BillClaim.find({ paymentId }, { billId: 1 }).lean()).map((c) => c.billId);
      await models.BillClaim.deleteMany({ paymentId, ...(billIds ? { billId: { $in: billIds } } : {}) });
      await clearHints(paymentId, ids);
    },
    async releaseBillFrom(billId, paymentId) {
      await models.BillClaim.deleteOne({ billId, paymentId });
      await clearHints(paymentId, [billId]);
    },
    async settleBills(paymentId, billIds, paidAt) {
      let changed = 0;
      for (const billId of billIds) {
        // only the payment holding the bill's claim pays it; replays find it paid already
        const claim = await models.BillClaim.findOne({ billId }).lean();
        if (claim && String(claim.paymentId) !== String(paymentId)) continue;
        const result = await models.Bill.updateOne(
          { _id: billId, status: 'unpaid' },
          { $set: { status: 'paid', paidPaymentId: paymentId, paidAt, claimHint: null } },
        );
        changed += result.modifiedCount;
      }
      await models.BillClaim.deleteMany({ paymentId, billId: { $in: billIds } });
      return changed;
    },
    async creditBalance(accountId, paymentId, amountFen, at) {
      try {
        // of any number of callers for one payment, one insert succeeds
        await models.BalanceCredit.create({ accountId, paymentId, amountFen, creditedAt: at });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const [account] = await getAccounts([accountId]);
      return account?.balanceFen ?? null;
    },
  };
}

export const toObjectId = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
