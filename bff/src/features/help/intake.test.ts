import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpTestApp } from './test-helpers';

type T = Awaited<ReturnType<typeof helpTestApp>>;

// What one tap may claim, tried as an attacker would, through the HTTP API: a refused tap sent
// again must stay refused (issue 13.5), and a context naming someone else's account, bill or
// payment must not reach the workbench or decide the routing (issue 13.7).

const key = (n: number) => `attack-key-${String(n).padStart(8, '0')}`;

describe('POST /api/help: the creation limit', () => {
  let t: T;
  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_CREATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  it('refuses a refused tap again when it is sent again with the same client key, however often', async () => {
    const token = await t.resident('limit-replay');
    const as = t.bearer(token);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(1) })
      .expect(201);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(2) })
      .expect(201);
    const refused = await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(3) })
      .expect(429);
    expect(refused.body.error.code).toBe('HELP_RATE_LIMITED');
    for (let i = 0; i < 4; i++) {
      const again = await t.http
        .post('/api/help')
        .set(as)
        .send({ clientKey: key(3) });
      expect(again.status).toBe(429);
      expect(again.body.error.code).toBe('HELP_RATE_LIMITED');
    }
    const list = await t.http.get('/api/help').set(as).expect(200);
    expect(list.body.items).toHaveLength(2);
    // nor any claim to publish a request that was never made (a refused tap gives it back)
    const made = new Set((list.body.items as Array<{ id: string }>).map((h) => h.id));
    const claims = await t.models.Once.find({ _id: /^help:[0-9a-f]{24}:-1$/, pending: true }, { _id: 1 }).lean();
    const own = claims.map((c) => String(c._id).split(':')[1] ?? '');
    expect(own.filter((id) => !made.has(id))).toEqual([]);
  });

  it('answers a retry of a tap that made a request with that request, even when the limit is reached', async () => {
    const token = await t.resident('limit-retry');
    const as = t.bearer(token);
    const first = await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(11) })
      .expect(201);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(12) })
      .expect(201);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(13) })
      .expect(429);
    const retry = await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(11) })
      .expect(201);
    expect(retry.body.help.id).toBe(first.body.help.id);
    const list = await t.http.get('/api/help').set(as).expect(200);
    expect(list.body.items).toHaveLength(2);
  });

  it('counts copies of one tap arriving together once, and refuses every copy of a refused one', async () => {
    const token = await t.resident('limit-together');
    const as = t.bearer(token);
    const together = (clientKey: string) =>
      Promise.all(Array.from({ length: 5 }, () => t.http.post('/api/help').set(as).send({ clientKey })));
    const first = await together(key(31));
    expect(first.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(first.map((r) => String(r.body.help.id))).size).toBe(1);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(32) })
      .expect(201);
    const refused = await together(key(33));
    expect(refused.map((r) => r.status)).toEqual([429, 429, 429, 429, 429]);
    const list = await t.http.get('/api/help').set(as).expect(200);
    expect(list.body.items).toHaveLength(2);
  });

  it('lets the refused tap through once the minute has passed', async () => {
    const token = await t.resident('limit-later');
    const as = t.bearer(token);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(21) })
      .expect(201);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(22) })
      .expect(201);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(23) })
      .expect(429);
    t.clock.advance(61_000);
    await t.http
      .post('/api/help')
      .set(as)
      .send({ clientKey: key(23) })
      .expect(201);
  });
});

