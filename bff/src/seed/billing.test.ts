import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utilityValues, type Utility } from '@bianmin/shared';
import { createLogger } from '../lib/logger';
import { createTestApp, type TestApp } from '../testing/app';
import { demoAccounts, seedBilling } from './billing';

describe('billing demo seed', () => {
  let t: TestApp;
  const logger = createLogger('silent');
  const now = new Date('2026-01-12T02:00:00.000Z');
  beforeAll(async () => {
    t = await createTestApp();
    await seedBilling(t.models, logger, now);
  });
  afterAll(() => t.close());

  const account = (utility: Utility, accountNo: string) =>
    t.models.UtilityAccount.findOne({ utility, accountNo }).lean();
  const unpaid = async (utility: Utility, accountNo: string) =>
    t.models.Bill.countDocuments({ accountId: (await account(utility, accountNo))?._id, status: 'unpaid' });

  it('has the exact records tests and demos rely on', async () => {
    expect(await account('power', '1000000001')).toMatchObject({
      holderName: '张建明',
      holderIdNumber: '110101195501011234',
      holderPhone: '13800138000',
      district: '东城区',
      gridId: 'dongcheng-1',
      address: '北京市东城区东华门街道南池子大街12号',
    });
    expect(await unpaid('power', '1000000001')).toBe(2);
    expect(await account('water', '2000000001')).toMatchObject({ holderName: '张建明', gridId: 'dongcheng-1' });
    expect(await unpaid('water', '2000000001')).toBe(1);
    expect(await account('gas', '3000000001')).toMatchObject({
      holderName: '李秀英',
      holderIdNumber: '310101194803034321',
      holderPhone: '13900139000',
      district: '西城区',
      gridId: 'xicheng-1',
    });
    expect(await unpaid('gas', '3000000001')).toBe(1);
  });

  it('has an account of six unpaid months, the overdue ones carrying a late fee', async () => {
    const overdue = await account('water', '2000000006');
    expect(overdue).toMatchObject({ holderName: '钱桂芳' });
    const bills = await t.models.Bill.find({ accountId: overdue?._id, status: 'unpaid' }).lean();
    expect(bills).toHaveLength(6);
    const late = bills.filter((b) => b.dueDate < '2026-01-12');
    expect(late.length).toBeGreaterThanOrEqual(4);
    for (const bill of late) expect(bill.lateFeeFen).toBeGreaterThan(0);
    for (const bill of bills.filter((b) => b.dueDate >= '2026-01-12')) expect(bill.lateFeeFen ?? null).toBeNull();
  });

  it('has about twenty more accounts across all six utilities, in the city, with paid history', async () => {
    const all = await t.models.UtilityAccount.find().lean();
    expect(all.length).toBeGreaterThanOrEqual(23);
    expect(new Set(all.map((a) => a.utility))).toEqual(new Set(utilityValues));
    for (const a of all) {
      expect(a.address.startsWith(`北京市${a.district}`)).toBe(true);
      expect(a.gridId).toMatch(/^[a-z]+-1$/);
    }
    expect(await t.models.Bill.countDocuments({ status: 'paid' })).toBeGreaterThan(100);
  });

  it('runs again without duplicating anything or undoing a payment', async () => {
    const before = await t.models.Bill.countDocuments();
    const acc = await account('power', '1000000001');
    await t.models.Bill.updateMany({ accountId: acc?._id }, { $set: { status: 'paid' } });
    await seedBilling(t.models, logger, now);
    expect(await t.models.Bill.countDocuments()).toBe(before);
    expect(await t.models.UtilityAccount.countDocuments()).toBe(demoAccounts().length);
    expect(await unpaid('power', '1000000001')).toBe(0);
  });
});
