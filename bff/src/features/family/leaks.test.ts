import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utilityValues, type LookupBy } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp, newKey } from '../payments/testing';

/**
 * Whatever route a payer who is not the holder calls, no answer holds the holder's full account
 * number, ID number, phone, name or address: checked over generated holders (property test).
 */

// common surnames and given-name characters; none of them occurs in the fixed Chinese texts of
// the answers (utility names, 缴费凭证, capital numerals, reminders), so a hit is a leak
const HAN = Array.from(
  '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘于蒋蔡杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤建明秀英国强淑芬桂兰德华丽娟文斌晓燕永福志刚',
);
const han = fc.constantFrom(...HAN);

/** The check digit of an ID number's first 17 digits (GB 11643: ISO 7064 MOD 11-2). */
function checkDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = Array.from(first17).reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return '10X98765432'[sum % 11] ?? '0';
}

const DISTRICTS = [
  ['东城区', '110101'],
  ['西城区', '110102'],
  ['朝阳区', '110105'],
  ['海淀区', '110108'],
  ['丰台区', '110106'],
] as const;

let serial = 0;
/** A holder as the utilities know one: a real-looking ID (region, birth date, sequence, check digit). */
const holderArb = fc
  .record({
    name: fc.array(han, { minLength: 2, maxLength: 4 }).map((cs) => cs.join('')),
    district: fc.constantFrom(...DISTRICTS),
    born: fc.date({
      min: new Date('1930-01-01T00:00:00Z'),
      max: new Date('2005-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    sequence: fc.integer({ min: 0, max: 999 }),
    phone: fc.stringMatching(/^1[3-9]\d{9}$/),
    street: fc.array(han, { minLength: 2, maxLength: 5 }).map((cs) => cs.join('')),
    houseNo: fc.integer({ min: 1, max: 299 }),
    tail: fc.integer({ min: 0, max: 9999 }),
    utility: fc.constantFrom(...utilityValues),
    by: fc.constantFrom<LookupBy>('accountNo', 'idNumber', 'phone'),
  })
  .map((h) => {
    const birth = h.born.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${h.district[1]}${birth}${String(h.sequence).padStart(3, '0')}`;
    serial += 1;
    return {
      ...h,
      id: `${first17}${checkDigit(first17)}`,
      birth,
      accountNo: `7${String(serial).padStart(5, '0')}${String(h.tail).padStart(4, '0')}`,
      street: `${h.street}路${h.houseNo}号`,
      address: `北京市${h.district[0]}${h.street}路${h.houseNo}号`,
    };
  });
type Holder = typeof holderArb extends fc.Arbitrary<infer T> ? T : never;

/** Asserts that an answer holds nothing that tells who the holder is. */
function expectNothingOf(h: Holder, answer: unknown, route: string) {
  const text = JSON.stringify(answer);
  const where = `${route}: ${text}`;
  for (const secret of [h.accountNo, h.id, h.phone, h.name, h.street, h.address]) {
    expect(text, where).not.toContain(secret);
  }
  // parts of the ID number and the hidden middle of the phone: ids, numbers, amounts and dates
  // may hold the same digits by chance, which is no leak, so those are set aside here
  const shown = JSON.stringify(answer, (k, v: unknown) =>
    typeof v === 'number' || /(id|date|period|at|no)$/i.test(k) ? undefined : v,
  );
  expect(shown, where).not.toContain(h.id.slice(0, 6)); // the birthplace
  expect(shown, where).not.toContain(h.birth); // the birth date
  // the sequence and the check digit (unless the masked phone's last four are the same digits)
  if (h.id.slice(-4) !== h.phone.slice(-4)) expect(shown, where).not.toContain(h.id.slice(-4));
  // the masked phone shows its last four on purpose
  if (h.phone.slice(3, 7) !== h.phone.slice(-4)) expect(shown, where).not.toContain(h.phone.slice(3, 7));
}

describe('no payer-facing answer tells who the holder is (generated holders)', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp());
  });
  afterAll(() => t.close());

  /** Creates the holder's account with two paid months and one unpaid; answers the account. */
  async function accountOf(h: Holder) {
    const account = await t.models.UtilityAccount.create({
      utility: h.utility,
      accountNo: h.accountNo,
      holderName: h.name,
      holderIdNumber: h.id,
      holderPhone: h.phone,
      address: h.address,
      district: h.district[0],
      gridId: 'test-1',
      balanceFen: h.utility === 'power' ? 1_000 : null,
    });
    const bill = (period: string, paid: boolean) => ({
      accountId: account._id,
      utility: h.utility,
      period,
      amountFen: 1_234,
      dueDate: `${period}-20`,
      status: paid ? ('paid' as const) : ('unpaid' as const),
      paidAt: paid ? new Date(`${period}-15T02:00:00Z`) : null,
    });
    await t.models.Bill.create([bill('2025-10', true), bill('2025-11', true), bill('2025-12', false)]);
    return account;
  }

  /** A payer who is not the holder looks the holder up the generated way. */
  async function lookUp(h: Holder, token: string) {
    const value = h.by === 'accountNo' ? h.accountNo : h.by === 'idNumber' ? h.id : h.phone;
    const res = await t.http
      .post('/api/payer-lookup')
      .set(bearer(token))
      .send({ utility: h.utility, by: h.by, value })
      .expect(200);
    expect(res.body.found).toBe(true);
    return res;
  }

  it('payer lookup, bills, family list and detail, reminders, own accounts, a failed bind', async () => {
    await fc.assert(
      fc.asyncProperty(holderArb, async (h) => {
        const account = await accountOf(h);
        const payer = await t.residentToken();
        const get = async (path: string) => (await t.http.get(path).set(bearer(payer)).expect(200)).body as unknown;
        const found = await lookUp(h, payer);
        expectNothingOf(h, found.body, 'POST /api/payer-lookup');
        const accountId = String(account._id);
        expectNothingOf(h, await get(`/api/bills?accountId=${accountId}`), 'GET /api/bills (lookup)');
        const saved = await t.http
          .post('/api/family')
          .set(bearer(payer))
          .send({ accountId, alias: '家人' })
          .expect(201);
        expectNothingOf(h, saved.body, 'POST /api/family');
        expectNothingOf(h, await get('/api/family'), 'GET /api/family');
        expectNothingOf(h, await get(`/api/bills?accountId=${accountId}`), 'GET /api/bills (family)');
        expectNothingOf(h, await get('/api/reminders'), 'GET /api/reminders');
        expectNothingOf(h, await get('/api/accounts'), 'GET /api/accounts');
        const bind = await t.http
          .post('/api/accounts')
          .set(bearer(payer))
          .send({ utility: h.utility, accountNo: h.accountNo, holderName: `${h.name.slice(0, 1)}某` });
        expect(bind.status).toBe(400);
        expectNothingOf(h, bind.body, 'POST /api/accounts');
      }),
      { numRuns: 30 },
    );
  });

  it('the payments of a payer who looked an account up: created, listed, detail, receipt, cancelled', async () => {
    await fc.assert(
      fc.asyncProperty(holderArb, async (h) => {
        const account = await accountOf(h);
        const payer = await t.residentToken();
        const found = await lookUp(h, payer);
        const billIds = (
          found.body as { accounts: Array<{ unpaidBills: Array<{ id: string }> }> }
        ).accounts[0]?.unpaidBills.map((b) => b.id);
        const onBehalf = { accountId: String(account._id) };
        const create = () =>
          t.http.post('/api/payments').set(bearer(payer)).send({ billIds, idempotencyKey: newKey(), onBehalf });
        const first = await create().expect(201);
        expectNothingOf(h, first.body, 'POST /api/payments');
        const id = (first.body as { payment: { id: string } }).payment.id;
        const cancelled = await t.http.post(`/api/payments/${id}/cancel`).set(bearer(payer)).expect(200);
        expectNothingOf(h, cancelled.body, 'POST /api/payments/:id/cancel');
        const second = await create().expect(201);
        const paidId = (second.body as { payment: { id: string } }).payment.id;
        const paid = await t.http.post(`/api/payments/${paidId}/sandbox-confirm`).set(bearer(payer)).expect(200);
        expectNothingOf(h, paid.body, 'POST /api/payments/:id/sandbox-confirm');
        const detail = await t.http.get(`/api/payments/${paidId}`).set(bearer(payer)).expect(200);
        expect((detail.body as { receipt: unknown }).receipt).not.toBeNull();
        expectNothingOf(h, detail.body, 'GET /api/payments/:id');
        expectNothingOf(
          h,
          (await t.http.get('/api/payments').set(bearer(payer)).expect(200)).body,
          'GET /api/payments',
        );
      }),
      { numRuns: 15 },
    );
  });
});
