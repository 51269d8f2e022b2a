import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatYuanSign, NotificationList, PayerLookupResult, ReminderList } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp, newKey, residentWithAccount, unpaidBills } from '../payments/testing';

describe('POST /api/payer-lookup', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp({ env: { PAYER_LOOKUP_PER_MINUTE: '1000' } }));
    token = await t.residentToken();
  });
  afterAll(() => t.close());

  const lookup = (body: object, as = token) => t.http.post('/api/payer-lookup').set(bearer(as)).send(body);

  it.each([
    ['accountNo', '3000000001'],
    ['idNumber', '310101194803034321'],
    ['phone', '139 0013 9000'],
  ])('finds 李秀英 by %s with masked data and her unpaid bill', async (by, value) => {
    const res = await lookup({ utility: 'gas', by, value }).expect(200);
    const result = PayerLookupResult.parse(res.body);
    expect(result.found).toBe(true);
    expect(result.accounts).toHaveLength(1);
    expect(result.accounts[0]).toMatchObject({
      utility: 'gas',
      accountNo: '******0001',
      holderName: '李*英',
      holderIdNumber: '3****************1',
      holderPhone: '139****9000',
      address: '北京市西城区****',
    });
    expect(result.accounts[0]?.unpaidBills).toHaveLength(1);
  });

  it('answers a miss in the same shape as a hit', async () => {
    const res = await lookup({ utility: 'gas', by: 'phone', value: '13800000000' }).expect(200);
    expect(res.body).toEqual({ found: false, accounts: [] });
    expect(Object.keys(res.body)).toEqual(
      Object.keys((await lookup({ utility: 'gas', by: 'accountNo', value: '3000000001' })).body),
    );
  });

  it('refuses a malformed value with a Chinese message', async () => {
    const res = await lookup({ utility: 'gas', by: 'idNumber', value: '1234' }).expect(400);
    expect(res.body.error.details[0].message).toMatch(/身份证/);
    await lookup({ utility: 'gas', by: 'name', value: '李秀英' }).expect(400);
  });

  // every payer-facing answer over generated holders: leaks.test.ts
});

describe('payer lookup rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp({ env: { PAYER_LOOKUP_PER_MINUTE: '3' } }));
  });
  afterAll(() => t.close());

  it('refuses the fourth lookup in a minute with 429 and a Chinese message, per resident', async () => {
    const token = await t.residentToken();
    const body = { utility: 'gas', by: 'phone', value: '13900139000' };
    for (let i = 0; i < 3; i += 1) await t.http.post('/api/payer-lookup').set(bearer(token)).send(body).expect(200);
    const res = await t.http.post('/api/payer-lookup').set(bearer(token)).send(body).expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.body.error.message).toBe('查询太频繁了，请过一分钟再查。');
    expect(res.headers['retry-after']).toBeDefined();
    const other = await t.residentToken();
    await t.http.post('/api/payer-lookup').set(bearer(other)).send(body).expect(200);
  });
});

