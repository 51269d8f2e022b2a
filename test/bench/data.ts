import { Types } from 'mongoose';
import { cityDistricts, utilityValues, type Utility } from '@bianmin/shared';
import type { Models } from '../../bff/src/db/models';
import { DISTRICT_GRIDS } from '../../bff/src/seed/billing';

/** How much data the benchmark generates; `scale` 1 is the data set. */
export function sizes(scale: number) {
  return {
    residents: Math.round(10_000 * scale),
    accountsPerResident: 3,
    billsPerAccount: 7, // 30 000 accounts × 6.67 ≈ 200 000 bills: the last of every third account is dropped
    helpRequests: Math.round(2_000 * scale),
  };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';

export interface Generated {
  /** The development-login openid of resident i: `bench-<i>`. */
  openids: string[];
  /** Accounts of resident i, in order. */
  accountsOf: Types.ObjectId[][];
  /** Unpaid bills of resident i (the last two periods of each account). */
  unpaidOf: Types.ObjectId[][];
  counts: { residents: number; accounts: number; bills: number; helpRequests: number };
}

async function insertInBatches<T>(insert: (docs: T[]) => Promise<unknown>, docs: T[], batch = 2000): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) await insert(docs.slice(i, i + batch));
}

/**
 * Writes the benchmark's data set straight into the collections through the BFF's own models
 * (so it has their shape and indexes): residents with bound accounts, bills with history, and
 * help requests, most of them resolved.
 */
export async function generate(models: Models, scale: number, say: (m: string) => void): Promise<Generated> {
  const n = sizes(scale);
  const now = Date.now();
  // lean inserts skip mongoose's timestamps: the app reads them, so they are set here
  const stamps = { createdAt: new Date(now), updatedAt: new Date(now) };
  const users = [];
  const accounts = [];
  const bindings = [];
  const bills = [];
  const openids: string[] = [];
  const accountsOf: Types.ObjectId[][] = [];
  const unpaidOf: Types.ObjectId[][] = [];
  for (let i = 0; i < n.residents; i += 1) {
    const userId = new Types.ObjectId();
    // the development login keeps openids as `dev:<openid>`
    const openid = `dev:bench-${i}`;
    openids.push(`bench-${i}`);
    users.push({
      _id: userId,
      openid,
      nickname: `居民${i}`,
      phone: `139${String(i).padStart(8, '0')}`,
      elderMode: i % 5 === 0,
      ...stamps,
    });
    const mine: Types.ObjectId[] = [];
    const unpaid: Types.ObjectId[] = [];
    for (let a = 0; a < n.accountsPerResident; a += 1) {
      const k = i * n.accountsPerResident + a;
      const accountId = new Types.ObjectId();
      const utility = utilityValues[k % utilityValues.length] as Utility;
      const district = cityDistricts[k % cityDistricts.length] ?? '东城区';
      const name = `${SURNAMES[i % SURNAMES.length] ?? '王'}${GIVEN[k % GIVEN.length] ?? '明'}${GIVEN[(k * 7) % GIVEN.length] ?? '华'}`;
      accounts.push({
        _id: accountId,
        utility,
        accountNo: `8${String(k).padStart(9, '0')}`,
        holderName: name,
        holderIdNumber: `1101011960${String(k % 100_000_000).padStart(8, '0')}`,
        holderPhone: `137${String(k).padStart(8, '0')}`,
        address: `北京市${district}测试路${k % 500}号`,
        district,
        gridId: DISTRICT_GRIDS[district] ?? 'dongcheng-1',
        balanceFen: null,
        ...stamps,
      });
      bindings.push({ userId, accountId, alias: null, ...stamps });
      mine.push(accountId);
      // every third account is a month younger, so the total comes to about 200 000 bills
      const months = a === 2 ? n.billsPerAccount - 1 : n.billsPerAccount;
      for (let m = 0; m < months; m += 1) {
        const billId = new Types.ObjectId();
        const month = 11 - (months - 1 - m); // periods up to 2026-11
        const isUnpaid = m >= months - 2;
        bills.push({
          _id: billId,
          accountId,
          utility,
          period: `2026-${String(month).padStart(2, '0')}`,
          amountFen: 1000 + ((k * 37 + m * 101) % 40_000),
          dueDate: `2026-${String(Math.min(12, month + 1)).padStart(2, '0')}-15`,
          status: isUnpaid ? 'unpaid' : 'paid',
          paidPaymentId: null,
          paidAt: isUnpaid ? null : new Date(now - (months - m) * 30 * 86_400_000),
          ...stamps,
        });
        if (isUnpaid) unpaid.push(billId);
      }
    }
    accountsOf.push(mine);
    unpaidOf.push(unpaid);
  }
  say(`writing ${users.length} residents, ${accounts.length} accounts, ${bills.length} bills…`);
  await insertInBatches((d) => models.User.insertMany(d, { lean: true }), users);
  await insertInBatches((d) => models.UtilityAccount.insertMany(d, { lean: true }), accounts);
  await insertInBatches((d) => models.AccountBinding.insertMany(d, { lean: true }), bindings);
  await insertInBatches((d) => models.Bill.insertMany(d, { lean: true }), bills, 5000);

  const help = [];
  const categories = ['payment_failed', 'bill_question', 'outage', 'complaint', 'other', null] as const;
  for (let h = 0; h < n.helpRequests; h += 1) {
    const user = users[h % users.length];
    const account = accounts[(h * 3) % accounts.length];
    if (!user || !account) break;
    const created = new Date(now - (h + 1) * 3_600_000);
    const _id = new Types.ObjectId();
    help.push({
      _id,
      createKey: `id:${_id.toHexString()}`,
      userId: user._id.toHexString(),
      residentName: user.nickname,
      residentPhone: user.phone,
      elder: user.elderMode,
      category: categories[h % categories.length] ?? null,
      context: { page: '/pages/pay/index', accountId: account._id.toHexString() },
      priority: user.elderMode ? 'elderly' : 'normal',
      rank: user.elderMode ? 3 : 5,
      // closed history: the benchmark's own requests are the only open ones, so the background
      // loops have no old work to chew on while it measures
      status: 'closed',
      district: account.district,
      gridId: account.gridId,
      offeredTo: 'pool',
      firstResponseAt: new Date(created.getTime() + 90_000),
      firstResponseDueAt: new Date(created.getTime() + 300_000),
      resolutionDueAt: new Date(created.getTime() + 86_400_000),
      resolvedAt: new Date(created.getTime() + 1_800_000),
      createdAt: created,
      updatedAt: created,
    });
  }
  // not lean: the model fills its defaults (messages, audit…) as the app would
  await insertInBatches((d) => models.HelpRequest.insertMany(d), help);
  return {
    openids,
    accountsOf,
    unpaidOf,
    counts: { residents: users.length, accounts: accounts.length, bills: bills.length, helpRequests: help.length },
  };
}
