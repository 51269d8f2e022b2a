import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../lib/clock';
import { encryptResource } from '../../lib/wechatpay/crypto';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp, newKey, pendingPaymentOf, residentWithAccount, unpaidBills } from './testing';

// A local stand-in for WeChat Pay's API v3: it checks the merchant's request signatures with the
// merchant's public key and signs its answers and notifications with a "WeChat Pay public key",
// all with node:crypto written out here, apart from the code under test. As WeChat Pay does, it
// signs an answer with the public key only when the request names that key's id in
// `Wechatpay-Serial`; otherwise with a platform certificate's key (which this merchant never
// downloaded, being on the public-key scheme).
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = pair();
const platform = pair();
const certificate = pair();
const CERT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F7D6BE';
const MCHID = '1230000109';
const APPID = 'wx8888888888888888';
const API_V3_KEY = 'Zt9Qk3Lm7Pw2Xy5Vb8Nc4Rd6Hf1Js0Ga';
const PUB_KEY_ID = 'PUB_KEY_ID_0112300001092026011200000000';
const MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD2C9C7B1E';

interface Order {
  body: Record<string, unknown>;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED';
  transactionId: string;
}

function startStandIn(clock: { now(): Date }) {
  const orders = new Map<string, Order>();
  const requests: Array<{
    method: string;
    url: string;
    verified: boolean;
    auth: Record<string, string>;
    serial: string | undefined;
  }> = [];
  let unreachable = false;
  let breakSignatures = false;
  const server = http.createServer((req, res) => {
    if (unreachable) {
      req.socket.destroy();
      return;
    }
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const header = req.headers.authorization ?? '';
      const auth = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      const message = `${req.method}\n${req.url}\n${auth.timestamp}\n${auth.nonce_str}\n${raw}\n`;
      const verified =
        header.startsWith('WECHATPAY2-SHA256-RSA2048 ') &&
        auth.mchid === MCHID &&
        auth.serial_no === MERCHANT_SERIAL &&
        createVerify('RSA-SHA256')
          .update(message)
          .verify(merchant.publicKey, auth.signature ?? '', 'base64');
      const serial = req.headers['wechatpay-serial'] as string | undefined;
      requests.push({ method: req.method ?? '', url: req.url ?? '', verified, auth, serial });
      const publicKeyScheme = serial === PUB_KEY_ID;
      const answer = (status: number, body: object | null) => {
        const text = body ? JSON.stringify(body) : '';
        const timestamp = String(Math.floor(clock.now().getTime() / 1000));
        const nonce = 'standin-nonce';
        const key = breakSignatures ? merchant : publicKeyScheme ? platform : certificate;
        const signature = createSign('RSA-SHA256')
          .update(`${timestamp}\n${nonce}\n${text}\n`)
          .sign(key.privateKey, 'base64');
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'Wechatpay-Timestamp': timestamp,
          'Wechatpay-Nonce': nonce,
          'Wechatpay-Serial': publicKeyScheme ? PUB_KEY_ID : CERT_SERIAL,
          'Wechatpay-Signature': signature,
        });
        res.end(text);
      };
      if (!verified) {
        answer(401, { code: 'SIGN_ERROR', message: '签名错误' });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/jsapi') {
        const body = JSON.parse(raw) as Record<string, unknown>;
        const no = String(body.out_trade_no);
        orders.set(no, { body, state: 'NOTPAY', transactionId: `42000${Date.now()}`.padEnd(28, '7') });
        answer(200, { prepay_id: `wx${no}` });
        return;
      }
      const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && query) {
        const order = orders.get(decodeURIComponent(query[1] ?? ''));
        if (!order || url.searchParams.get('mchid') !== MCHID) {
          answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
          return;
        }
        answer(200, transaction(order));
        return;
      }
      const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname);
      if (req.method === 'POST' && close) {
        const order = orders.get(decodeURIComponent(close[1] ?? ''));
        if (!order) {
          answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
          return;
        }
        if (order.state === 'NOTPAY') order.state = 'CLOSED';
        answer(204, null);
        return;
      }
      answer(404, { code: 'NOT_FOUND', message: 'no such API' });
    });
  });
  function transaction(order: Order, appid = APPID) {
    const amount = order.body.amount as { total: number };
    return {
      appid,
      mchid: MCHID,
      out_trade_no: order.body.out_trade_no,
      transaction_id: order.transactionId,
      trade_type: 'JSAPI',
      trade_state: order.state,
      trade_state_desc: order.state,
      success_time: '2026-01-12T10:05:00+08:00',
      payer: { openid: (order.body.payer as { openid: string }).openid },
      amount: { total: amount.total, payer_total: amount.total, currency: 'CNY' },
    };
  }
  return {
    server,
    orders,
    requests,
    breakSignatures: (on: boolean) => {
      breakSignatures = on;
    },
    /** Drops every connection (WeChat Pay unreachable) while on. */
    unreachable: (on: boolean) => {
      unreachable = on;
    },
    /**
     * The notification WeChat Pay would send for a paid order, signed and encrypted; `appid`
     * makes one of another app's transaction, correctly signed all the same.
     */
    notificationFor(outTradeNo: string, appid = APPID) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error('no order');
      if (appid === APPID) order.state = 'SUCCESS';
      const body = JSON.stringify({
        id: 'EV-1',
        create_time: '2026-01-12T10:05:00+08:00',
        resource_type: 'encrypt-resource',
        event_type: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        resource: encryptResource(
          JSON.stringify({ ...transaction(order, appid), trade_state: 'SUCCESS' }),
          API_V3_KEY,
          {
            associatedData: 'transaction',
            nonce: 'abcdef123456',
          },
        ),
      });
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      return {
        body,
        headers: {
          'Wechatpay-Timestamp': timestamp,
          'Wechatpay-Nonce': 'n1',
          'Wechatpay-Serial': PUB_KEY_ID,
          'Wechatpay-Signature': createSign('RSA-SHA256')
            .update(`${timestamp}\nn1\n${body}\n`)
            .sign(platform.privateKey, 'base64'),
        },
      };
    },
  };
}