describe('paying on behalf and family accounts', () => {
  let t: TestApp;
  let clock: Awaited<ReturnType<typeof createBillingTestApp>>['clock'];
  beforeAll(async () => {
    ({ t, clock } = await createBillingTestApp());
  });
  afterAll(() => t.close());

  it('lets a payer pay the unpaid bills a lookup showed, and only those', async () => {
    const token = await t.residentToken();
    const found = await t.http
      .post('/api/payer-lookup')
      .set(bearer(token))
      .send({ utility: 'gas', by: 'phone', value: '13900139000' })
      .expect(200);
    const account = found.body.accounts[0];
    const bills = await t.http.get(`/api/bills?accountId=${account.accountId}`).set(bearer(token)).expect(200);
    expect(bills.body.account).toMatchObject({ relation: 'lookup', holderName: '李*英', accountNo: '******0001' });
    expect(bills.body.bills.map((b: { id: string }) => b.id)).toEqual([account.unpaidBills[0].id]);

    // a paid bill of the same account that the lookup did not show is out of reach
    const paidBill = await t.models.Bill.findOne({ accountId: account.accountId, status: 'paid' }).lean();
    await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [String(paidBill?._id)], idempotencyKey: newKey(), onBehalf: { accountId: account.accountId } })
      .expect(404);
    // without saying onBehalf it is not one of the payer's own accounts
    await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [account.unpaidBills[0].id], idempotencyKey: newKey() })
      .expect(404);
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({
        billIds: [account.unpaidBills[0].id],
        idempotencyKey: newKey(),
        onBehalf: { accountId: account.accountId },
      })
      .expect(201);
    expect(res.body.payment).toMatchObject({ onBehalf: true, holderName: '李*英', amountFen: account.owedFen });
    const paid = await t.http
      .post(`/api/payments/${res.body.payment.id}/sandbox-confirm`)
      .set(bearer(token))
      .expect(200);
    expect(paid.body.status).toBe('paid');
    expect(paid.body.receipt.holderName).toBe('李*英');
  });

  it('lets the lookup lapse after its time: no more bills, no payment', async () => {
    const token = await t.residentToken();
    const found = await t.http
      .post('/api/payer-lookup')
      .set(bearer(token))
      .send({ utility: 'water', by: 'accountNo', value: '2000000004' })
      .expect(200);
    const account = found.body.accounts[0];
    clock.advance(31 * 60_000);
    try {
      await t.http.get(`/api/bills?accountId=${account.accountId}`).set(bearer(token)).expect(404);
      await t.http
        .post('/api/payments')
        .set(bearer(token))
        .send({
          billIds: [account.unpaidBills[0].id],
          idempotencyKey: newKey(),
          onBehalf: { accountId: account.accountId },
        })
        .expect(404);
    } finally {
      clock.advance(-31 * 60_000);
    }
  });

  it('saves a looked-up account as a family account and shows it with every bound account, arrears and due dates', async () => {
    const { token } = await residentWithAccount(t, 'power', '1000000001');
    await t.http
      .post('/api/family')
      .set(bearer(token))
      .send({ accountId: '0123456789abcdef01234567', alias: '妈妈' })
      .expect(404);
    const found = await t.http
      .post('/api/payer-lookup')
      .set(bearer(token))
      .send({ utility: 'gas', by: 'idNumber', value: '310101194803034321' })
      .expect(200);
    const saved = await t.http
      .post('/api/family')
      .set(bearer(token))
      .send({ accountId: found.body.accounts[0].accountId, alias: '妈妈' })
      .expect(201);
    expect(saved.body.accounts.map((a: { utility: string; relation: string }) => [a.utility, a.relation])).toEqual([
      ['power', 'bound'],
      ['gas', 'family'],
    ]);
    // long after the lookup has lapsed, the family account still shows its bills
    clock.advance(90 * 60_000);
    try {
      const family = await t.http.get('/api/family').set(bearer(token)).expect(200);
      const mum = family.body.accounts.find((a: { alias: string }) => a.alias === '妈妈');
      expect(mum).toMatchObject({ holderName: '李*英', address: '北京市西城区****' });
      const power = family.body.accounts.find((a: { utility: string }) => a.utility === 'power');
      const powerBills = await unpaidBills(t, 'power', '1000000001');
      expect(power.owedFen).toBe(powerBills.reduce((s, b) => s + b.amountFen, 0));
      expect(power.nextDueDate).toBe(powerBills.map((b) => b.dueDate).sort()[0]);
      expect(power.unpaidBills).toHaveLength(2);
      const bills = await t.http.get(`/api/bills?accountId=${mum.id}`).set(bearer(token)).expect(200);
      expect(bills.body.account.relation).toBe('family');
      await t.http.delete(`/api/family/${mum.id}`).set(bearer(token)).expect(204);
      await t.http.get(`/api/bills?accountId=${mum.id}`).set(bearer(token)).expect(404);
    } finally {
      clock.advance(-90 * 60_000);
    }
  });

  it('reminds of bills falling due within the set days, overdue bills and low balances', async () => {
    const { token } = await residentWithAccount(t, 'power', '1000000001');
    const res = await t.http.get('/api/reminders').set(bearer(token)).expect(200);
    const { reminders } = ReminderList.parse(res.body);
    // seeded at 2026-01-12: the 2025-12 bill is due 2026-01-20 (in 8 days: outside 7), the 2025-11
    // bill was due 2025-12-20 (overdue); the prepaid balance of 15 元 is under 20 元
    expect(reminders.map((r) => r.kind).sort()).toEqual(['lowBalance', 'overdue']);
    clock.advance(2 * 86_400_000);
    try {
      const again = await residentWithAccount(t, 'power', '1000000001'); // the first login has expired
      const later = ReminderList.parse((await t.http.get('/api/reminders').set(bearer(again.token)).expect(200)).body);
      expect(later.reminders.map((r) => r.kind).sort()).toEqual(['due', 'lowBalance', 'overdue']);
      expect(later.reminders.find((r) => r.kind === 'due')?.message).toMatch(/还有 6 天到期/);
    } finally {
      clock.advance(-2 * 86_400_000);
    }
  });

  it("writes due reminders as messages once each, a family member's as 家人账单", async () => {
    const { token, accountId } = await residentWithAccount(t, 'power', '1000000001');
    const first = await t.services.family.notifyDueReminders();
    expect(first).toBeGreaterThan(0);
    expect(await t.services.family.notifyDueReminders()).toBe(0); // a second run writes nothing
    const list = NotificationList.parse((await t.http.get('/api/notifications').set(bearer(token)).expect(200)).body);
    expect(list.items.map((n) => n.reason).sort()).toEqual(['lowBalance', 'overdue']);
    expect(list.unread).toBe(2);
    expect(list.items.find((n) => n.reason === 'overdue')).toMatchObject({
      title: '电费已逾期',
      page: `packages/pay/bills/index?accountId=${accountId}`,
    });
    // the same account kept by another resident as a family account
    const child = await t.residentToken();
    await t.http
      .post('/api/payer-lookup')
      .set(bearer(child))
      .send({ utility: 'power', by: 'accountNo', value: '1000000001' })
      .expect(200);
    await t.http.post('/api/family').set(bearer(child)).send({ accountId, alias: '妈妈家' }).expect(201);
    await t.services.family.notifyDueReminders();
    const theirs = NotificationList.parse((await t.http.get('/api/notifications').set(bearer(child)).expect(200)).body);
    expect(theirs.items.map((n) => n.reason).sort()).toEqual(['familyDue', 'lowBalance']);
    expect(theirs.items.find((n) => n.reason === 'familyDue')?.title).toBe('家人的电费已逾期');
  });

  it("writes every resident's reminders as her own page shows them, however many residents there are", async () => {
    // many residents, each with accounts bound, kept as family accounts, or both
    // accounts with a bill overdue on the test's day (2026-01-12): each resident has a reminder
    const overdue = await t.models.Bill.find({ status: 'unpaid', dueDate: { $lt: '2026-01-12' } }).lean();
    const accounts = [...new Set(overdue.map((b) => String(b.accountId)))]
      .slice(0, 12)
      .map((id) => ({ _id: new Types.ObjectId(id) }));
    expect(accounts.length).toBeGreaterThan(1);
    const residents = Array.from({ length: 47 }, (_, i) => ({ userId: new Types.ObjectId(), i }));
    for (const { userId, i } of residents) {
      const own = accounts[i % accounts.length];
      const kept = accounts[(i * 5 + 1) % accounts.length];
      if (!own || !kept) throw new Error('the demo has too few accounts');
      if (i % 3 !== 1) await t.models.AccountBinding.create({ userId, accountId: own._id, alias: null });
      if (i % 3 !== 0) await t.models.FamilyLink.create({ userId, accountId: kept._id, alias: `家${i}` });
    }
    await t.services.family.notifyDueReminders();
    for (const { userId } of residents) {
      const expected = new Map<string, boolean>();
      const mine = await t.services.family.familyAccounts(String(userId));
      for (const r of await t.services.family.reminders(String(userId))) {
        const family = mine.find((a) => a.id === r.accountId)?.relation === 'family';
        expected.set(`${r.accountId}:${r.kind}`, family && r.kind !== 'lowBalance');
      }
      const told = await t.models.Notification.find({ userId: String(userId) }).lean();
      expect(expected.size).toBeGreaterThan(0);
      expect(told).toHaveLength(expected.size);
      expect(told.filter((n) => n.reason === 'familyDue')).toHaveLength([...expected.values()].filter(Boolean).length);
    }
  });

  it('tells of several overdue bills of one account in one message, about the oldest', async () => {
    const { token } = await residentWithAccount(t, 'water', '2000000006');
    await t.services.family.notifyDueReminders();
    const overdue = (await unpaidBills(t, 'water', '2000000006')).filter((b) => b.dueDate < '2026-01-12');
    expect(overdue.length).toBeGreaterThan(1);
    const list = NotificationList.parse((await t.http.get('/api/notifications').set(bearer(token)).expect(200)).body);
    const told = list.items.filter((n) => n.reason === 'overdue');
    expect(told).toHaveLength(1);
    const total = overdue.reduce((sum, b) => sum + b.amountFen, 0);
    expect(told[0]?.body).toBe(`水费户号 0006有 ${overdue.length} 笔水费已逾期，共 ${formatYuanSign(total)}。`);
  });
});
