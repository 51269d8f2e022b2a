import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationList, SubscribeResult, SubscribeTemplates } from '@bianmin/shared';
import { createTestApp, type TestApp } from '../../testing/app';
import { startWechatStandin, type WechatStandin } from '../../testing/wechat-standin';
import { bearer, createBillingTestApp, demoAccount } from '../payments/testing';

const BILL = { thing1: 'title', amount2: 'amount', date3: 'date', thing4: 'body' };
const TEMPLATES = {
  billDue: { id: 'TPL_BILL', data: BILL },
  overdue: { id: 'TPL_BILL', data: BILL },
  familyDue: { id: 'TPL_BILL', data: BILL },
  lowBalance: { id: 'TPL_BALANCE', data: { thing1: 'title', thing2: 'body', phrase3: 'status' } },
  helpAnswered: 'TPL_HELP',
};
const APP_ID = 'wx0123456789abcdef';
const SECRET = 'app-secret-of-the-test';

describe('WeChat subscription messages, against a local stand-in of WeChat', () => {
  let wx: WechatStandin;
  let t: TestApp;
  let clock: Awaited<ReturnType<typeof createBillingTestApp>>['clock'];
  let env: Record<string, string>;

  beforeAll(async () => {
    wx = await startWechatStandin({
      appId: APP_ID,
      appSecret: SECRET,
      templates: {
        TPL_BILL: ['thing1', 'amount2', 'date3', 'thing4'],
        TPL_BALANCE: ['thing1', 'thing2', 'phrase3'],
        TPL_HELP: ['thing1', 'thing2', 'time3'],
      },
    });
    env = {
      WECHAT_APPID: APP_ID,
      WECHAT_APP_SECRET: SECRET,
      WECHAT_API_BASE: wx.url,
      WECHAT_SUBSCRIBE_TEMPLATES_JSON: JSON.stringify(TEMPLATES),
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_BACKOFF_SECONDS: '10',
    };
    ({ t, clock } = await createBillingTestApp({ env }));
  });
  afterAll(async () => {
    await t.close();
    await wx.close();
  });

  /** A resident (openid `dev:<name>`) holding the demo power account: one bill overdue, balance low. */
  async function resident(name: string, accepted: string[] = []) {
    const token = await t.residentToken(name);
    const { holderName } = await demoAccount(t, 'power', '1000000001');
    const bound = await t.http
      .post('/api/accounts')
      .set(bearer(token))
      .send({ utility: 'power', accountNo: '1000000001', holderName })
      .expect(201);
    if (accepted.length > 0)
      await t.http.post('/api/notifications/subscriptions').set(bearer(token)).send({ accepted }).expect(200);
    const me = await t.http.get('/api/me').set(bearer(token)).expect(200);
    return { token, userId: (me.body as { id: string }).id, accountId: (bound.body as { id: string }).id };
  }
  const sentTo = (name: string) => wx.sent.filter((m) => m.body.touser === `dev:${name}`);
  const mine = (userId: string) => t.models.Notification.find({ userId }).lean();

  it('sends the reminder she accepted with the cached token, and keeps the other one in the app', async () => {
    const amy = await resident('amy', ['TPL_BILL']);
    await t.services.family.notifyDueReminders();
    expect(await t.services.notifications.delivery.deliverDue()).toBe(1);

    const [message] = sentTo('amy');
    expect(sentTo('amy')).toHaveLength(1);
    expect(message?.token).toBe(wx.currentToken());
    expect(message?.body).toMatchObject({
      template_id: 'TPL_BILL',
      page: `packages/pay/bills/index?accountId=${amy.accountId}`,
      miniprogram_state: 'formal',
      lang: 'zh_CN',
      data: { thing1: { value: '电费已逾期' }, date3: { value: '2025年12月20日' } },
    });
    const data = message?.body.data as Record<string, { value: string }>;
    expect(data.amount2?.value).toMatch(/^¥\d+\.\d{2}$/);
    expect(Array.from(data.thing4?.value ?? '').length).toBeLessThanOrEqual(20);

    const states = Object.fromEntries((await mine(amy.userId)).map((n) => [n.reason, n.wx]));
    expect(states).toEqual({ overdue: 'sent', lowBalance: 'unsubscribed' });
    const list = NotificationList.parse((await t.http.get('/api/notifications').set(bearer(amy.token))).body);
    expect(list.items.map((n) => n.reason).sort()).toEqual(['lowBalance', 'overdue']);

    // nothing is sent again, and the token served both the runs
    await t.services.family.notifyDueReminders();
    expect(await t.services.notifications.delivery.deliverDue()).toBe(0);
    expect(sentTo('amy')).toHaveLength(1);
    expect(wx.tokenCalls()).toBe(1);
  });

  it('asks for a new token once when WeChat says the token expired (42001), and sends', async () => {
    await resident('bea', ['TPL_BILL']);
    const before = wx.tokenCalls();
    wx.failNextSends(42001);
    await t.services.family.notifyDueReminders();
    await t.services.notifications.delivery.deliverDue();
    expect(sentTo('bea')).toHaveLength(1);
    expect(wx.rejected.at(-1)?.errcode).toBe(42001);
    expect(wx.tokenCalls()).toBe(before + 1);
    expect(sentTo('bea')[0]?.token).toBe(wx.currentToken());
  });

  it('stops at 43101 (she turned them off): no retry, and her other acceptances no longer count', async () => {
    const cai = await resident('cai', ['TPL_BILL']);
    await t.http
      .post('/api/notifications/subscriptions')
      .set(bearer(cai.token))
      .send({ accepted: ['TPL_BILL'] })
      .expect(200);
    wx.refuse('dev:cai');
    await t.services.family.notifyDueReminders();
    await t.services.notifications.delivery.deliverDue();
    const overdue = (await mine(cai.userId)).find((n) => n.reason === 'overdue');
    expect(overdue).toMatchObject({ wx: 'refused', wxAttempts: 1 });
    expect(await t.models.SubscribeCredit.find({ userId: cai.userId, usedFor: null }).lean()).toEqual([]);
    const refusals = wx.rejected.filter((r) => r.errcode === 43101).length;
    await t.services.notifications.delivery.deliverDue();
    expect(wx.rejected.filter((r) => r.errcode === 43101)).toHaveLength(refusals);
  });

  it('tries a failing WeChat again after a doubling wait and gives up after the attempt limit', async () => {
    const dan = await resident('dan', ['TPL_BILL']);
    wx.failNextSends(-1, -1, -1); // 系统繁忙
    await t.services.family.notifyDueReminders();
    const overdue = async () => (await mine(dan.userId)).find((n) => n.reason === 'overdue');
    await t.services.notifications.delivery.deliverDue();
    expect(await overdue()).toMatchObject({ wx: 'pending', wxAttempts: 1, wxError: 'errcode -1: forced -1' });
    const failures = wx.rejected.length;
    await t.services.notifications.delivery.deliverDue(); // not yet due
    expect(wx.rejected).toHaveLength(failures);
    clock.advance(10_000);
    await t.services.notifications.delivery.deliverDue();
    expect(await overdue()).toMatchObject({ wx: 'pending', wxAttempts: 2 });
    clock.advance(10_000); // the second wait is 20 s
    await t.services.notifications.delivery.deliverDue();
    expect((await overdue())?.wxAttempts).toBe(2);
    clock.advance(10_000);
    await t.services.notifications.delivery.deliverDue();
    expect(await overdue()).toMatchObject({ wx: 'failed', wxAttempts: 3 });
    expect(sentTo('dan')).toHaveLength(0);
    // the acceptance never reached WeChat: it is hers again
    expect(await t.models.SubscribeCredit.find({ userId: dan.userId, usedFor: null }).lean()).toHaveLength(1);
  });

  it('never sends again an attempt whose sender stopped half-way: it gives the message up', async () => {
    const gus = await resident('gus', ['TPL_BILL']);
    await t.services.family.notifyDueReminders();
    const overdue = (await mine(gus.userId)).find((n) => n.reason === 'overdue');
    // another instance claimed the first attempt and died before saying how it went
    await t.models.Once.create({ _id: `wx:${overdue?._id}:0`, at: clock.now() });
    await t.services.notifications.delivery.deliverDue();
    expect((await t.models.Notification.findById(overdue?._id).lean())?.wx).toBe('pending'); // it may be under way
    clock.advance(10 * 5000 + 1000); // ten call timeouts: that sender is gone
    await t.services.notifications.delivery.deliverDue();
    expect((await t.models.Notification.findById(overdue?._id).lean())?.wx).toBe('failed');
    expect(sentTo('gus').filter((m) => m.body.template_id === 'TPL_BILL')).toHaveLength(0);
  });

  it('sends each message exactly once when three instances write and deliver at the same time', async () => {
    const names = ['eve1', 'eve2', 'eve3', 'eve4'];
    const people = [];
    for (const name of names) people.push(await resident(name, ['TPL_BILL', 'TPL_BALANCE']));
    const others = await Promise.all([1, 2].map(() => createTestApp({ env, clock, dbName: t.config.db.name })));
    try {
      const all = [t, ...others];
      await Promise.all(all.map((a) => a.services.family.notifyDueReminders()));
      for (let round = 0; round < 2; round++)
        await Promise.all(all.map((a) => a.services.notifications.delivery.deliverDue()));
      for (const [i, name] of names.entries()) {
        const got = sentTo(name);
        expect(got.map((m) => m.body.template_id).sort()).toEqual(['TPL_BALANCE', 'TPL_BILL']);
        expect((await mine(people[i]?.userId ?? '')).map((n) => n.wx).sort()).toEqual(['sent', 'sent']);
      }
    } finally {
      await Promise.all(others.map((o) => o.close({ keepDatabase: true })));
    }
  });

  it('lists the configured templates and keeps acceptances of those only', async () => {
    const token = await t.residentToken('fay');
    const templates = SubscribeTemplates.parse(
      (await t.http.get('/api/notifications/templates').set(bearer(token)).expect(200)).body,
    ).templates;
    expect(templates).toContainEqual({ reason: 'helpAnswered', templateId: 'TPL_HELP' });
    expect(templates).toContainEqual({ reason: 'overdue', templateId: 'TPL_BILL' });
    const res = await t.http
      .post('/api/notifications/subscriptions')
      .set(bearer(token))
      .send({ accepted: ['TPL_HELP', 'SOMEONE_ELSES'] })
      .expect(200);
    expect(SubscribeResult.parse(res.body).credits).toEqual([{ templateId: 'TPL_HELP', count: 1 }]);
  });
});

