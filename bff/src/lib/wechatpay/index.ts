import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import type { Config } from '../../config';
import type { Clock } from '../clock';
import { createWechatPayProvider } from './client';
import { VerificationKeys } from './crypto';
import type { PayProvider } from './provider';
import { createSandboxProvider, type SandboxProvider } from './sandbox';

export { createSandboxProvider, type SandboxProvider } from './sandbox';
export { createWechatPayProvider } from './client';
export type { PayProvider } from './provider';

/**
 * The providers the settings ask for: WeChat Pay when a merchant is configured (its keys read
 * from the files the settings name), and the sandbox when it is on.
 */
export function providersFromConfig(
  settings: Config['billing'],
  clock: Clock,
): { wechat: PayProvider | null; sandbox: SandboxProvider | null } {
  const m = settings.wechatPay;
  let wechat: PayProvider | null = null;
  if (m) {
    const keys = new VerificationKeys();
    if (m.publicKeyId && m.publicKeyFile) keys.addPublicKey(m.publicKeyId, fs.readFileSync(m.publicKeyFile, 'utf8'));
    for (const file of m.platformCertFiles) keys.addCertificate(fs.readFileSync(file, 'utf8'));
    wechat = createWechatPayProvider(
      {
        mchId: m.mchId,
        appId: m.appId,
        serialNo: m.serialNo,
        privateKey: createPrivateKey(fs.readFileSync(m.privateKeyFile, 'utf8')),
        apiV3Key: m.apiV3Key,
        keys,
        publicKeyId: m.publicKeyId && m.publicKeyFile ? m.publicKeyId : undefined,
        apiBase: m.apiBase,
        notifyUrl: m.notifyUrl,
      },
      { clock },
    );
  }
  return { wechat, sandbox: settings.sandbox ? createSandboxProvider({ clock }) : null };
}
