import { addMonths, beijingDay, beijingMonth, daysBetween, usageOf, type Utility } from '@bianmin/shared';
import type { Models } from '../db/models';
import type { Logger } from '../lib/logger';

/**
 * Demo utility accounts and bills in 北京市. Tests and demos rely on the first three accounts
 * exactly as they are; the rest make the demo feel real. Idempotent: accounts are upserted by
 * (utility, accountNo) and bills by (account, period), both with `$setOnInsert` only, so a
 * restart keeps what demo users paid.
 */

interface DemoAccount {
  utility: Utility;
  accountNo: string;
  holderName: string;
  holderIdNumber: string;
  holderPhone: string;
  address: string;
  district: string;
  gridId: string;
  balanceFen: number | null;
  /** How many of the latest months are unpaid. */
  unpaidMonths: number;
  /** A typical monthly amount in fen; each month varies around it. */
  monthlyFen: number;
  /** Late fee (滞纳金) per day overdue, in ‰ of the bill, put on its overdue bills when seeded. */
  lateFeePermillePerDay?: number;
}

/** The customer-manager grid of each district of the demo city (help routing reads `gridId`). */
export const DISTRICT_GRIDS: Record<string, string> = {
  东城区: 'dongcheng-1',
  西城区: 'xicheng-1',
  朝阳区: 'chaoyang-1',
  海淀区: 'haidian-1',
  丰台区: 'fengtai-1',
  石景山区: 'shijingshan-1',
  通州区: 'tongzhou-1',
  昌平区: 'changping-1',
  大兴区: 'daxing-1',
  顺义区: 'shunyi-1',
};

function place(district: string, street: string): { address: string; district: string; gridId: string } {
  return { address: `北京市${district}${street}`, district, gridId: DISTRICT_GRIDS[district] ?? 'dongcheng-1' };
}

/**
 * The accounts the tests and the demo script name, with the proof of holdership that binds
 * them (README "The demo"): the holder's name, or the last six digits of the holder's ID number.
 */
export const DEMO_BILLING_ACCOUNTS = {
  power: { utility: 'power', accountNo: '1000000001', holderName: '张建明', holderIdLast6: '011234', unpaid: 2 },
  water: { utility: 'water', accountNo: '2000000001', holderName: '张建明', holderIdLast6: '011234', unpaid: 1 },
  gas: { utility: 'gas', accountNo: '3000000001', holderName: '李秀英', holderIdLast6: '034321', unpaid: 1 },
  /** Six unpaid months, the older ones overdue with a late fee: the long bills page, in elder mode too. */
  overdue: { utility: 'water', accountNo: '2000000006', holderName: '钱桂芳', holderIdLast6: '066624', unpaid: 6 },
} as const;

const ZHANG = { holderName: '张建明', holderIdNumber: '110101195501011234', holderPhone: '13800138000' };
const LI = { holderName: '李秀英', holderIdNumber: '310101194803034321', holderPhone: '13900139000' };
const QIAN = { holderName: '钱桂芳', holderIdNumber: '110105194706066624', holderPhone: '13000130010' };

const OTHERS: Array<[Utility, string, string, string, string, string, number | null, number, number]> = [
  // utility, accountNo, name, id, phone, district + street, balance, unpaid months, monthly fen
  [
    'telecom',
    '4000000001',
    '张建明',
    ZHANG.holderIdNumber,
    ZHANG.holderPhone,
    '东城区东华门街道南池子大街12号',
    4_850,
    0,
    5_800,
  ],
  [
    'cable',
    '5000000001',
    '张建明',
    ZHANG.holderIdNumber,
    ZHANG.holderPhone,
    '东城区东华门街道南池子大街12号',
    null,
    1,
    2_650,
  ],
  [
    'power',
    '1000000002',
    '王淑芬',
    '110102195203152228',
    '13700137001',
    '西城区金融街街道武定侯街6号',
    2_300,
    1,
    13_560,
  ],
  ['power', '1000000003', '刘国强', '110105196508082215', '13600136002', '朝阳区朝外街道吉祥里3号楼', 8_800, 0, 21_040],
  [
    'power',
    '1000000004',
    '陈桂兰',
    '110108194911113326',
    '13500135003',
    '海淀区中关村街道科学院南路2号',
    1_200,
    1,
    9_870,
  ],
  ['water', '2000000002', '王淑芬', '110102195203152228', '13700137001', '西城区金融街街道武定侯街6号', null, 0, 4_320],
  ['water', '2000000003', '赵德华', '110106195707072013', '13400134004', '丰台区丰台街道正阳大街18号', null, 2, 3_960],
  ['water', '2000000004', '孙丽娟', '110107196612122440', '13300133005', '石景山区八角街道杨庄东街9号', null, 1, 5_110],
  ['gas', '3000000002', '刘国强', '110105196508082215', '13600136002', '朝阳区朝外街道吉祥里3号楼', null, 1, 7_650],
  ['gas', '3000000003', '周文斌', '110112197003031618', '13200132006', '通州区新华街道新华西街21号', null, 0, 6_280],
  ['gas', '3000000004', '陈桂兰', '110108194911113326', '13500135003', '海淀区中关村街道科学院南路2号', null, 1, 8_430],
  ['telecom', '4000000002', '吴晓燕', '110114198804046627', '13100131007', '昌平区城北街道西环路5号', 1_550, 0, 12_800],
  [
    'telecom',
    '4000000003',
    '郑永福',
    '110115195105051819',
    '15900159008',
    '大兴区兴丰街道黄村西大街7号',
    900,
    1,
    3_800,
  ],
  ['cable', '5000000002', '赵德华', '110106195707072013', '13400134004', '丰台区丰台街道正阳大街18号', null, 0, 2_650],
  ['cable', '5000000003', '郑永福', '110115195105051819', '15900159008', '大兴区兴丰街道黄村西大街7号', null, 1, 2_650],
  [
    'post',
    '6000000001',
    '张建明',
    ZHANG.holderIdNumber,
    ZHANG.holderPhone,
    '东城区东华门街道南池子大街12号',
    null,
    0,
    1_200,
  ],
  ['post', '6000000002', '孙丽娟', '110107196612122440', '13300133005', '石景山区八角街道杨庄东街9号', null, 1, 1_800],
  ['post', '6000000003', '冯志刚', '110113197909096031', '15800158009', '顺义区胜利街道府前中街16号', null, 0, 1_500],
  ['water', '2000000005', '冯志刚', '110113197909096031', '15800158009', '顺义区胜利街道府前中街16号', null, 0, 4_050],
  ['power', '1000000005', '吴晓燕', '110114198804046627', '13100131007', '昌平区城北街道西环路5号', 15_600, 0, 16_720],
  ['gas', '3000000005', '孙丽娟', '110107196612122440', '13300133005', '石景山区八角街道杨庄东街9号', null, 0, 5_530],
];