describe('the in-app messages (消息)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function who(name: string) {
    const token = await t.residentToken(name);
    const me = await t.http.get('/api/me').set(bearer(token)).expect(200);
    return { token, userId: (me.body as { id: string }).id };
  }
  const tell = (userId: string, subject: string) =>
    t.services.notifications.notify({
      userId,
      reason: 'helpAnswered',
      subject,
      title: '客服回复了您的求助',
      body: '客服：您好',
      page: null,
    });
  const list = async (token: string) =>
    NotificationList.parse((await t.http.get('/api/notifications').set(bearer(token)).expect(200)).body);

  it('shows a resident her own messages only, and lets her mark only her own read', async () => {
    const ann = await who('ann');
    const ben = await who('ben');
    expect(await tell(ann.userId, 'h1')).toBe(true);
    expect(await tell(ann.userId, 'h1')).toBe(false); // once per subject
    await tell(ann.userId, 'h2');
    await tell(ben.userId, 'h1');
    const anns = await list(ann.token);
    const bens = await list(ben.token);
    expect(anns).toMatchObject({ unread: 2 });
    expect(anns.items).toHaveLength(2);
    expect(bens.items).toHaveLength(1);
    expect(anns.items.map((n) => n.id)).not.toContain(bens.items[0]?.id);
    expect(anns.items[0]?.whenText).toMatch(/^\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);

    // Ann marking Ben's message read changes nothing of his
    const res = await t.http
      .post('/api/notifications/read')
      .set(bearer(ann.token))
      .send({ ids: [bens.items[0]?.id] })
      .expect(200);
    expect(res.body).toEqual({ unread: 2 });
    expect((await list(ben.token)).unread).toBe(1);

    await t.http
      .post('/api/notifications/read')
      .set(bearer(ann.token))
      .send({ ids: [anns.items[0]?.id] })
      .expect(200);
    expect((await t.http.get('/api/notifications/unread').set(bearer(ann.token)).expect(200)).body).toEqual({
      unread: 1,
    });
    await t.http.post('/api/notifications/read').set(bearer(ann.token)).send({}).expect(200);
    expect((await list(ann.token)).items.every((n) => n.read)).toBe(true);
    expect((await list(ben.token)).unread).toBe(1);
  });

  it('keeps messages in the app only when no template is configured', async () => {
    const cat = await who('cat');
    await tell(cat.userId, 'h1');
    expect((await t.models.Notification.findOne({ userId: cat.userId }).lean())?.wx).toBe('none');
    expect(t.services.notifications.jobs().map((j) => j.name)).toEqual(['notification-sweep']);
    const templates = await t.http.get('/api/notifications/templates').set(bearer(cat.token)).expect(200);
    expect(templates.body).toEqual({ templates: [] });
  });

  it('forgets messages and used acceptances after the retention, keeping newer ones and unused acceptances', async () => {
    const eli = await who('eli');
    await tell(eli.userId, 'old');
    await tell(eli.userId, 'new');
    const longAgo = new Date(Date.now() - 181 * 86_400_000);
    const [old] = (await list(eli.token)).items;
    await t.models.Notification.updateOne({ _id: old?.id }, { $set: { createdAt: longAgo } });
    await t.models.SubscribeCredit.create([
      { _id: 'used-long-ago', userId: eli.userId, templateId: 'T', at: longAgo, usedFor: old?.id },
      { _id: 'unused-long-ago', userId: eli.userId, templateId: 'T', at: longAgo },
    ]);
    expect(await t.services.notifications.service.sweep()).toBe(2);
    expect((await list(eli.token)).items.map((n) => n.id)).not.toContain(old?.id);
    expect((await list(eli.token)).items).toHaveLength(1);
    expect((await t.models.SubscribeCredit.find({ userId: eli.userId }).lean()).map((c) => c._id)).toEqual([
      'unused-long-ago',
    ]);
  });

  it('refuses a list without a resident and a read of a malformed id', async () => {
    await t.http.get('/api/notifications').expect(401);
    const { token } = await who('dee');
    const res = await t.http
      .post('/api/notifications/read')
      .set(bearer(token))
      .send({ ids: ['x'] })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});
