import { execFileSync } from 'node:child_process';
import {
  createCipheriv,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock';
import { authorizationHeader, decryptResource, jsapiPayParams, VerificationKeys } from './crypto';
import { openNotification, verifySignature } from './notification';

// Vectors are computed here with node:crypto's streaming Sign/Verify and Cipheriv APIs, written
// out by hand from WeChat Pay's documentation, independently of the code under test.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const sign = (message: string, key: KeyObject = privateKey) =>
  createSign('RSA-SHA256').update(message).sign(key, 'base64');
const verifies = (message: string, signature: string) =>
  createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64');

const API_V3_KEY = 'abcdefghijABCDEFGHIJ0123456789xy'; // 32 bytes
function encrypt(plaintext: string, nonce: string, aad: string): string {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(API_V3_KEY), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

describe('WeChat Pay v3 request signing', () => {
  it('signs METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n into the WECHATPAY2-SHA256-RSA2048 header', () => {
    const body = '{"appid":"wxd678efh567hg6787","mchid":"1230000109"}';
    const header = authorizationHeader({
      mchId: '1230000109',
      serialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
      privateKey,
      method: 'POST',
      urlPath: '/v3/pay/transactions/jsapi',
      body,
      timestamp: '1554208460',
      nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
    });
    const expected = sign(`POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n${body}\n`);
    expect(header).toBe(
      `WECHATPAY2-SHA256-RSA2048 mchid="1230000109",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",` +
        `signature="${expected}",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"`,
    );
  });

  it('signs GET requests over the path with its query and an empty body', () => {
    const header = authorizationHeader({
      mchId: '1230000109',
      serialNo: 'S',
      privateKey,
      method: 'GET',
      urlPath: '/v3/pay/transactions/out-trade-no/BM1?mchid=1230000109',
      body: '',
      timestamp: '1554208460',
      nonce: 'N',
    });
    const signature = /signature="([^"]+)"/.exec(header)?.[1] ?? '';
    expect(verifies('GET\n/v3/pay/transactions/out-trade-no/BM1?mchid=1230000109\n1554208460\nN\n\n', signature)).toBe(
      true,
    );
  });

  it('makes requestPayment parameters with paySign over appId\\ntimeStamp\\nnonceStr\\npackage\\n', () => {
    const params = jsapiPayParams({
      appId: 'wx8888888888888888',
      prepayId: 'wx201410272009395522657a690389285100',
      privateKey,
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    });
    expect(params).toEqual({
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
      paySign: sign(
        'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n',
      ),
    });
  });
});

describe('WeChat Pay v3 notifications', () => {
  const clock = createManualClock('2026-01-12T02:00:00.000Z');
  const now = String(Math.floor(clock.now().getTime() / 1000));
  const transaction = {
    mchid: '1230000109',
    appid: 'wx8888888888888888',
    out_trade_no: 'BM20260112abc',
    transaction_id: '4200000001202601120000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    success_time: '2026-01-12T10:00:00+08:00',
    amount: { total: 12050, payer_total: 12050, currency: 'CNY' },
  };
  const body = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2026-01-12T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      algorithm: 'AEAD_AES_256_GCM',
      original_type: 'transaction',
      associated_data: 'transaction',
      nonce: 'fdasflkja484',
      ciphertext: encrypt(JSON.stringify(transaction), 'fdasflkja484', 'transaction'),
    },
  });
  const PUB_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
  const keys = new VerificationKeys();
  keys.addPublicKey(PUB_KEY_ID, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const headers = (overrides: Record<string, string> = {}) => ({
    timestamp: now,
    nonce: 'nonce-1',
    serial: PUB_KEY_ID,
    signature: sign(`${now}\nnonce-1\n${body}\n`),
    ...overrides,
  });

  it('opens a notification signed under a WeChat Pay public key id and decrypts its transaction', () => {
    const opened = openNotification(
      headers(),
      Buffer.from(body),
      { mchId: '1230000109', appId: 'wx8888888888888888', apiV3Key: API_V3_KEY, keys },
      clock,
    );
    expect(opened).toMatchObject({ ok: true, eventType: 'TRANSACTION.SUCCESS', transaction });
  });

  it('decrypts AEAD_AES_256_GCM resources with associated data, and refuses a wrong tag or key', () => {
    const resource = { algorithm: 'AEAD_AES_256_GCM', nonce: 'abcdefghijkl', associated_data: 'certificate' };
    const ciphertext = encrypt('明文 plaintext', 'abcdefghijkl', 'certificate');
    expect(decryptResource({ ...resource, ciphertext }, API_V3_KEY)).toBe('明文 plaintext');
    expect(() => decryptResource({ ...resource, ciphertext, associated_data: 'other' }, API_V3_KEY)).toThrow();
    expect(() => decryptResource({ ...resource, ciphertext }, 'x'.repeat(32))).toThrow();
  });

  it.each([
    ['a timestamp six minutes old', { timestamp: String(Number(now) - 360) }],
    ['a timestamp six minutes ahead', { timestamp: String(Number(now) + 360) }],
    ['a WECHATPAY/SIGNTEST/ probe', { signature: `WECHATPAY/SIGNTEST/${sign(`${now}\nnonce-1\n${body}\n`)}` }],
    ['a signature over another nonce', { signature: sign(`${now}\nnonce-2\n${body}\n`) }],
    ['an unknown serial', { serial: 'PUB_KEY_ID_0000' }],
    ['no signature', { signature: '' }],
  ])('refuses %s', (_name, override) => {
    const opened = openNotification(
      headers(override),
      Buffer.from(body),
      { mchId: '1230000109', appId: 'wx8888888888888888', apiV3Key: API_V3_KEY, keys },
      clock,
    );
    expect(opened.ok).toBe(false);
  });

  it('accepts a timestamp just inside five minutes', () => {
    const timestamp = String(Number(now) - 290);
    const result = verifySignature(
      { timestamp, nonce: 'n', serial: PUB_KEY_ID, signature: sign(`${timestamp}\nn\n${body}\n`) },
      body,
      keys,
      clock,
    );
    expect(result).toEqual({ ok: true });
  });

  it('verifies with a platform certificate named by its serial number', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxpay-cert-'));
    try {
      const keyFile = path.join(dir, 'key.pem');
      const certFile = path.join(dir, 'cert.pem');
      fs.writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      execFileSync('openssl', [
        'req',
        '-new',
        '-x509',
        '-key',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=Tenpay.com Root CA',
        '-set_serial',
        '0x5157F09EFDC096DE15EBE81A47057A7232F7D6BE',
      ]);
      const certKeys = new VerificationKeys();
      const serial = certKeys.addCertificate(fs.readFileSync(certFile, 'utf8'));
      expect(serial).toBe('5157F09EFDC096DE15EBE81A47057A7232F7D6BE');
      expect(createPublicKey(fs.readFileSync(certFile)).export({ type: 'spki', format: 'der' })).toEqual(
        publicKey.export({ type: 'spki', format: 'der' }),
      );
      const ok = verifySignature({ ...headers(), serial }, body, certKeys, clock);
      expect(ok).toEqual({ ok: true });
      expect(verifySignature({ ...headers(), serial: serial.toLowerCase() }, body, certKeys, clock)).toEqual({
        ok: true,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
