import type { Types } from 'mongoose';
import {
  maskAccountNo,
  maskAddress,
  maskName,
  type AccountSummary,
  type BillList,
  type BindAccountBody,
} from '@bianmin/shared';
import type { Models } from '../../db/models';
import { AppError, notFound } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { Copies } from '../../lib/events/copies';
import type { Limits } from '../../lib/limits';
import { toObjectId, type BillingAdapter, type BillView } from '../bills/adapter';
import type { BillRecord } from '../bills/model';
import type { UtilityAccountRecord } from './model';
import { createHolderProof, type BindLimits } from './proof';
import { isDuplicateKey } from '../../db/query';

// the mask lives in shared/ (the mini-program shows the same); named here too for the BFF's features
export { maskAccountNo };

/** The most accounts one resident may bind. */
export const MAX_BOUND_ACCOUNTS = 30;

/** How the caller may see an account: bound, saved as family, or shown by a recent lookup. */
export interface AccountAccess {
  account: UtilityAccountRecord;
  relation: 'bound' | 'family' | 'lookup';
  alias: string | null;
  /** For `lookup`: the only bills the lookup showed, and so the only ones the payer may pay. */
  billIds: Types.ObjectId[] | null;
}

/** An account's bill as the API shows it; `paidAt` only for the holder (`history`). */
export function toBillDto(bill: BillView, history = true) {
  return {
    id: String(bill._id),
    accountId: String(bill.accountId),
    utility: bill.utility,
    period: bill.period,
    amountFen: bill.amountFen,
    lateFeeFen: bill.lateFeeFen ?? null,
    dueDate: bill.dueDate,
    status: bill.status,
    pending: bill.pendingPaymentId !== null,
    paidAt: history && bill.paidAt ? bill.paidAt.toISOString() : null,
    usage:
      history && bill.usage ? { quantity: bill.usage.quantity, unit: bill.usage.unit, tier: bill.usage.tier } : null,
  };
}

/**
 * An account with what it owes, masked as every screen shows it. A family account is someone
 * else's: it keeps only what the lookup showed (masked holder, arrears, due dates), so its number
 * is masked as well and its balance is not shown.
 */
export function toAccountSummary(
  account: UtilityAccountRecord,
  bills: BillRecord[],
  link: { relation: 'bound' | 'family'; alias: string | null },
): AccountSummary {
  const unpaid = bills.filter((b) => b.status === 'unpaid' && String(b.accountId) === String(account._id));
  const due = unpaid.map((b) => b.dueDate).sort();
  const own = link.relation === 'bound';
  return {
    id: String(account._id),
    utility: account.utility,
    accountNo: own ? account.accountNo : maskAccountNo(account.accountNo),
    alias: link.alias,
    relation: link.relation,
    holderName: maskName(account.holderName),
    address: maskAddress(account.address),
    balanceFen: own ? (account.balanceFen ?? null) : null,
    prepaid: account.balanceFen !== null && account.balanceFen !== undefined,
    owedFen: unpaid.reduce((sum, b) => sum + b.amountFen, 0),
    unpaidCount: unpaid.length,
    nextDueDate: due[0] ?? null,
  };
}

/**
 * Bound accounts (我的户号) and who may see which account. A resident sees an account they bound,
 * one they saved as a family account, or one a lookup of theirs found a short while ago; for
 * anything else the answer is `null`, which the routes turn into the same 404 as a missing one.
 */
