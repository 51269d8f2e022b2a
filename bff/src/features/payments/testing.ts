import { CreatePaymentResult, type LookedUpAccount, type PayerLookupResult, type Utility } from '@bianmin/shared';
import { createLogger } from '../../lib/logger';
import { createManualClock } from '../../lib/clock';
import { createSandboxProvider } from '../../lib/wechatpay/sandbox';
import { seedBilling } from '../../seed/billing';
import { createTestApp, type TestApp } from '../../testing/app';
import { paymentProviders } from './settlement';

/** Test support for the billing features: an app with the demo accounts and a hand-moved clock. */
export const BILLING_START = '2026-01-12T02:00:00.000Z';

export async function createBillingTestApp(
  options: Omit<NonNullable<Parameters<typeof createTestApp>[0]>, 'clock'> & {
    clock?: ReturnType<typeof createManualClock>;
  } = {},
) {
  const clock = options.clock ?? createManualClock(BILLING_START);
  const t = await createTestApp({ ...options, clock });
  await seedBilling(t.models, createLogger('silent'), clock.now());
  return { t, clock };
}

/** `Authorization` header of a token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The demo account of a utility and number. */
export async function demoAccount(t: TestApp, utility: Utility, accountNo: string) {
  const account = await t.models.UtilityAccount.findOne({ utility, accountNo }).lean();
  if (!account) throw new Error(`no demo account ${utility} ${accountNo}`);
  return account;
}

/** The unpaid bills of a demo account, oldest period first. */
export async function unpaidBills(t: TestApp, utility: Utility, accountNo: string) {
  const account = await demoAccount(t, utility, accountNo);
  return t.models.Bill.find({ accountId: account._id, status: 'unpaid' }).sort({ period: 1 }).lean();
}

/** Signs in a resident and binds a demo account as its holder would; answers the token and the account id. */
export async function residentWithAccount(t: TestApp, utility: Utility = 'power', accountNo = '1000000001') {
  const token = await t.residentToken();
  const { holderName } = await demoAccount(t, utility, accountNo);
  const res = await t.http
    .post('/api/accounts')
    .set(bearer(token))
    .send({ utility, accountNo, holderName })
    .expect(201);
  return { token, accountId: (res.body as { id: string }).id };
}

let keys = 0;
/** A fresh idempotency key. */
export const newKey = () => `key-${Date.now().toString(36)}-${(keys += 1)}`;

/**
 * A billing test app whose sandbox provider the test holds, so it can pay an order "at the
 * provider" without delivering the notification (a payment paid meanwhile).
 */
export async function createSandboxBillingApp(env: Record<string, string> = {}) {
  const clock = createManualClock(BILLING_START);
  const sandbox = createSandboxProvider({ clock });
  const { t } = await createBillingTestApp({ clock, env, payProviders: paymentProviders(null, sandbox) });
  /** Pays the order at the provider only: WeChat Pay took the money, its notification never came. */
  const paidAtProvider = (p: { outTradeNo: string; amountFen: number }) =>
    sandbox.notificationFor({ outTradeNo: p.outTradeNo, amountFen: p.amountFen, payerOpenid: 'o' });
  return { t, clock, sandbox, paidAtProvider };
}

/** A resident's 代缴 lookup of an account by its number; answers the account as the lookup shows it. */
export async function lookUp(t: TestApp, token: string, utility: Utility, accountNo: string) {
  const res = await t.http
    .post('/api/payer-lookup')
    .set(bearer(token))
    .send({ utility, by: 'accountNo', value: accountNo })
    .expect(200);
  const found = (res.body as PayerLookupResult).accounts[0];
  if (!found) throw new Error(`the lookup of ${utility} ${accountNo} found nothing`);
  return found;
}

/** Pays the unpaid bills a lookup showed, on behalf: the create answer. */
export function payOnBehalf(t: TestApp, token: string, account: LookedUpAccount, key = newKey()) {
  return t.http
    .post('/api/payments')
    .set(bearer(token))
    .send({
      billIds: account.unpaidBills.map((b) => b.id),
      idempotencyKey: key,
      onBehalf: { accountId: account.accountId },
    });
}

/** A resident with one bound account and a pending payment of all its unpaid bills (201, parsed). */
export async function pendingPaymentOf(t: TestApp, utility: Utility, accountNo: string) {
  const { token, accountId } = await residentWithAccount(t, utility, accountNo);
  const billIds = (await unpaidBills(t, utility, accountNo)).map((b) => String(b._id));
  const res = await t.http
    .post('/api/payments')
    .set(bearer(token))
    .send({ billIds, idempotencyKey: newKey() })
    .expect(201);
  const { payment, payParams } = CreatePaymentResult.parse(res.body);
  return { token, accountId, billIds, payment, payParams };
}
