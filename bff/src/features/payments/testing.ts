import type { Utility } from '@bianmin/shared';
import { createLogger } from '../../lib/logger';
import { createManualClock } from '../../lib/clock';
import { seedBilling } from '../../seed/billing';
import { createTestApp, type TestApp } from '../../testing/app';

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
