import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountList, AccountSummary, BillList } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp, unpaidBills } from '../payments/testing';

describe('GET/POST /api/accounts, DELETE /api/accounts/:id, GET /api/bills', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp());
    token = await t.residentToken();
  });
  afterAll(() => t.close());

  it('binds power 1000000001 and shows what it owes, with the holder masked', async () => {
    const res = await t.http
      .post('/api/accounts')
      .set(bearer(token))
      .send({ utility: 'power', accountNo: ' 1000000001 ', alias: '家里电费', holderName: '张建明' })
      .expect(201);
    const account = AccountSummary.parse(res.body);
    const bills = await unpaidBills(t, 'power', '1000000001');
    expect(account).toMatchObject({
      utility: 'power',
      accountNo: '1000000001',
      alias: '家里电费',
      relation: 'bound',
      holderName: '张*明',
      address: '北京市东城区****',
      unpaidCount: 2,
      owedFen: bills.reduce((s, b) => s + b.amountFen, 0),
    });
    const list = AccountList.parse((await t.http.get('/api/accounts').set(bearer(token)).expect(200)).body);
    expect(list.accounts.map((a) => a.id)).toEqual([account.id]);
  });

  it('binding the same account again answers the same binding, not a second one', async () => {
    const again = await t.http
      .post('/api/accounts')
      .set(bearer(token))
      .send({ utility: 'power', accountNo: '1000000001', holderIdLast6: '011234' })
      .expect(201);
    expect(again.body.alias).toBe('家里电费');
    expect((await t.http.get('/api/accounts').set(bearer(token))).body.accounts).toHaveLength(1);
  });

  it('lists the bills of a bound account, unpaid by due date first, then paid, newest period first', async () => {
    const { body } = await t.http.get('/api/accounts').set(bearer(token));
    const res = await t.http.get(`/api/bills?accountId=${body.accounts[0].id}`).set(bearer(token)).expect(200);
    const list = BillList.parse(res.body);
    expect(list.bills.length).toBe(12);
    const unpaid = list.bills.filter((b) => b.status === 'unpaid');
    const paid = list.bills.filter((b) => b.status === 'paid');
    expect(unpaid).toHaveLength(2);
    expect(list.bills).toEqual([...unpaid, ...paid]);
    expect(unpaid.map((b) => b.dueDate)).toEqual(unpaid.map((b) => b.dueDate).sort());
    expect(paid.map((b) => b.period)).toEqual(
      paid
        .map((b) => b.period)
        .sort()
        .reverse(),
    );
    expect(list.bills.every((b) => Number.isInteger(b.amountFen))).toBe(true);
  });

  it.each([
    [{ utility: 'power', accountNo: '9999999999', holderName: '张建明' }, 400, 'ACCOUNT_NOT_MATCHED'],
    [{ utility: 'water', accountNo: '1000000001', holderName: '张建明' }, 400, 'ACCOUNT_NOT_MATCHED'],
    [{ utility: 'power', accountNo: '12ab', holderName: '张建明' }, 400, 'VALIDATION_FAILED'],
    [{ utility: 'electricity', accountNo: '1000000001', holderName: '张建明' }, 400, 'VALIDATION_FAILED'],
    [{ utility: 'power', accountNo: '1000000001' }, 400, 'VALIDATION_FAILED'],
    [
      { utility: 'power', accountNo: '1000000001', holderName: '张建明', holderPhone: '13800138000' },
      400,
      'VALIDATION_FAILED',
    ],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const res = await t.http.post('/api/accounts').set(bearer(token)).send(body).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('unbinds an account, after which its bills are out of reach', async () => {
    const other = await t.residentToken();
    const bound = await t.http
      .post('/api/accounts')
      .set(bearer(other))
      .send({ utility: 'water', accountNo: '2000000001', holderName: '张建明' })
      .expect(201);
    await t.http.delete(`/api/accounts/${bound.body.id}`).set(bearer(other)).expect(204);
    await t.http.delete(`/api/accounts/${bound.body.id}`).set(bearer(other)).expect(404);
    await t.http.get(`/api/bills?accountId=${bound.body.id}`).set(bearer(other)).expect(404);
    await t.http.get('/api/bills?accountId=not-an-id').set(bearer(other)).expect(400);
  });
});