describe('the WeChat Pay provider against a stand-in of its API', () => {
  let t: TestApp;
  let standIn: ReturnType<typeof startStandIn>;
  let dir: string;
  const clock = createManualClock('2026-01-12T02:00:00.000Z');

  beforeAll(async () => {
    standIn = startStandIn(clock);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    const port = (standIn.server.address() as AddressInfo).port;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxpay-'));
    fs.writeFileSync(path.join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    fs.writeFileSync(path.join(dir, 'pub_key.pem'), platform.publicKey.export({ type: 'spki', format: 'pem' }));
    ({ t } = await createBillingTestApp({
      clock,
      env: {
        PAY_SANDBOX: 'off',
        WECHATPAY_MCHID: MCHID,
        WECHATPAY_APPID: APPID,
        WECHATPAY_MERCHANT_SERIAL: MERCHANT_SERIAL,
        WECHATPAY_PRIVATE_KEY_FILE: path.join(dir, 'apiclient_key.pem'),
        WECHATPAY_API_V3_KEY: API_V3_KEY,
        WECHATPAY_PUBLIC_KEY_ID: PUB_KEY_ID,
        WECHATPAY_PUBLIC_KEY_FILE: path.join(dir, 'pub_key.pem'),
        WECHATPAY_API_BASE: `http://127.0.0.1:${port}`,
        WECHATPAY_NOTIFY_URL: 'https://bianmin.example.cn/api/pay/notify/wechat',
      },
    }));
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => standIn.server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a signed JSAPI prepay order and answers requestPayment parameters with a valid paySign', async () => {
    const { token } = await residentWithAccount(t, 'power', '1000000003');
    const [bill] = await unpaidBills(t, 'power', '1000000001');
    await t.http
      .post('/api/accounts')
      .set(bearer(token))
      .send({ utility: 'power', accountNo: '1000000001', holderName: '张建明' });
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [String(bill?._id)], idempotencyKey: newKey() })
      .expect(201);
    const { payment, payParams } = res.body;
    expect(payment.provider).toBe('wechat');
    const prepay = standIn.requests.find((r) => r.url === '/v3/pay/transactions/jsapi');
    expect(prepay?.verified).toBe(true);
    const order = standIn.orders.get(payment.outTradeNo as string);
    expect(order?.body).toMatchObject({
      appid: APPID,
      mchid: MCHID,
      out_trade_no: payment.outTradeNo,
      notify_url: 'https://bianmin.example.cn/api/pay/notify/wechat',
      amount: { total: bill?.amountFen, currency: 'CNY' },
    });
    expect((order?.body.payer as { openid: string }).openid).toMatch(/^dev:/);
    expect(payParams).toMatchObject({ kind: 'wechat', signType: 'RSA', package: `prepay_id=wx${payment.outTradeNo}` });
    const signed = `${APPID}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`;
    expect(createVerify('RSA-SHA256').update(signed).verify(merchant.publicKey, payParams.paySign, 'base64')).toBe(
      true,
    );

    // WeChat Pay's notification, signed under its public key id, completes the payment
    const n = standIn.notificationFor(payment.outTradeNo as string);
    await t.http
      .post('/api/pay/notify/wechat')
      .set(n.headers)
      .set('Content-Type', 'application/json')
      .send(n.body)
      .expect(204);
    const paid = await t.http.get(`/api/payments/${payment.id}`).set(bearer(token)).expect(200);
    expect(paid.body.status).toBe('paid');
    expect(paid.body.transactionId).toBe(order?.transactionId);
    // the sandbox is off with a merchant configured
    await t.http.post(`/api/payments/${payment.id}/sandbox-confirm`).set(bearer(token)).expect(404);
  });

  it('closes an order left unpaid past its time, and frees the bill', async () => {
    const { token } = await residentWithAccount(t, 'gas', '3000000002');
    const [bill] = await unpaidBills(t, 'gas', '3000000002');
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: [String(bill?._id)], idempotencyKey: newKey() })
      .expect(201);
    expect(await t.services.payments.sweepPending()).toBe(0);
    clock.advance(16 * 60_000);
    expect(await t.services.payments.sweepPending()).toBe(1);
    clock.advance(-16 * 60_000);
    const closeCall = standIn.requests.find((r) => r.url.endsWith(`${res.body.payment.outTradeNo}/close`));
    expect(closeCall?.verified).toBe(true);
    expect(standIn.orders.get(res.body.payment.outTradeNo as string)?.state).toBe('CLOSED');
    expect((await t.models.Payment.findById(res.body.payment.id).lean())?.status).toBe('closed');
    expect(await t.models.BillClaim.countDocuments({ billId: bill?._id })).toBe(0);
  });

  it('settles a payment by order query when the notification never came', async () => {
    const { token } = await residentWithAccount(t, 'water', '2000000003');
    const bills = await unpaidBills(t, 'water', '2000000003');
    const res = await t.http
      .post('/api/payments')
      .set(bearer(token))
      .send({ billIds: bills.map((b) => String(b._id)), idempotencyKey: newKey() })
      .expect(201);
    standIn.notificationFor(res.body.payment.outTradeNo as string); // paid at WeChat Pay, never delivered
    clock.advance(20_000);
    const after = await t.http.get(`/api/payments/${res.body.payment.id}`).set(bearer(token)).expect(200);
    clock.advance(-20_000);
    expect(after.body.status).toBe('paid');
    const fresh = await t.models.Bill.find({ _id: { $in: bills.map((b) => b._id) } }).lean();
    expect(fresh.map((b) => b.status)).toEqual(['paid', 'paid']);
  });

  it('does not believe an answer whose signature does not verify, and frees the bill', async () => {
    const { token } = await residentWithAccount(t, 'post', '6000000002');
    const [bill] = await unpaidBills(t, 'post', '6000000002');
    standIn.breakSignatures(true);
    try {
      const res = await t.http
        .post('/api/payments')
        .set(bearer(token))
        .send({ billIds: [String(bill?._id)], idempotencyKey: newKey() })
        .expect(502);
      expect(res.body.error.code).toBe('PAY_PROVIDER_FAILED');
    } finally {
      standIn.breakSignatures(false);
    }
    expect(await t.models.BillClaim.countDocuments({ billId: bill?._id })).toBe(0);
  });

  /** A pending WeChat payment of a freshly bound account's unpaid bills. */
  const pendingWechat = (utility: 'power' | 'water' | 'gas' | 'cable' | 'telecom', accountNo: string) =>
    pendingPaymentOf(t, utility, accountNo);

  it('refuses a correctly signed notification of another appid, and pays nothing', async () => {
    const { token, billIds, payment } = await pendingWechat('cable', '5000000003');
    const deliver = (n: ReturnType<typeof standIn.notificationFor>) =>
      t.http.post('/api/pay/notify/wechat').set(n.headers).set('Content-Type', 'application/json').send(n.body);
    const foreign = await deliver(standIn.notificationFor(payment.outTradeNo, 'wx0000000000000001')).expect(400);
    expect(foreign.body).toEqual({ code: 'PARAM_ERROR', message: expect.stringMatching(/appid/) });
    expect((await t.models.Payment.findById(payment.id).lean())?.status).toBe('pending');
    expect(await t.models.PaymentLedger.countDocuments({ paymentId: payment.id })).toBe(0);
    expect((await t.models.Bill.find({ _id: { $in: billIds } }).lean()).map((b) => b.status)).toEqual(
      billIds.map(() => 'unpaid'),
    );
    // the same order's own notification is taken
    await deliver(standIn.notificationFor(payment.outTradeNo)).expect(204);
    expect((await t.http.get(`/api/payments/${payment.id}`).set(bearer(token)).expect(200)).body.status).toBe('paid');
  });

  it('names the WeChat Pay public key id in Wechatpay-Serial on every request, so answers are signed with it', async () => {
    const { token, payment } = await pendingWechat('telecom', '4000000003');
    await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(200);
    // the cancel asked after the order and closed it, each answer believed
    const mine = standIn.requests.filter((r) => r.url.includes(payment.outTradeNo));
    expect(mine.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(standIn.orders.get(payment.outTradeNo)?.state).toBe('CLOSED');
    expect(standIn.requests.length).toBeGreaterThan(mine.length);
    for (const request of standIn.requests) expect(request).toMatchObject({ verified: true, serial: PUB_KEY_ID });
  });

  it('continues an unfinished payment with the same prepay order, paySign made anew', async () => {
    const { token, payment, payParams } = await pendingWechat('gas', '3000000004');
    if (payParams?.kind !== 'wechat') throw new Error('WeChat Pay parameters expected');
    const res = await t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token)).expect(200);
    expect(res.body.payment).toMatchObject({ id: payment.id, outTradeNo: payment.outTradeNo, status: 'pending' });
    expect(res.body.payParams).toMatchObject({ kind: 'wechat', package: payParams.package, signType: 'RSA' });
    const p = res.body.payParams as { timeStamp: string; nonceStr: string; package: string; paySign: string };
    const signed = `${APPID}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
    expect(createVerify('RSA-SHA256').update(signed).verify(merchant.publicKey, p.paySign, 'base64')).toBe(true);
    expect(standIn.orders.get(payment.outTradeNo)?.state).toBe('NOTPAY');
    await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(200);
    expect(standIn.orders.get(payment.outTradeNo)?.state).toBe('CLOSED');
  });

  it('takes nothing over and gives nothing up while WeChat Pay cannot be asked (502, the payment kept)', async () => {
    const { token, billIds, payment } = await pendingWechat('power', '1000000002');
    standIn.unreachable(true);
    try {
      const takeOver = await t.http
        .post('/api/payments')
        .set(bearer(token))
        .send({ billIds, idempotencyKey: newKey() })
        .expect(502);
      expect(takeOver.body.error.code).toBe('PAY_PROVIDER_FAILED');
      const cancel = await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(502);
      expect(cancel.body.error.code).toBe('PAY_PROVIDER_FAILED');
    } finally {
      standIn.unreachable(false);
    }
    expect((await t.models.Payment.findById(payment.id).lean())?.status).toBe('pending');
    const claims = await t.models.BillClaim.find({ billId: { $in: billIds } }).lean();
    expect(claims.map((c) => String(c.paymentId))).toEqual(billIds.map(() => payment.id));
    expect(await t.models.Payment.countDocuments({ 'bills.billId': { $in: billIds } })).toBe(1);
    await t.http.post(`/api/payments/${payment.id}/cancel`).set(bearer(token)).expect(200);
  });

  it('tops up a prepaid account through a JSAPI prepay order, credited once however the success arrives', async () => {
    const { token, accountId } = await residentWithAccount(t, 'power', '1000000005');
    const balance = async () =>
      (
        (await t.http.get('/api/accounts').set(bearer(token)).expect(200)).body.accounts as Array<{
          id: string;
          balanceFen: number;
        }>
      ).find((a) => a.id === accountId)?.balanceFen;
    const before = await balance();
    const res = await t.http
      .post('/api/payments/top-up')
      .set(bearer(token))
      .send({ accountId, amountFen: 5_000, idempotencyKey: newKey() })
      .expect(201);
    const { payment, payParams } = res.body;
    expect(payParams).toMatchObject({ kind: 'wechat', signType: 'RSA', package: `prepay_id=wx${payment.outTradeNo}` });
    expect(standIn.orders.get(payment.outTradeNo as string)?.body).toMatchObject({
      out_trade_no: payment.outTradeNo,
      description: '便民-电费-充值',
      amount: { total: 5_000, currency: 'CNY' },
    });
    // the notification, its replays and the order queries of a payer looking at the payment, together
    const n = standIn.notificationFor(payment.outTradeNo as string);
    const notify = () =>
      t.http.post('/api/pay/notify/wechat').set(n.headers).set('Content-Type', 'application/json').send(n.body);
    clock.advance(20_000);
    try {
      const answers = await Promise.all([
        notify(),
        t.http.get(`/api/payments/${payment.id}`).set(bearer(token)),
        notify(),
        t.http.post(`/api/payments/${payment.id}/resume`).set(bearer(token)),
        notify(),
      ]);
      expect(answers.map((a) => a.status)).toEqual([204, 200, 204, 200, 204]);
    } finally {
      clock.advance(-20_000);
    }
    const paid = await t.http.get(`/api/payments/${payment.id}`).set(bearer(token)).expect(200);
    expect(paid.body).toMatchObject({ kind: 'topUp', status: 'paid', balanceAfterFen: (before ?? NaN) + 5_000 });
    expect(await balance()).toBe((before ?? NaN) + 5_000);
    expect(await t.models.BalanceCredit.countDocuments({ paymentId: payment.id })).toBe(1);
  });
});
