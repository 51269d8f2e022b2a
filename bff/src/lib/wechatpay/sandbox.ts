import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { beijingRfc3339, type PayParams } from '@bianmin/shared';
import type { Clock } from '../clock';
import { encryptResource, nonceString, rsaSign, responseMessage, VerificationKeys } from './crypto';
import type { Transaction } from './notification';
import type { OrderState, PayProvider } from './provider';

/** A notification as it travels: the `Wechatpay-*` headers and the raw JSON body. */
export interface SignedNotification {
  headers: Record<string, string>;
  body: Buffer;
}

/** The sandbox's merchant number; no real merchant has it. */
export const SANDBOX_MCHID = '1900000000';

export interface SandboxProvider extends PayProvider {
  /**
   * Pays an order as WeChat Pay would and answers the notification it sends: a v3 envelope
   * with the transaction encrypted by the sandbox's API v3 key and signed with its private key.
   */
  notificationFor(order: { outTradeNo: string; amountFen: number; payerOpenid: string }): SignedNotification;
}

/**
 * The development stand-in for WeChat Pay. It makes its own RSA key pair, API v3 key and public
 * key id at start, so that its notifications go through exactly the verification and decryption
 * code the real ones do. The mini-program shows its own confirm sheet instead of WeChat's.
 */
export function createSandboxProvider(options: { clock: Clock; appId?: string }): SandboxProvider {
  const { clock } = options;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyId = `PUB_KEY_ID_SANDBOX${randomBytes(8).toString('hex').toUpperCase()}`;
  const apiV3Key = randomBytes(16).toString('hex'); // 32 ASCII characters, as WeChat Pay's are
  const keys = new VerificationKeys();
  keys.addPublicKey(publicKeyId, publicKey);
  const appId = options.appId ?? 'wxsandbox0000000';
  // what this process has paid, for order queries; lost on restart, when open orders read NOTPAY
  const paid = new Map<string, Transaction>();
  const closed = new Set<string>();

  return {
    name: 'sandbox',
    notificationKeys: { mchId: SANDBOX_MCHID, appId, apiV3Key, keys },

    createOrder(order) {
      return Promise.resolve({ prepayId: null, payParams: { kind: 'sandbox', paymentId: order.paymentId } });
    },

    payParamsFor({ paymentId }): PayParams {
      return { kind: 'sandbox', paymentId };
    },

    queryOrder(outTradeNo): Promise<OrderState> {
      const transaction = paid.get(outTradeNo);
      if (transaction) return Promise.resolve({ tradeState: 'SUCCESS', transaction });
      return Promise.resolve({ tradeState: closed.has(outTradeNo) ? 'CLOSED' : 'NOTPAY', transaction: null });
    },

    closeOrder(outTradeNo) {
      if (!paid.has(outTradeNo)) closed.add(outTradeNo);
      return Promise.resolve();
    },

    notificationFor({ outTradeNo, amountFen, payerOpenid }) {
      const now = clock.now();
      const before = paid.get(outTradeNo);
      const transaction: Transaction = {
        appid: appId,
        mchid: SANDBOX_MCHID,
        out_trade_no: outTradeNo,
        // WeChat Pay's transaction ids are 28 digits; a replay keeps its id
        transaction_id: before?.transaction_id ?? `4200${String(now.getTime()).slice(-11)}${randomDigits(13)}`,
        trade_type: 'JSAPI',
        trade_state: 'SUCCESS',
        trade_state_desc: '支付成功',
        success_time: before?.success_time ?? beijingRfc3339(now),
        payer: { openid: payerOpenid },
        amount: { total: amountFen, payer_total: amountFen, currency: 'CNY' },
      };
      paid.set(outTradeNo, transaction);
      const envelope = {
        id: `EV-${randomBytes(12).toString('hex')}`,
        create_time: beijingRfc3339(now),
        resource_type: 'encrypt-resource',
        event_type: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        resource: encryptResource(JSON.stringify(transaction), apiV3Key, { associatedData: 'transaction' }),
      };
      const body = JSON.stringify(envelope);
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const nonce = nonceString(32);
      return {
        headers: {
          'Wechatpay-Timestamp': timestamp,
          'Wechatpay-Nonce': nonce,
          'Wechatpay-Serial': publicKeyId,
          'Wechatpay-Signature': rsaSign(privateKey, responseMessage(timestamp, nonce, body)),
          'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
        },
        body: Buffer.from(body, 'utf8'),
      };
    },
  };
}

function randomDigits(count: number): string {
  return Array.from(randomBytes(count), (b) => String(b % 10)).join('');
}
