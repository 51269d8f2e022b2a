import { z } from 'zod';
import type { Clock } from '../clock';
import { decryptResource, responseMessage, rsaVerify, SIGNTEST_PREFIX, type VerificationKeys } from './crypto';

/** How far a notification's timestamp may be from our clock (WeChat Pay's own advice: 5 minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** The `Wechatpay-*` headers of a notification (or of a response to a merchant request). */
export interface SignatureHeaders {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  serial: string | undefined;
  signatureType?: string | undefined;
}

/**
 * What is needed to check and open a notification: the keys by serial and the API v3 key, and
 * the merchant and app a transaction must name to be believed.
 */
export interface NotificationKeys {
  mchId: string;
  appId: string;
  apiV3Key: string;
  keys: VerificationKeys;
}

/** A refusal, answered to WeChat Pay as `{code, message}` with this status. */
export interface Refusal {
  ok: false;
  status: number;
  code: string;
  message: string;
}

const refuse = (status: number, code: string, message: string): Refusal => ({ ok: false, status, code, message });

/**
 * Checks the signature headers over `body`: a known serial, a timestamp within five minutes of
 * `clock`, no `WECHATPAY/SIGNTEST/` probe, and a valid RSA-SHA256 signature of
 * `timestamp\nnonce\nbody\n` by the key the serial names.
 */
export function verifySignature(
  headers: SignatureHeaders,
  body: string,
  keys: VerificationKeys,
  clock: Clock,
): { ok: true } | Refusal {
  const { timestamp, nonce, signature, serial, signatureType } = headers;
  if (!timestamp || !nonce || !signature || !serial) return refuse(400, 'SIGN_ERROR', 'missing Wechatpay-* headers');
  if (signatureType && signatureType !== 'WECHATPAY2-SHA256-RSA2048')
    return refuse(400, 'SIGN_ERROR', 'unsupported signature type');
  if (!/^\d{1,12}$/.test(timestamp)) return refuse(400, 'SIGN_ERROR', 'bad timestamp');
  const skew = Math.abs(clock.now().getTime() / 1000 - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) return refuse(401, 'SIGN_ERROR', 'timestamp too far from now');
  if (signature.startsWith(SIGNTEST_PREFIX)) return refuse(401, 'SIGN_ERROR', 'signature probe refused');
  const key = keys.get(serial);
  if (!key) return refuse(401, 'SIGN_ERROR', 'unknown Wechatpay-Serial');
  if (!rsaVerify(key, responseMessage(timestamp, nonce, body), signature))
    return refuse(401, 'SIGN_ERROR', 'signature does not verify');
  return { ok: true };
}

const NotificationEnvelope = z.object({
  id: z.string(),
  create_time: z.string().optional(),
  event_type: z.string(),
  resource_type: z.string().optional(),
  summary: z.string().optional(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    associated_data: z.string().optional(),
    nonce: z.string(),
    original_type: z.string().optional(),
  }),
});

/** The decrypted `transaction` resource of a payment notification (the fields the BFF uses). */
export const Transaction = z.object({
  appid: z.string().optional(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: z.string(),
  trade_state_desc: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({
    total: z.number().int(),
    payer_total: z.number().int().optional(),
    currency: z.string().optional(),
  }),
});
export type Transaction = z.infer<typeof Transaction>;

/** A verified and decrypted notification. */
export interface OpenedNotification {
  ok: true;
  id: string;
  eventType: string;
  transaction: Transaction | null;
}

/**
 * Verifies a notification and decrypts its resource. Nothing is trusted before the signature
 * holds; a resource that does not decrypt with the API v3 key, or is not a transaction, is refused.
 */
export function openNotification(
  headers: SignatureHeaders,
  rawBody: Buffer,
  keys: NotificationKeys,
  clock: Clock,
): OpenedNotification | Refusal {
  const body = rawBody.toString('utf8');
  const signed = verifySignature(headers, body, keys.keys, clock);
  if (!signed.ok) return signed;
  let envelope: z.infer<typeof NotificationEnvelope>;
  try {
    envelope = NotificationEnvelope.parse(JSON.parse(body));
  } catch {
    return refuse(400, 'PARAM_ERROR', 'not a notification');
  }
  let plaintext: string;
  try {
    plaintext = decryptResource(envelope.resource, keys.apiV3Key);
  } catch {
    return refuse(400, 'DECRYPT_ERROR', 'resource does not decrypt');
  }
  if (!envelope.event_type.startsWith('TRANSACTION.')) {
    return { ok: true, id: envelope.id, eventType: envelope.event_type, transaction: null };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    return refuse(400, 'PARAM_ERROR', 'resource is not JSON');
  }
  const transaction = Transaction.safeParse(parsed);
  if (!transaction.success) return refuse(400, 'PARAM_ERROR', 'resource is not a transaction');
  return { ok: true, id: envelope.id, eventType: envelope.event_type, transaction: transaction.data };
}

/** The signature headers of a Koa-style header lookup. */
export function signatureHeaders(get: (name: string) => string): SignatureHeaders {
  const value = (name: string) => get(name) || undefined;
  return {
    timestamp: value('Wechatpay-Timestamp'),
    nonce: value('Wechatpay-Nonce'),
    signature: value('Wechatpay-Signature'),
    serial: value('Wechatpay-Serial'),
    signatureType: value('Wechatpay-Signature-Type'),
  };
}
