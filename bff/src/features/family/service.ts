import {
  addDays,
  beijingDay,
  beijingMonth,
  daysBetween,
  formatYuanSign,
  utilityLabels,
  type FamilyAccount,
  type Reminder,
  type SaveFamilyBody,
} from '@bianmin/shared';
import type { Types } from 'mongoose';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { Limits } from '../../lib/limits';
import { toAccountSummary, type AccountService } from '../accounts/service';
import type { UtilityAccountRecord } from '../accounts/model';
import { toObjectId, type BillingAdapter, type BillView } from '../bills/adapter';
import type { NotifyInput } from '../notifications/service';
import { createPayerLookup, type LookupLimits } from './lookup';

/** The most family accounts one resident may keep. */
export const MAX_FAMILY_ACCOUNTS = 20;

/** How a reminder names an account: its alias, or the utility and the last four digits. */
const nameOf = (a: Pick<FamilyAccount, 'alias' | 'utility' | 'accountNo'>) =>
  a.alias ?? `${utilityLabels[a.utility]}户号 ${a.accountNo.slice(-4)}`;

const reasonOf = { due: 'billDue', overdue: 'overdue', lowBalance: 'lowBalance' } as const;
const titleOf = { due: '快到期了', overdue: '已逾期', lowBalance: '余额不足' } as const;

export interface FamilySettings {
  lookupGrantMinutes: number;
  lookupLimits: LookupLimits;
  reminderDueDays: number;
  lowBalanceFen: number;
}

/**
 * 代缴 and 亲情账户: finding an account to pay for someone else (masked answers only), keeping it
 * as a family account, the one page of every saved and bound account, and the reminders.
 */
