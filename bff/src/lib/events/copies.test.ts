import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../clock';
import { createTestApp, type TestApp } from '../../testing/app';
import {
  BILLING_START,
  bearer,
  createBillingTestApp,
  lookUp,
  residentWithAccount,
} from '../../features/payments/testing';

/**
 * Copies of sessions and account links (copies.ts) across two instances on one database: every
 * change that takes something away — a logout, an unbinding, a family account removed — holds
 * on the other instance as soon as the instance that made it has answered, although that
 * instance's own copies serve every request meanwhile.
 */
describe('copies across instances', () => {
  const clock = createManualClock(BILLING_START);
  let a: TestApp;
  let b: TestApp;
  const pollers = () => [a, b].map((t) => t.services.help.live.poller);
  const caughtUp = (t: TestApp) => t.services.help.live.poller.caughtUp(t.config.auth.copiesStaleMs);

  beforeAll(async () => {
    ({ t: a } = await createBillingTestApp({ clock }));
    b = await createTestApp({ dbName: a.config.db.name, clock });
    for (const poller of pollers()) poller.start();
    await vi.waitFor(() => expect([a, b].every(caughtUp)).toBe(true), { timeout: 10_000 });
  });
  afterAll(async () => {
    for (const poller of pollers()) poller.stop();
    await b.close({ keepDatabase: true });
    await a.close();
  });

  const me = (t: TestApp, token: string) => t.http.get('/api/me').set(bearer(token));
  const bills = (t: TestApp, token: string, accountId: string) =>
    t.http.get(`/api/bills?accountId=${accountId}`).set(bearer(token));

  it('serves a session from its copy while its poller keeps up, and from the database when not', async () => {
    const token = await a.residentToken();
    await me(b, token).expect(200);
    const { sid } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
    // gone behind the BFF's back, with no event: the copy still answers
    await b.models.Session.deleteOne({ _id: sid });
    await me(b, token).expect(200);
    // an instance whose poller stopped reads the database within COPIES_STALE_MS
    b.services.help.live.poller.stop();
    try {
      await vi.waitFor(async () => expect((await me(b, token)).status).toBe(401), { timeout: 10_000 });
    } finally {
      b.services.help.live.poller.start();
    }
    await vi.waitFor(() => expect(caughtUp(b)).toBe(true), { timeout: 10_000 });
  });

  it('refuses a session on the other instance as soon as the logout answered', async () => {
    for (let round = 0; round < 3; round += 1) {
      const token = await a.residentToken();
      await me(b, token).expect(200);
      await me(b, token).expect(200);
      await a.http.post('/api/auth/logout').set(bearer(token)).expect(204);
      await me(b, token).expect(401);
      await me(a, token).expect(401);
    }
  });

  it('refuses an unbound account on the other instance as soon as the unbinding answered', async () => {
    const { token, accountId } = await residentWithAccount(a, 'water', '2000000001');
    await bills(b, token, accountId).expect(200);
    await bills(b, token, accountId).expect(200);
    await a.http.delete(`/api/accounts/${accountId}`).set(bearer(token)).expect(204);
    await bills(b, token, accountId).expect(404);
  });

  it('refuses a removed family account on the other instance as soon as the removal answered', async () => {
    const token = await a.residentToken();
    const { accountId } = await lookUp(a, token, 'gas', '3000000001');
    await a.http.post('/api/family').set(bearer(token)).send({ accountId, alias: '妈妈家' }).expect(201);
    // past the lookup's own grant: only the family link lets her see the account now
    clock.advance((a.config.billing.lookupGrantMinutes + 1) * 60_000);
    await bills(b, token, accountId).expect(200);
    await bills(b, token, accountId).expect(200);
    await a.http.delete(`/api/family/${accountId}`).set(bearer(token)).expect(204);
    await bills(b, token, accountId).expect(404);
  });
});
