import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BillList, FamilyList, PayerLookupResult } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp } from '../payments/testing';

/** 李秀英, the demo holder of gas 3000000001 (北京市西城区). */
const LI = { accountNo: '3000000001', id: '310101194803034321', phone: '13900139000', name: '李秀英' };

/**
 * 代缴 as an attacker would try it: a stranger who knows a phone number, an ID number or an
 * account number learns nothing beyond the masked answer, and cannot make a lookup into
 * lasting access to the account's history.
 */
describe('a stranger who looked up an account (13.1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp());
  });
  afterAll(() => t.close());

  it('keeps as a family account only the masked holder, the arrears and the due dates', async () => {
    const stranger = await t.residentToken();
    const found = PayerLookupResult.parse(
      (
        await t.http
          .post('/api/payer-lookup')
          .set(bearer(stranger))
          .send({ utility: 'gas', by: 'phone', value: LI.phone })
          .expect(200)
      ).body,
    );
    const accountId = found.accounts[0]?.accountId ?? '';
    // while the lookup lasts: the bills it showed, unpaid, with no paid dates
    const shown = BillList.parse(
      (await t.http.get(`/api/bills?accountId=${accountId}`).set(bearer(stranger)).expect(200)).body,
    );
    expect(shown.account.accountNo).not.toContain(LI.accountNo);
    expect(shown.bills.every((b) => b.status === 'unpaid' && b.paidAt === null)).toBe(true);
    // nor how much gas the household burns: usage is the holder's alone
    expect(shown.bills.map((b) => b.usage)).toEqual(shown.bills.map(() => null));

    const saved = FamilyList.parse(
      (await t.http.post('/api/family').set(bearer(stranger)).send({ accountId, alias: '邻居' }).expect(201)).body,
    );
    const listed = FamilyList.parse((await t.http.get('/api/family').set(bearer(stranger)).expect(200)).body);
    for (const family of [saved, listed]) {
      expect(family.accounts).toHaveLength(1);
      expect(family.accounts[0]).toMatchObject({ accountNo: '******0001', holderName: '李*英' });
    }
    const detail = BillList.parse(
      (await t.http.get(`/api/bills?accountId=${accountId}`).set(bearer(stranger)).expect(200)).body,
    );
    expect(detail.account).toMatchObject({ relation: 'family', accountNo: '******0001', holderName: '李*英' });
    // the seed has eleven paid months of this account: none of them, no paid date, no usage
    expect(detail.bills.length).toBeGreaterThan(0);
    expect(detail.bills.every((b) => b.status === 'unpaid' && b.paidAt === null && b.usage === null)).toBe(true);
    const paid = await t.models.Bill.find({ accountId, status: 'paid' }).lean();
    expect(paid.length).toBeGreaterThan(0);
    expect(detail.bills.map((b) => b.period)).not.toContain(paid[0]?.period);

    const answers = [saved, listed, detail, (await t.http.get('/api/reminders').set(bearer(stranger))).body];
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      for (const secret of [LI.accountNo, LI.id, LI.phone, LI.name, '新街口']) expect(text).not.toContain(secret);
    }
  });

  it('cannot bind a looked-up account as her own: the full number alone is no proof, nor the masked name', async () => {
    const stranger = await t.residentToken();
    await t.http
      .post('/api/payer-lookup')
      .set(bearer(stranger))
      .send({ utility: 'gas', by: 'phone', value: LI.phone })
      .expect(200);
    const bare = await t.http
      .post('/api/accounts')
      .set(bearer(stranger))
      .send({ utility: 'gas', accountNo: LI.accountNo })
      .expect(400);
    expect(bare.body).not.toHaveProperty('id');
    for (const holderName of ['李*英', '李英', '李秀']) {
      await t.http
        .post('/api/accounts')
        .set(bearer(stranger))
        .send({ utility: 'gas', accountNo: LI.accountNo, holderName })
        .expect(400);
    }
    expect((await t.http.get('/api/accounts').set(bearer(stranger)).expect(200)).body.accounts).toEqual([]);
  });
});

describe('guessing an ID number or a phone number with many residents (13.3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // each resident may look up 3 a minute: the attack spreads over many residents
    ({ t } = await createBillingTestApp({ env: { PAYER_LOOKUP_PER_MINUTE: '3' } }));
  });
  afterAll(() => t.close());

  const lookup = (token: string, body: object) => t.http.post('/api/payer-lookup').set(bearer(token)).send(body);

  it('shows of an ID number neither the birth date nor the last four digits', async () => {
    const res = await lookup(await t.residentToken(), { utility: 'gas', by: 'accountNo', value: LI.accountNo });
    const masked = PayerLookupResult.parse(res.body).accounts[0]?.holderIdNumber ?? '';
    expect(masked).toHaveLength(18);
    expect(masked).not.toContain('4321');
    expect(masked).not.toContain('310');
    expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(2);
  });

  it('slows every resident down once many residents have guessed birth dates for one holder', async () => {
    // 李秀英 was born in 1948; her ID ends 4321 and starts 310101: guess the day, three guesses a resident
    const guesses = Array.from({ length: 60 }, (_, i) => {
      const day = new Date(Date.UTC(1948, 0, 1 + i * 6));
      const mmdd = `${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
      return `3101011948${mmdd}4321`;
    }).filter((id) => id !== LI.id);
    const statuses: number[] = [];
    for (let i = 0; i < guesses.length; i += 3) {
      const resident = await t.residentToken();
      for (const value of guesses.slice(i, i + 3)) {
        statuses.push((await lookup(resident, { utility: 'gas', by: 'idNumber', value })).status);
      }
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    const refused = statuses.filter((s) => s === 429).length;
    expect(refused).toBeGreaterThan(guesses.length / 2);
    // a resident who has made no lookup at all, with the right number, is slowed too
    const late = await lookup(await t.residentToken(), { utility: 'gas', by: 'idNumber', value: LI.id });
    expect(late.status).toBe(429);
    expect(late.body.error.code).toBe('RATE_LIMITED');
    expect(JSON.stringify(late.body)).not.toMatch(/李|\*/);
  });

  it('slows every resident down once many residents have guessed the middle of one phone number', async () => {
    // 139****9000: the middle four digits are the guess
    const guesses = Array.from({ length: 40 }, (_, i) => `139${String(13 + i * 7).padStart(4, '0')}9000`).filter(
      (p) => p !== LI.phone,
    );
    const statuses: number[] = [];
    for (let i = 0; i < guesses.length; i += 3) {
      const resident = await t.residentToken();
      for (const value of guesses.slice(i, i + 3)) {
        statuses.push((await lookup(resident, { utility: 'gas', by: 'phone', value })).status);
      }
    }
    expect(statuses).toContain(429);
    const late = await lookup(await t.residentToken(), { utility: 'gas', by: 'phone', value: LI.phone });
    expect(late.status).toBe(429);
  });

  it('slows every resident down once one account has been looked up many times, whatever it is looked up by', async () => {
    // water 2000000002 belongs to 王淑芬; each resident looks it up once, by its number
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const resident = await t.residentToken();
      statuses.push((await lookup(resident, { utility: 'water', by: 'accountNo', value: '2000000002' })).status);
    }
    expect(statuses).toContain(429);
    const late = await lookup(await t.residentToken(), { utility: 'water', by: 'phone', value: '13700137001' });
    expect(late.status).toBe(429);
    // another holder is not slowed by it
    await lookup(await t.residentToken(), { utility: 'water', by: 'accountNo', value: '2000000003' }).expect(200);
  });
});
