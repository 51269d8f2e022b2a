import {
  beijingDay,
  daysBetween,
  formatYuanSign,
  maskAccountNo,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  utilityLabels,
  type FamilyAccount,
  type PayerLookupBody,
  type PayerLookupResult,
  type Reminder,
  type SaveFamilyBody,
} from '@bianmin/shared';
import type { Models } from '../../db/models';
import { AppError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { toAccountSummary, type AccountService } from '../accounts/service';
import { toObjectId, type BillingAdapter } from '../bills/adapter';

/** The most family accounts one resident may keep. */
export const MAX_FAMILY_ACCOUNTS = 20;
/** The most accounts one lookup answers (one holder rarely has more of one utility). */
const LOOKUP_LIMIT = 5;

/** Sends a WeChat subscription message; the real one sits behind this, off unless configured. */
export interface SubscriptionSender {
  send(message: { openid: string; templateId: string; page: string; data: Record<string, string> }): Promise<void>;
}

export interface FamilySettings {
  lookupGrantMinutes: number;
  reminderDueDays: number;
  lowBalanceFen: number;
  subscribeTemplateId: string | undefined;
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
  settings: FamilySettings;
  sender?: SubscriptionSender;
}) {
  const { models, adapter, accounts, clock, settings } = deps;

  /** Every bound and family account of a resident, with unpaid bills; bound ones first. */
  async function familyAccounts(userId: string): Promise<FamilyAccount[]> {
    const user = toObjectId(userId);
    const [bindings, links] = await Promise.all([
      models.AccountBinding.find({ userId: user }).sort({ createdAt: 1 }).lean(),
      models.FamilyLink.find({ userId: user }).sort({ createdAt: 1 }).lean(),
    ]);
    const bound = new Set(bindings.map((b) => String(b.accountId)));
    const entries = [
      ...bindings.map((b) => ({ accountId: b.accountId, relation: 'bound' as const, alias: b.alias ?? null })),
      ...links
        .filter((l) => !bound.has(String(l.accountId)))
        .map((l) => ({ accountId: l.accountId, relation: 'family' as const, alias: l.alias })),
    ];
    if (entries.length === 0) return [];
    const ids = entries.map((e) => e.accountId);
    const [found, unpaid] = await Promise.all([adapter.getAccounts(ids), adapter.billsOf(ids, { unpaidOnly: true })]);
    const byId = new Map(found.map((a) => [String(a._id), a]));
    return entries.flatMap((entry) => {
      const account = byId.get(String(entry.accountId));
      if (!account) return [];
      const bills = unpaid.filter((b) => String(b.accountId) === String(account._id));
      const balance = account.balanceFen ?? null;
      return [
        {
          ...toAccountSummary(account, bills, entry),
          unpaidBills: bills
            .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
            .map((b) => ({
              id: String(b._id),
              period: b.period,
              amountFen: b.amountFen,
              dueDate: b.dueDate,
              pending: b.pendingPaymentId !== null,
            })),
          lowBalance: balance !== null && balance < settings.lowBalanceFen,
        },
      ];
    });
  }

  async function reminders(userId: string): Promise<Reminder[]> {
    const today = beijingDay(clock.now());
    const out: Reminder[] = [];
    for (const account of await familyAccounts(userId)) {
      const name = account.alias ?? `${utilityLabels[account.utility]}户号 ${account.accountNo.slice(-4)}`;
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
      if (account.lowBalance && account.balanceFen !== null) {
        out.push({
          kind: 'lowBalance',
          accountId: account.id,
          utility: account.utility,
          alias: account.alias,
          billId: null,
          amountFen: account.balanceFen,
          dueDate: null,
          message: `${name}的余额只剩 ${formatYuanSign(account.balanceFen)}，记得充值。`,
        });
      }
    }
    return out.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  }

  return {
    familyAccounts,
    reminders,

    /**
     * Finds accounts by account number, holder ID number or holder phone. Only masked data
     * leaves: holder, ID, phone, address cut to the district, account number to its last four.
     * A hit lets this payer pay exactly the unpaid bills shown, for a while.
     */
    async lookup(userId: string, body: PayerLookupBody): Promise<PayerLookupResult> {
      const found = await adapter.findAccountsBy(body.utility, body.by, body.value, LOOKUP_LIMIT);
      if (found.length === 0) return { found: false, accounts: [] };
      const unpaid = await adapter.billsOf(
        found.map((a) => a._id),
        { unpaidOnly: true },
      );
      const validUntil = new Date(clock.now().getTime() + settings.lookupGrantMinutes * 60_000);
      const result: PayerLookupResult = { found: true, accounts: [] };
      for (const account of found) {
        const bills = unpaid
          .filter((b) => String(b.accountId) === String(account._id))
          .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
        await models.PayerLookup.create({
          userId: toObjectId(userId),
          accountId: account._id,
          by: body.by,
          billIds: bills.map((b) => b._id),
          validUntil,
        });
        result.accounts.push({
          accountId: String(account._id),
          utility: account.utility,
          accountNo: maskAccountNo(account.accountNo),
          holderName: maskName(account.holderName),
          holderIdNumber: maskIdNumber(account.holderIdNumber),
          holderPhone: maskPhone(account.holderPhone),
          address: maskAddress(account.address),
          owedFen: bills.reduce((sum, b) => sum + b.amountFen, 0),
          unpaidBills: bills.map((b) => ({
            id: String(b._id),
            period: b.period,
            amountFen: b.amountFen,
            dueDate: b.dueDate,
            pending: b.pendingPaymentId !== null,
          })),
        });
      }
      return result;
    },

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
      }
      return familyAccounts(userId);
    },

    /** Removes a family account; false when the caller had none such. */
    async remove(userId: string, accountId: string): Promise<boolean> {
      const result = await models.FamilyLink.deleteOne({
        userId: toObjectId(userId),
        accountId: toObjectId(accountId),
      });
      return result.deletedCount > 0;
    },

    /**
     * Sends each resident's due reminders once through WeChat subscription messages. Off (sends
     * nothing) unless a template id and a sender are configured. Answers how many it sent.
     */
    async sendDueReminders(): Promise<number> {
      const templateId = settings.subscribeTemplateId;
      if (!templateId || !deps.sender) return 0;
      let sent = 0;
      const userIds = [
        ...new Set(
          [
            ...(await models.FamilyLink.find({}, { userId: 1 }).lean()),
            ...(await models.AccountBinding.find({}, { userId: 1 }).lean()),
          ].map((l) => String(l.userId)),
        ),
      ];
      for (const userId of userIds) {
        const user = await models.User.findById(userId).lean();
        if (!user) continue;
        for (const reminder of await reminders(userId)) {
          const key = `${reminder.kind}:${reminder.billId ?? reminder.accountId}:${reminder.dueDate ?? beijingDay(clock.now())}`;
          try {
            await models.ReminderSent.create({ userId: user._id, key });
          } catch (err) {
            if ((err as { code?: number }).code === 11000) continue; // sent before
            throw err;
          }
          await deps.sender.send({
            openid: user.openid,
            templateId,
            page: 'packages/pay/family/index',
            data: { thing1: reminder.message.slice(0, 20), amount2: formatYuanSign(Math.abs(reminder.amountFen)) },
          });
          sent += 1;
        }
      }
      return sent;
    },
  };
}

export type FamilyService = ReturnType<typeof createFamilyService>;
