import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';

/**
 * The cryptography of WeChat Pay API v3, on node:crypto alone: RSA-SHA256 (PKCS#1 v1.5) request
 * signing and response/notification verification, the JSAPI `paySign`, and the
 * AEAD_AES_256_GCM encryption of notification resources.
 */

/** The authorization scheme of every v3 request. */
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** Signature probes WeChat Pay sends to check that merchants really verify signatures. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

/** base64 RSA-SHA256 signature of `message`. */
export function rsaSign(privateKey: KeyObject | string, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

/** True when `signature` (base64) is `publicKey`'s RSA-SHA256 signature of `message`. */
export function rsaVerify(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The string a merchant signs for a request: `METHOD\nURL_PATH\nTIMESTAMP\nNONCE\nBODY\n`. */
export function requestMessage(
  method: string,
  urlPath: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${urlPath}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The string WeChat Pay signs for a response or notification: `TIMESTAMP\nNONCE\nBODY\n`. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** A random nonce of letters and digits (WeChat Pay allows up to 32 characters). */
export function nonceString(length = 32): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet.charAt(byte % alphabet.length);
  return out;
}

/** The `Authorization` header of a v3 request, signed with the merchant's private key. */
export function authorizationHeader(options: {
  mchId: string;
  serialNo: string;
  privateKey: KeyObject | string;
  method: string;
  urlPath: string;
  body: string;
  timestamp: string;
  nonce: string;
}): string {
  const signature = rsaSign(
    options.privateKey,
    requestMessage(options.method, options.urlPath, options.timestamp, options.nonce, options.body),
  );
  return (
    `${AUTH_SCHEME} mchid="${options.mchId}",nonce_str="${options.nonce}",signature="${signature}",` +
    `timestamp="${options.timestamp}",serial_no="${options.serialNo}"`
  );
}

/** The parts of an `Authorization` header (for the stand-in server in tests, and for logs). */
export function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${AUTH_SCHEME} `)) return null;
  const out: Record<string, string> = {};
  for (const match of header.slice(AUTH_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    const [, key, value] = match;
    if (key !== undefined && value !== undefined) out[key] = value;
  }
  return out;
}

/** What `Taro.requestPayment` takes for a JSAPI prepay order. */
export interface JsapiPayParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** The `requestPayment` parameters: `paySign` is RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function jsapiPayParams(options: {
  appId: string;
  prepayId: string;
  privateKey: KeyObject | string;
  timeStamp: string;
  nonceStr: string;
}): JsapiPayParams {
  const pkg = `prepay_id=${options.prepayId}`;
  return {
    timeStamp: options.timeStamp,
    nonceStr: options.nonceStr,
    package: pkg,
    signType: 'RSA',
    paySign: rsaSign(options.privateKey, `${options.appId}\n${options.timeStamp}\n${options.nonceStr}\n${pkg}\n`),
  };
}

/** A notification's encrypted `resource`. */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

/**
 * Decrypts a resource with the API v3 key: AES-256-GCM, the key's 32 bytes, the nonce's 12
 * bytes, `associated_data` as AAD, and the ciphertext as base64 of (ciphertext ‖ 16-byte tag).
 * Throws when the key, the data or the tag is wrong.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the API v3 key must be 32 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

/** The inverse of {@link decryptResource}: how WeChat Pay (and the sandbox) encrypt a resource. */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  options: { associatedData: string; nonce?: string; originalType?: string },
): EncryptedResource {
  const nonce = options.nonce ?? nonceString(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: encrypted.toString('base64'),
    associated_data: options.associatedData,
    nonce,
    original_type: options.originalType ?? 'transaction',
  };
}

/**
 * The keys WeChat Pay signs with, by the serial the `Wechatpay-Serial` header names: platform
 * certificates (by their serial number) and WeChat Pay public keys (by their `PUB_KEY_ID_…` id).
 */
export class VerificationKeys {
  private readonly keys = new Map<string, KeyObject>();

  /** Adds a platform certificate (PEM); its serial number becomes its name. */
  addCertificate(pem: string): string {
    const cert = new X509Certificate(pem);
    const serial = cert.serialNumber.toUpperCase();
    this.keys.set(serial, cert.publicKey);
    return serial;
  }

  /** Adds a WeChat Pay public key (PEM) under its id, `PUB_KEY_ID_…`. */
  addPublicKey(id: string, key: KeyObject | string): void {
    this.keys.set(id, typeof key === 'string' ? createPublicKey(key) : key);
  }

  /** The key a serial names; certificate serials match in either case. */
  get(serial: string): KeyObject | undefined {
    return this.keys.get(serial) ?? this.keys.get(serial.toUpperCase());
  }

  get size(): number {
    return this.keys.size;
  }
}