/** Every demo account, the three named ones first. */
export function demoAccounts(): DemoAccount[] {
  const named: DemoAccount[] = [
    {
      utility: 'power',
      accountNo: '1000000001',
      ...ZHANG,
      ...place('东城区', '东华门街道南池子大街12号'),
      balanceFen: 1_500,
      unpaidMonths: 2,
      monthlyFen: 12_050,
    },
    {
      utility: 'water',
      accountNo: '2000000001',
      ...ZHANG,
      ...place('东城区', '东华门街道南池子大街12号'),
      balanceFen: null,
      unpaidMonths: 1,
      monthlyFen: 3_680,
    },
    {
      utility: 'gas',
      accountNo: '3000000001',
      ...LI,
      ...place('西城区', '新街口街道西直门内大街88号'),
      balanceFen: null,
      unpaidMonths: 1,
      monthlyFen: 8_640,
    },
    {
      utility: 'water',
      accountNo: '2000000006',
      ...QIAN,
      ...place('朝阳区', '和平街街道樱花园东街3号'),
      balanceFen: null,
      unpaidMonths: 6,
      monthlyFen: 4_280,
      // 3‰ a day, as the water company's rules for late payment
      lateFeePermillePerDay: 3,
    },
  ];
  const others = OTHERS.map(
    ([utility, accountNo, holderName, holderIdNumber, holderPhone, where, balanceFen, unpaidMonths, monthlyFen]) => {
      const district = /^[^区]+区/.exec(where)?.[0] ?? '东城区';
      return {
        utility,
        accountNo,
        holderName,
        holderIdNumber,
        holderPhone,
        ...place(district, where.slice(district.length)),
        balanceFen,
        unpaidMonths,
        monthlyFen,
      };
    },
  );
  return [...named, ...others];
}

/** `2026-01` shifted by `delta` months. */
function monthOf(now: Date, delta: number): { period: string; year: number; month: number } {
  const period = addMonths(beijingMonth(now), delta);
  return { period, year: Number(period.slice(0, 4)), month: Number(period.slice(5, 7)) };
}

/** The same "random" variation on every run, so a reseed computes the same amounts. */
function variation(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return (h % 41) - 20; // −20 %…+20 %
}

/** A year of bills: the usage chart of an account shows twelve months. */
const HISTORY_MONTHS = 12;

/** Seeds the demo accounts and a year of bills, the latest `unpaidMonths` of each unpaid. */
export async function seedBilling(models: Models, logger: Logger, now: Date = new Date()): Promise<void> {
  let accountsAdded = 0;
  let billsAdded = 0;
  const today = beijingDay(now);
  for (const demo of demoAccounts()) {
    const { unpaidMonths, monthlyFen, lateFeePermillePerDay, ...fields } = demo;
    const result = await models.UtilityAccount.updateOne(
      { utility: demo.utility, accountNo: demo.accountNo },
      { $setOnInsert: fields },
      { upsert: true },
    );
    accountsAdded += result.upsertedCount;
    const account = await models.UtilityAccount.findOne(
      { utility: demo.utility, accountNo: demo.accountNo },
      { _id: 1 },
    ).lean();
    if (!account) continue;
    for (let back = HISTORY_MONTHS; back >= 1; back -= 1) {
      const { period } = monthOf(now, -back);
      const due = monthOf(now, -back + 1);
      const amountFen = Math.max(100, Math.round((monthlyFen * (100 + variation(`${demo.accountNo}${period}`))) / 100));
      const unpaid = back <= unpaidMonths;
      const paidAt = new Date(Date.UTC(due.year, due.month - 1, 10, 2, 30));
      const dueDate = `${due.period}-20`;
      const overdueDays = Math.max(0, daysBetween(dueDate, today));
      const lateFeeFen =
        unpaid && lateFeePermillePerDay && overdueDays > 0
          ? Math.round((amountFen * lateFeePermillePerDay * overdueDays) / 1000)
          : null;
      const bill = await models.Bill.updateOne(
        { accountId: account._id, period },
        {
          $setOnInsert: {
            accountId: account._id,
            utility: demo.utility,
            period,
            amountFen,
            lateFeeFen,
            dueDate,
            status: unpaid ? 'unpaid' : 'paid',
            paidPaymentId: null,
            paidAt: unpaid ? null : paidAt,
          },
          // derived from the amount at the utility's tiers: the same on every start, and filled
          // in on a demo database seeded before bills had it
          $set: { usage: usageOf(demo.utility, amountFen) },
        },
        { upsert: true },
      );
      billsAdded += bill.upsertedCount;
    }
  }
  logger.info({ accountsAdded, billsAdded }, 'billing demo seed applied');
}