export function createAccountService(deps: {
  models: Models;
  adapter: BillingAdapter;
  clock: Clock;
  limits: Limits;
  /** This instance's copies of accounts and of residents' links to them (lib/events/copies.ts). */
  copies: Copies;
  settings: { lookupGrantMinutes: number; bindLimits: BindLimits };
}) {
  const { models, adapter, clock, copies } = deps;
  const linkKey = (userId: Types.ObjectId, accountId: Types.ObjectId) => `link:${String(userId)}:${String(accountId)}`;

  /** The account as the utility keeps it; one without a balance may come from the copy. */
  const accountOf = (id: Types.ObjectId) =>
    copies.get(
      `account:${String(id)}`,
      async () => (await adapter.getAccounts([id]))[0] ?? null,
      (account) => account !== null && (account.balanceFen === null || account.balanceFen === undefined),
    );

  /** The resident's binding of the account, else her family link to it; a link may come from the copy. */
  const linkOf = (user: Types.ObjectId, id: Types.ObjectId) =>
    copies.get(
      linkKey(user, id),
      async (): Promise<{ relation: 'bound' | 'family'; alias: string | null } | null> => {
        const binding = await models.AccountBinding.findOne({ userId: user, accountId: id }).lean();
        if (binding) return { relation: 'bound', alias: binding.alias ?? null };
        const family = await models.FamilyLink.findOne({ userId: user, accountId: id }).lean();
        return family ? { relation: 'family', alias: family.alias } : null;
      },
      (link) => link !== null,
    );

  /**
   * After a binding or family link of the resident to the account changed: every instance reads
   * it again. With `wait` (one was taken away) it answers once no instance still grants it.
   */
  const linkChanged = (userId: string, accountId: string, options: { wait: boolean }) =>
    copies.drop([linkKey(toObjectId(userId), toObjectId(accountId))], options);
  const proof = createHolderProof({ limits: deps.limits, settings: deps.settings.bindLimits });

  async function access(userId: string, accountId: string): Promise<AccountAccess | null> {
    const user = toObjectId(userId);
    const id = toObjectId(accountId);
    // the account and the resident's link to it at once: the bill list waits for both
    const [account, link] = await Promise.all([accountOf(id), linkOf(user, id)]);
    if (!account) return null;
    if (link) return { account, relation: link.relation, alias: link.alias, billIds: null };
    const lookup = await models.PayerLookup.findOne({ userId: user, accountId: id, validUntil: { $gt: clock.now() } })
      .sort({ validUntil: -1 })
      .lean();
    if (lookup) return { account, relation: 'lookup', alias: null, billIds: lookup.billIds };
    return null;
  }

  async function summaries(
    links: Array<{ accountId: Types.ObjectId; relation: 'bound' | 'family'; alias: string | null }>,
  ): Promise<AccountSummary[]> {
    if (links.length === 0) return [];
    const ids = links.map((l) => l.accountId);
    const [accounts, bills] = await Promise.all([adapter.getAccounts(ids), adapter.billsOf(ids, { unpaidOnly: true })]);
    const byId = new Map(accounts.map((a) => [String(a._id), a]));
    return links.flatMap((link) => {
      const account = byId.get(String(link.accountId));
      return account ? [toAccountSummary(account, bills, link)] : [];
    });
  }

  return {
    access,
    summaries,
    linkChanged,

    /** The resident's bound accounts, oldest binding first. */
    async list(userId: string): Promise<AccountSummary[]> {
      const bindings = await models.AccountBinding.find({ userId: toObjectId(userId) })
        .sort({ createdAt: 1 })
        .lean();
      return summaries(bindings.map((b) => ({ accountId: b.accountId, relation: 'bound', alias: b.alias ?? null })));
    },

    /**
     * Binds an account by utility and number with proof of holdership (accounts/proof.ts);
     * binding it again answers the same binding.
     */
    async bind(userId: string, body: BindAccountBody): Promise<AccountSummary> {
      const account = await proof.check(userId, body, () => adapter.findAccount(body.utility, body.accountNo));
      const user = toObjectId(userId);
      const count = await models.AccountBinding.countDocuments({ userId: user });
      if (count >= MAX_BOUND_ACCOUNTS) {
        const already = await models.AccountBinding.exists({ userId: user, accountId: account._id });
        if (!already) throw new AppError('ACCOUNT_LIMIT');
      }
      const set = body.alias ? { alias: body.alias } : {};
      const upsert = () =>
        models.AccountBinding.findOneAndUpdate(
          { userId: user, accountId: account._id },
          { $set: set, $setOnInsert: { userId: user, accountId: account._id } },
          { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
        );
      let binding;
      try {
        binding = await upsert();
      } catch (err) {
        // two binds at once: the unique index let one insert win; the other now finds it
        if (!isDuplicateKey(err)) throw err;
        binding = await upsert();
      }
      // a new alias shows on other instances within a poll (nothing was taken away)
      await linkChanged(userId, String(account._id), { wait: false });
      const [summary] = await summaries([{ accountId: account._id, relation: 'bound', alias: binding.alias ?? null }]);
      if (!summary) throw notFound();
      return summary;
    },

    /** Unbinds; `false` when the caller had not bound it. */
    async unbind(userId: string, accountId: string): Promise<boolean> {
      const result = await models.AccountBinding.deleteOne({
        userId: toObjectId(userId),
        accountId: toObjectId(accountId),
      });
      if (result.deletedCount === 0) return false;
      await linkChanged(userId, accountId, { wait: true });
      return true;
    },

    /**
     * The bills of an account as `found` (the caller's access to it, from `access`) lets her see
     * them. The holder (bound) sees its whole history; anyone else (family, lookup) only what is
     * owed now, and a lookup's payer only the bills it showed.
     */
    async billsOf(found: AccountAccess): Promise<BillList> {
      const own = found.relation === 'bound';
      let bills = await adapter.billsOf([found.account._id], { unpaidOnly: !own });
      if (found.billIds) {
        const shown = new Set(found.billIds.map(String));
        bills = bills.filter((b) => shown.has(String(b._id)));
      }
      const summary = toAccountSummary(found.account, bills, {
        relation: own ? 'bound' : 'family',
        alias: found.alias,
      });
      return { account: { ...summary, relation: found.relation }, bills: bills.map((b) => toBillDto(b, own)) };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
