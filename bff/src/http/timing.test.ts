import { afterAll, describe, expect, it } from 'vitest';
import { createBillingTestApp, residentWithAccount } from '../features/payments/testing';

describe('Server-Timing', () => {
  const apps: Array<{ close: () => Promise<void> }> = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('breaks an answer into its stages when switched on, and says nothing when off', async () => {
    const on = (await createBillingTestApp({ env: { SERVER_TIMING: 'true' } })).t;
    const off = (await createBillingTestApp()).t;
    apps.push(on, off);
    for (const [t, expected] of [
      [on, ['auth', 'input', 'handler', 'contract', 'total']],
      [off, null],
    ] as const) {
      const { token, accountId } = await residentWithAccount(t);
      const res = await t.http
        .get(`/api/bills?accountId=${accountId}`)
        .set({ Authorization: `Bearer ${token}` })
        .expect(200);
      const header: unknown = res.headers['server-timing'];
      if (!expected) {
        expect(header).toBeUndefined();
        continue;
      }
      const stages = String(header)
        .split(', ')
        .map((part) => /^(\w+);dur=(\d+\.\d\d)$/.exec(part));
      expect(stages.map((m) => m?.[1])).toEqual(expected);
      const ms: Record<string, number> = Object.fromEntries(stages.map((m) => [m?.[1] ?? '', Number(m?.[2])]));
      // the stages happen one after the other inside the total
      expect((ms.auth ?? 0) + (ms.input ?? 0) + (ms.handler ?? 0) + (ms.contract ?? 0)).toBeLessThanOrEqual(
        (ms.total ?? 0) + 0.05,
      );
    }
  });
});
