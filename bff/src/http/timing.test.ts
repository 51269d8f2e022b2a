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
      [on, ['auth', 'input', 'access', 'bills', 'holds', 'handler', 'contract', 'serialise', 'total']],
      [off, null],
    ] as const) {
      const { token, accountId } = await residentWithAccount(t);
      const res = await t.http
        .get(`/api/bills?accountId=${accountId}`)
        .set({ Authorization: `Bearer ${token}` })
        .expect(200);
      // the body is the same JSON whoever serialises it
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect((res.body as { account: { id: string } }).account.id).toBe(accountId);
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
      // the stages happen one after the other inside the total, the bill list's own inside the handler
      const sum = (...names: string[]) => names.reduce((n, k) => n + (ms[k] ?? 0), 0);
      expect(sum('auth', 'input', 'handler', 'contract', 'serialise')).toBeLessThanOrEqual((ms.total ?? 0) + 0.05);
      expect(sum('access', 'bills', 'holds')).toBeLessThanOrEqual((ms.handler ?? 0) + 0.05);
    }
  });
});
