import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSummary } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp } from '../payments/testing';

type Clock = Awaited<ReturnType<typeof createBillingTestApp>>['clock'];
const HOUR = 3_600_000;

/** What is left of an answer once the request's own id is set aside. */
const shapeOf = (res: { status: number; body: { error?: object }; headers: Record<string, unknown> }) => ({
  status: res.status,
  body: { ...res.body, error: { ...res.body.error, requestId: undefined } },
  type: res.headers['content-type'],
  headers: Object.keys(res.headers)
    .filter((h) => !['date', 'x-request-id'].includes(h))
    .sort(),
});

/**
 * Binding an account as one's own shows its whole bill history, so it needs proof that the caller
 * is its holder (the holder's name, or the last six digits of the holder's ID number), and the
 * guesses are counted per account and per resident.
 */
describe('POST /api/accounts: proof of holdership', () => {
  let t: TestApp;
  let clock: Clock;
  beforeAll(async () => {
    ({ t, clock } = await createBillingTestApp());
  });
  afterAll(() => t.close());

  const bind = (token: string, body: object) => t.http.post('/api/accounts').set(bearer(token)).send(body);

  it("binds 张建明's power account with his name, and his water account with the last six digits of his ID", async () => {
    const token = await t.residentToken();
    const power = await bind(token, { utility: 'power', accountNo: '1000000001', holderName: ' 张建明 ' }).expect(201);
    expect(AccountSummary.parse(power.body)).toMatchObject({ accountNo: '1000000001', relation: 'bound' });
    const water = await bind(token, { utility: 'water', accountNo: '2000000001', holderIdLast6: '011234' }).expect(201);
    expect(water.body.relation).toBe('bound');
  });

  it('refuses a bind without a proof with a Chinese message that names both ways', async () => {
    const token = await t.residentToken();
    const res = await bind(token, { utility: 'power', accountNo: '1000000001' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.error.details)).toMatch(/户主姓名.*身份证号后六位/);
    const short = await bind(token, { utility: 'power', accountNo: '1000000001', holderIdLast6: '1234' }).expect(400);
    expect(JSON.stringify(short.body.error.details)).toMatch(/后六位/);
  });

  it('answers a wrong proof exactly as an account number that does not exist', async () => {
    const token = await t.residentToken();
    const wrongName = await bind(token, { utility: 'power', accountNo: '1000000002', holderName: '张建明' });
    const wrongId = await bind(token, { utility: 'power', accountNo: '1000000002', holderIdLast6: '011234' });
    const unknown = await bind(token, { utility: 'power', accountNo: '1000009999', holderName: '张建明' });
    const otherUtility = await bind(token, { utility: 'gas', accountNo: '1000000002', holderName: '王淑芬' });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.error.code).toBe('ACCOUNT_NOT_MATCHED');
    expect(wrongName.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    for (const res of [wrongId, unknown, otherUtility]) expect(shapeOf(res)).toEqual(shapeOf(wrongName));
  });

  it('gives 15 binds of consecutive account numbers with a guessed name no holder and no district, and a 429', async () => {
    const attacker = await t.residentToken();
    const answers = [];
    for (let n = 1; n <= 15; n += 1) {
      const accountNo = `10000000${String(n).padStart(2, '0')}`;
      answers.push(await bind(attacker, { utility: 'power', accountNo, holderName: '王伟' }));
    }
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(429);
    // once refused, refused until the hour is over
    expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
    for (const res of answers) {
      expect(res.body).not.toHaveProperty('holderName');
      expect(JSON.stringify(res.body)).not.toMatch(/区|\*/);
      expect([400, 429]).toContain(res.status);
    }
    // the numbers that exist (1000000001..05) and those that do not got the very same answer
    const refusals = answers.filter((a) => a.status === 400).map(shapeOf);
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1);
    const limited = answers.find((a) => a.status === 429);
    expect(limited?.body.error.code).toBe('RATE_LIMITED');
    expect(limited?.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(limited?.headers['retry-after']).toBeDefined();
  });

  it('stops guessing one account after five wrong proofs from any residents, an unknown number alike', async () => {
    // water 2000000003 is 赵德华's; 2000000077 does not exist
    for (const accountNo of ['2000000003', '2000000077']) {
      for (const guess of ['赵德一', '赵德二', '赵德三', '赵德四', '赵德五']) {
        const guesser = await t.residentToken();
        await bind(guesser, { utility: 'water', accountNo, holderName: guess }).expect(400);
      }
      const next = await t.residentToken();
      const res = await bind(next, { utility: 'water', accountNo, holderName: '赵德华' }).expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
    }
    clock.advance(HOUR);
    try {
      const holder = await t.residentToken();
      await bind(holder, { utility: 'water', accountNo: '2000000003', holderName: '赵德华' }).expect(201);
    } finally {
      clock.advance(-HOUR);
    }
  });

  it('counts wrong proofs sent all at once from many residents: five are checked, the rest refused', async () => {
    const guessers = await Promise.all(Array.from({ length: 12 }, () => t.residentToken()));
    const answers = await Promise.all(
      guessers.map((token, i) =>
        bind(token, { utility: 'water', accountNo: '2000000004', holderName: `孙丽${'一二三四五六七八九十百千'[i]}` }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('does not refuse a household binding the same account again and again, and still counts the wrong proofs', async () => {
    // telecom 4000000002 is 吴晓燕's (no other test here guesses at it)
    for (let i = 0; i < 8; i += 1) {
      await bind(await t.residentToken(), { utility: 'telecom', accountNo: '4000000002', holderName: '吴晓燕' }).expect(
        201,
      );
    }
    for (let i = 0; i < 5; i += 1) {
      await bind(await t.residentToken(), { utility: 'telecom', accountNo: '4000000002', holderName: '吴晓' }).expect(
        400,
      );
    }
    await bind(await t.residentToken(), { utility: 'telecom', accountNo: '4000000002', holderName: '吴晓' }).expect(
      429,
    );
  });
});

describe('POST /api/accounts: binds per resident', () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await createBillingTestApp({ env: { BIND_PER_RESIDENT_PER_HOUR: '3' } }));
  });
  afterAll(() => t.close());

  it('limits the binds of one resident in an hour, right proofs too, and not the binds of another', async () => {
    const token = await t.residentToken();
    const body = { utility: 'power', accountNo: '1000000001', holderName: '张建明' };
    for (let i = 0; i < 3; i += 1) await t.http.post('/api/accounts').set(bearer(token)).send(body).expect(201);
    const res = await t.http.post('/api/accounts').set(bearer(token)).send(body).expect(429);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    await t.http
      .post('/api/accounts')
      .set(bearer(await t.residentToken()))
      .send(body)
      .expect(201);
  });
});