describe('POST /api/help: context ids that are not the resident’s own', () => {
  let t: T;
  let token: string;
  let own: { bound: string; family: string; bill: string; payment: string };
  let foreign: { account: string; bill: string; payment: string; familyOfOther: string };
  let manager: Awaited<ReturnType<T['agent']>>;

  async function userIdOf(tok: string): Promise<Types.ObjectId> {
    const me = await t.http.get('/api/me').set(t.bearer(tok)).expect(200);
    return new Types.ObjectId(String(me.body.id));
  }
  async function bill(accountId: string, period: string) {
    const b = await t.models.Bill.create({
      accountId: new Types.ObjectId(accountId),
      utility: 'power',
      period,
      amountFen: 12_050,
      dueDate: '2026-02-15',
    });
    return String(b._id);
  }
  async function payment(userId: Types.ObjectId, accountId: string, billId: string) {
    const p = await t.models.Payment.create({
      userId,
      idempotencyKey: `pay-${new Types.ObjectId().toHexString()}`,
      requestHash: 'x',
      provider: 'sandbox',
      amountFen: 12_050,
      outTradeNo: `T${new Types.ObjectId().toHexString()}`,
      accountId: new Types.ObjectId(accountId),
      utility: 'power',
      accountNo: '1000000001',
      holderName: '张*明',
      bills: [{ billId: new Types.ObjectId(billId), period: '2026-01', amountFen: 12_050 }],
      payerOpenid: 'openid-x',
      openedAt: t.clock.now(),
    });
    return String(p._id);
  }

  beforeAll(async () => {
    t = await helpTestApp({ env: { HELP_CREATE_LIMIT_PER_MINUTE: '100' } });
    manager = await t.agent('grid-manager', { grids: ['grid-east', 'grid-west', 'grid-north'] });
    token = await t.resident('context-owner');
    const stranger = await t.resident('context-stranger');
    const me = await userIdOf(token);
    const other = await userIdOf(stranger);

    const bound = await t.account('grid-east', '东城区', '1000000101');
    const family = await t.account('grid-west', '西城区', '1000000102');
    const strangers = await t.account('grid-north', '朝阳区', '1000000103');
    const strangersFamily = await t.account('grid-north', '朝阳区', '1000000104');
    await t.models.AccountBinding.create({ userId: me, accountId: new Types.ObjectId(bound) });
    await t.models.FamilyLink.create({ userId: me, accountId: new Types.ObjectId(family), alias: '妈妈家' });
    await t.models.AccountBinding.create({ userId: other, accountId: new Types.ObjectId(strangers) });
    await t.models.FamilyLink.create({ userId: other, accountId: new Types.ObjectId(strangersFamily), alias: '爸爸' });
    const ownBill = await bill(bound, '2026-01');
    const familyBill = await bill(family, '2026-01');
    const strangersBill = await bill(strangers, '2026-01');
    own = {
      bound,
      family,
      bill: familyBill,
      payment: await payment(me, bound, ownBill),
    };
    foreign = {
      account: strangers,
      bill: strangersBill,
      payment: await payment(other, strangers, strangersBill),
      familyOfOther: strangersFamily,
    };
  });
  afterAll(() => t.close());

  async function tap(context: Record<string, string>) {
    const res = await t.http.post('/api/help').set(t.bearer(token)).send({ context }).expect(201);
    const id = String(res.body.help.id);
    const stored = await t.models.HelpRequest.findById(id).lean();
    const detail = await t.http.get(`/api/agent/help/${id}`).set(t.bearer(manager.token)).expect(200);
    return { id, stored, detail: detail.body };
  }

  it.each([
    ['an account of another resident', 'accountId', () => foreign.account],
    ['an account in another resident’s family links', 'accountId', () => foreign.familyOfOther],
    ['an account nobody has bound', 'accountId', () => new Types.ObjectId().toHexString()],
    ['a bill of another resident’s account', 'billId', () => foreign.bill],
    ['a payment of another resident', 'paymentId', () => foreign.payment],
  ] as const)('drops %s (the request is still made, in the pool)', async (_what, field, id) => {
    const { stored, detail } = await tap({ page: '/pages/index/index', [field]: id() });
    expect(stored?.context?.[field]).toBeNull();
    expect(stored?.context?.page).toBe('/pages/index/index');
    expect(stored).toMatchObject({ gridId: null, district: null, offeredTo: 'pool' });
    expect(detail.account).toBeNull();
    expect(detail.context[field]).toBeUndefined();
    expect(JSON.stringify(detail)).not.toContain('朝阳区');
  });

  it('keeps the resident’s own account, family account, bill and payment, and routes to their grid', async () => {
    const bound = await tap({ accountId: own.bound });
    expect(bound.stored?.context?.accountId).toBe(own.bound);
    expect(bound.stored).toMatchObject({ gridId: 'grid-east', district: '东城区' });
    expect(bound.detail.account).toMatchObject({ district: '东城区' });

    const family = await tap({ accountId: own.family });
    expect(family.stored?.context?.accountId).toBe(own.family);
    expect(family.stored).toMatchObject({ gridId: 'grid-west', district: '西城区' });

    const bill = await tap({ billId: own.bill });
    expect(bill.stored?.context?.billId).toBe(own.bill);

    const payment = await tap({ paymentId: own.payment });
    expect(payment.stored?.context?.paymentId).toBe(own.payment);
  });

  it('drops only the foreign part of a mixed context', async () => {
    const { stored } = await tap({ accountId: own.bound, billId: foreign.bill, paymentId: foreign.payment });
    expect(stored?.context).toMatchObject({ accountId: own.bound, billId: null, paymentId: null });
    expect(stored?.gridId).toBe('grid-east');
  });

  it('does not route by another resident’s account named beside her own bill', async () => {
    const { stored, detail } = await tap({ accountId: foreign.account, billId: own.bill });
    // the bill's own account (her family account) stands in for the foreign one
    expect(stored?.context).toMatchObject({ accountId: own.family, billId: own.bill });
    expect(stored).toMatchObject({ gridId: 'grid-west', district: '西城区' });
    expect(JSON.stringify(detail)).not.toContain('朝阳区');
  });
});