export function createFamilyService(deps: {
  models: Models;
  adapter: BillingAdapter;
  accounts: AccountService;
  clock: Clock;
  limits: Limits;
  settings: FamilySettings;
  /**
   * Writes messages, each once (notifications/service.ts), answering how many were new; without
   * it reminders stay on the page.
   */
  notify?: (inputs: NotifyInput[]) => Promise<number>;
}) {
  const { models, adapter, accounts, clock, settings } = deps;
  const lookup = createPayerLookup({ models, adapter, clock, limits: deps.limits, settings });

  type Entry = { accountId: Types.ObjectId; relation: 'bound' | 'family'; alias: string | null };
  type LinkRow = { userId: Types.ObjectId; accountId: Types.ObjectId; alias?: string | null; createdAt: Date };

  /** Each resident's accounts in the order her page shows them: bound ones first, oldest first. */
  function entriesOf(bindings: LinkRow[], links: LinkRow[]): Map<string, Entry[]> {
    const byUser = new Map<string, { bound: LinkRow[]; family: LinkRow[] }>();
    const of = (userId: Types.ObjectId) => {
      const key = String(userId);
      let rows = byUser.get(key);
      if (!rows) byUser.set(key, (rows = { bound: [], family: [] }));
      return rows;
    };
    for (const b of bindings) of(b.userId).bound.push(b);
    for (const l of links) of(l.userId).family.push(l);
    const oldest = (a: LinkRow, b: LinkRow) => a.createdAt.getTime() - b.createdAt.getTime();
    const out = new Map<string, Entry[]>();
    for (const [userId, { bound, family }] of byUser) {
      const own = new Set(bound.map((b) => String(b.accountId)));
      out.set(userId, [
        ...bound
          .sort(oldest)
          .map((b) => ({ accountId: b.accountId, relation: 'bound' as const, alias: b.alias ?? null })),
        ...family
          .filter((l) => !own.has(String(l.accountId)))
          .sort(oldest)
          .map((l) => ({ accountId: l.accountId, relation: 'family' as const, alias: l.alias ?? null })),
      ]);
    }
    return out;
  }

  /** One account as a resident's page shows it, with its unpaid bills (of this account only). */
  function familyAccountOf(account: UtilityAccountRecord, bills: BillView[], entry: Entry): FamilyAccount {
    const balance = account.balanceFen ?? null;
    return {
      ...toAccountSummary(account, bills, entry),
      unpaidBills: [...bills]
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
        .map((b) => ({
          id: String(b._id),
          period: b.period,
          amountFen: b.amountFen,
          dueDate: b.dueDate,
          pending: b.pendingPaymentId !== null,
        })),
      lowBalance: balance !== null && balance < settings.lowBalanceFen,
    };
  }

  /** Each resident's accounts with their bills, from accounts and bills read for all of them. */
  function accountsOf(
    entries: Map<string, Entry[]>,
    accounts: UtilityAccountRecord[],
    bills: BillView[],
  ): Map<string, FamilyAccount[]> {
    const byId = new Map(accounts.map((a) => [String(a._id), a]));
    const billsOf = new Map<string, BillView[]>();
    for (const b of bills) billsOf.set(String(b.accountId), [...(billsOf.get(String(b.accountId)) ?? []), b]);
    const out = new Map<string, FamilyAccount[]>();
    for (const [userId, mine] of entries) {
      out.set(
        userId,
        mine.flatMap((entry) => {
          const account = byId.get(String(entry.accountId));
          return account ? [familyAccountOf(account, billsOf.get(String(account._id)) ?? [], entry)] : [];
        }),
      );
    }
    return out;
  }

  /** Every bound and family account of a resident, with unpaid bills; bound ones first. */
  async function familyAccounts(userId: string): Promise<FamilyAccount[]> {
    const user = toObjectId(userId);
    const [bindings, links] = await Promise.all([
      models.AccountBinding.find({ userId: user }).lean(),
      models.FamilyLink.find({ userId: user }).lean(),
    ]);
    const entries = entriesOf(bindings, links);
    const ids = [...entries.values()].flat().map((e) => e.accountId);
    if (ids.length === 0) return [];
    const [found, unpaid] = await Promise.all([adapter.getAccounts(ids), adapter.billsOf(ids, { unpaidOnly: true })]);
    return accountsOf(entries, found, unpaid).get(userId) ?? [];
  }

  /** The reminders of these accounts today. */
  function remindersOf(accounts: FamilyAccount[]): Reminder[] {
    const today = beijingDay(clock.now());
    const out: Reminder[] = [];
    for (const account of accounts) {
      const name = nameOf(account);
      for (const bill of account.unpaidBills) {
        const days = daysBetween(today, bill.dueDate);
        if (days > settings.reminderDueDays) continue;
        const when = days < 0 ? `已逾期 ${-days} 天` : days === 0 ? '今天到期' : `还有 ${days} 天到期`;
        out.push({
          kind: days < 0 ? 'overdue' : 'due',
          accountId: account.id,
          utility: account.utility,
          alias: account.alias,
          billId: bill.id,
          amountFen: bill.amountFen,
          dueDate: bill.dueDate,
          message: `${name}的${utilityLabels[account.utility]} ${formatYuanSign(bill.amountFen)}，${when}。`,
        });
      }
      if (account.lowBalance) {
        // a family account's balance is not shown, only that it runs low
        const left = account.balanceFen;
        out.push({
          kind: 'lowBalance',
          accountId: account.id,
          utility: account.utility,
          alias: account.alias,
          billId: null,
          amountFen: left,
          dueDate: null,
          message:
            left === null ? `${name}的余额不多了，记得充值。` : `${name}的余额只剩 ${formatYuanSign(left)}，记得充值。`,
        });
      }
    }
    return out.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  }

  /**
   * A resident's reminder messages: one per account and kind, about its oldest bill (six overdue
   * months are one reminder and one WeChat message, not six). A family member's bill is 家人账单.
   */
  function reminderMessages(userId: string, accounts: FamilyAccount[], month: string): NotifyInput[] {
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const groups = new Map<string, Reminder[]>();
    for (const r of remindersOf(accounts)) {
      const key = `${r.accountId}:${r.kind}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    return [...groups.values()].flatMap(([first, ...more]) => {
      const account = first ? byId.get(first.accountId) : undefined;
      if (!first || !account) return [];
      const family = account.relation === 'family';
      const label = utilityLabels[first.utility];
      const total = more.reduce((sum, r) => sum + (r.amountFen ?? 0), first.amountFen ?? 0);
      return [
        {
          userId,
          reason: family && first.kind !== 'lowBalance' ? 'familyDue' : reasonOf[first.kind],
          subject: first.billId ? `bill:${first.billId}:${first.kind}` : `balance:${first.accountId}:${month}`,
          title: family ? `家人的${label}${titleOf[first.kind]}` : `${label}${titleOf[first.kind]}`,
          body:
            more.length === 0
              ? first.message
              : `${nameOf(account)}有 ${more.length + 1} 笔${label}${titleOf[first.kind].replace('了', '')}，共 ${formatYuanSign(total)}。`,
          page: family ? 'packages/pay/family/index' : `packages/pay/bills/index?accountId=${first.accountId}`,
          facts: {
            amountFen: more.length === 0 ? first.amountFen : total,
            date: first.dueDate,
            account: first.alias,
            status: titleOf[first.kind],
          },
        },
      ];
    });
  }

  async function reminders(userId: string): Promise<Reminder[]> {
    return remindersOf(await familyAccounts(userId));
  }

  return {
    familyAccounts,
    reminders,

    /** 代缴 lookup (family/lookup.ts): masked answers only, limited for all residents together. */
    lookup,

    /** Saves an account the caller may see (a recent lookup) as a family account; null: no such account. */
    async save(userId: string, body: SaveFamilyBody): Promise<FamilyAccount[] | null> {
      const found = await accounts.access(userId, body.accountId);
      if (!found) return null;
      if (found.relation !== 'bound') {
        const user = toObjectId(userId);
        const count = await models.FamilyLink.countDocuments({ userId: user });
        const exists = await models.FamilyLink.exists({ userId: user, accountId: found.account._id });
        if (!exists && count >= MAX_FAMILY_ACCOUNTS) throw new AppError('FAMILY_LIMIT');
        await models.FamilyLink.updateOne(
          { userId: user, accountId: found.account._id },
          { $set: { alias: body.alias }, $setOnInsert: { userId: user, accountId: found.account._id } },
          { upsert: true },
        );
        await accounts.linkChanged(userId, body.accountId, { wait: false });
      }
      return familyAccounts(userId);
    },

    /** Removes a family account; false when the caller had none such. */
    async remove(userId: string, accountId: string): Promise<boolean> {
      const result = await models.FamilyLink.deleteOne({
        userId: toObjectId(userId),
        accountId: toObjectId(accountId),
      });
      if (result.deletedCount === 0) return false;
      await accounts.linkChanged(userId, accountId, { wait: true });
      return true;
    },

    /**
     * Writes each resident's due reminders as messages (消息), once per bill and kind (and per
     * account and month for a low balance): the notifications feature lists them and sends them
     * on through WeChat. A family member's bill is 家人账单. Answers how many were new.
     */
    async notifyDueReminders(): Promise<number> {
      const notify = deps.notify;
      if (!notify) return 0;
      // what is due, for everyone in a few reads, and only the residents it concerns: one
      // resident at a time took 50 ms each (the bench's 2 000 residents: 100 s an hour), most of
      // it one read per account and one write per message
      const now = clock.now();
      const feed = await adapter.reminderFeed(
        addDays(beijingDay(now), settings.reminderDueDays),
        settings.lowBalanceFen,
      );
      const concerned = new Set(feed.accounts.map((a) => String(a._id)));
      const fields = { userId: 1, accountId: 1, alias: 1, createdAt: 1 };
      const [bindings, links] = await Promise.all([
        models.AccountBinding.find({}, fields).lean(),
        models.FamilyLink.find({}, fields).lean(),
      ]);
      const ofConcern = (l: LinkRow) => concerned.has(String(l.accountId));
      const found = accountsOf(
        entriesOf(bindings.filter(ofConcern), links.filter(ofConcern)),
        feed.accounts,
        feed.bills,
      );
      const month = beijingMonth(now);
      return notify([...found].flatMap(([userId, accounts]) => reminderMessages(userId, accounts, month)));
    },
  };
}

export type FamilyService = ReturnType<typeof createFamilyService>;
