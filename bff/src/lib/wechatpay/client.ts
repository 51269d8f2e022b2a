import { beijingRfc3339 } from '@bianmin/shared';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock';
import { authorizationHeader, jsapiPayParams, nonceString, type VerificationKeys } from './crypto';
import { signatureHeaders, Transaction, verifySignature } from './notification';
import { PayProviderError, type OrderState, type PayProvider } from './provider';

/** A merchant's WeChat Pay settings, keys loaded. */
export interface WechatPayMerchant {
  mchId: string;
  appId: string;
  /** Serial number of the merchant's API certificate (names the key requests are signed with). */
  serialNo: string;
  privateKey: KeyObject;
  apiV3Key: string;
  /** Platform certificates and/or the WeChat Pay public key that sign responses and notifications. */
  keys: VerificationKeys;
  /**
   * The WeChat Pay public key's id (`PUB_KEY_ID_…`) when the merchant is on the public-key
   * scheme: requests name it in `Wechatpay-Serial`, so answers are signed with that key.
   */
  publicKeyId?: string | undefined;
  /** `https://api.mch.weixin.qq.com`; tests point it at a local stand-in. */
  apiBase: string;
  notifyUrl: string;
}

const PrepayAnswer = z.object({ prepay_id: z.string().min(1) });
const ErrorAnswer = z.object({ code: z.string(), message: z.string().optional() });

/**
 * WeChat Pay API v3, JSAPI: prepay orders, order query and close. Every request is signed with
 * the merchant key; every successful answer's signature is verified before it is believed.
 */
export function createWechatPayProvider(
  merchant: WechatPayMerchant,
  options: { clock: Clock; timeoutMs?: number },
): PayProvider {
  const { clock } = options;

  async function request(method: 'GET' | 'POST', urlPath: string, payload?: object): Promise<unknown> {
    const body = payload ? JSON.stringify(payload) : '';
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'bianmin-bff',
      Authorization: authorizationHeader({
        mchId: merchant.mchId,
        serialNo: merchant.serialNo,
        privateKey: merchant.privateKey,
        method,
        urlPath,
        body,
        timestamp,
        nonce: nonceString(32),
      }),
    };
    if (payload) headers['Content-Type'] = 'application/json';
    if (merchant.publicKeyId) headers['Wechatpay-Serial'] = merchant.publicKeyId;
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL(urlPath, merchant.apiBase), {
        method,
        headers,
        ...(payload ? { body } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (err) {
      throw new PayProviderError(`WeChat Pay unreachable: ${String(err)}`);
    }
    if (response.status >= 200 && response.status < 300) {
      const verified = verifySignature(
        signatureHeaders((name) => response.headers.get(name) ?? ''),
        text,
        merchant.keys,
        clock,
      );
      if (!verified.ok) throw new PayProviderError(`WeChat Pay answer does not verify: ${verified.message}`);
      return text === '' ? null : (JSON.parse(text) as unknown);
    }
    const error = ErrorAnswer.safeParse(safeJson(text));
    throw new PayProviderError(
      `WeChat Pay ${method} ${urlPath} answered ${response.status} ${error.success ? error.data.code : ''}`.trim(),
      response.status,
    );
  }

  const payParams = (prepayId: string) =>
    jsapiPayParams({
      appId: merchant.appId,
      prepayId,
      privateKey: merchant.privateKey,
      timeStamp: String(Math.floor(clock.now().getTime() / 1000)),
      nonceStr: nonceString(32),
    });

  return {
    name: 'wechat',
    notificationKeys: {
      mchId: merchant.mchId,
      appId: merchant.appId,
      apiV3Key: merchant.apiV3Key,
      keys: merchant.keys,
    },

    async createOrder(order) {
      const answer = PrepayAnswer.safeParse(
        await request('POST', '/v3/pay/transactions/jsapi', {
          appid: merchant.appId,
          mchid: merchant.mchId,
          description: order.description.slice(0, 127),
          out_trade_no: order.outTradeNo,
          time_expire: beijingRfc3339(order.expiresAt),
          notify_url: merchant.notifyUrl,
          amount: { total: order.amountFen, currency: 'CNY' },
          payer: { openid: order.payerOpenid },
        }),
      );
      if (!answer.success) throw new PayProviderError('WeChat Pay prepay answer has no prepay_id');
      return { prepayId: answer.data.prepay_id, payParams: { kind: 'wechat', ...payParams(answer.data.prepay_id) } };
    },

    payParamsFor({ prepayId }) {
      if (!prepayId) throw new PayProviderError('no prepay id for this order');
      return { kind: 'wechat', ...payParams(prepayId) };
    },

    async queryOrder(outTradeNo): Promise<OrderState> {
      const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(merchant.mchId)}`;
      try {
        const transaction = Transaction.parse(await request('GET', path));
        return { tradeState: transaction.trade_state, transaction };
      } catch (err) {
        if (err instanceof PayProviderError && err.status === 404) return { tradeState: 'NOTFOUND', transaction: null };
        throw err instanceof PayProviderError ? err : new PayProviderError(`order query answer: ${String(err)}`);
      }
    },

    async closeOrder(outTradeNo) {
      await request('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
        mchid: merchant.mchId,
      });
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
