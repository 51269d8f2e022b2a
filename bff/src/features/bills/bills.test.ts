import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountBills, tieredFen, usageTiers } from '@bianmin/shared';
import type { TestApp } from '../../testing/app';
import { bearer, createBillingTestApp, newKey, residentWithAccount } from '../payments/testing';

describe('GET /api/bills: overdue bills', () => {
  let t: TestApp;
  let clock: Awaited<ReturnType<typeof createBillingTestApp>>['clock'];
  let resident: { token: string; accountId: string };
  beforeAll(async () => {
    // sessions long enough to outlast the clock moved by a week
    ({ t, clock } = await createBillingTestApp({ env: { SESSION_TTL_MINUTES: String(60 * 24 * 30) } }));
    // the demo account of six unpaid months, the older ones overdue with a late fee
    resident = await residentWithAccount(t, 'water', '2000000006');
  });
  afterAll(() => t.close());

  const bills = async () =>
    AccountBills.parse(
      (await t.http.get(`/api/bills?accountId=${resident.accountId}`).set(bearer(resident.token)).expect(200)).body,
    ).bills;

  it('counts days overdue in Beijing days and lists the most overdue first', async () => {
    const list = await bills();
    // a year of bills: six unpaid, the six before them paid
    expect(list).toHaveLength(12);
    const unpaid = list.filter((b) => b.status === 'unpaid');
    expect(unpaid).toHaveLength(6);
    expect(unpaid.map((b) => b.dueDate)).toEqual(unpaid.map((b) => b.dueDate).sort());
    expect(unpaid.map((b) => b.overdueDays)).toEqual([...unpaid.map((b) => b.overdueDays)].sort((a, b) => b - a));
    // at 10:00 Beijing time on 2026-01-12, the bill due 2025-12-20 is 23 days overdue
    expect(list.find((b) => b.dueDate === '2025-12-20')?.overdueDays).toBe(23);
    expect(list.find((b) => b.dueDate === '2026-01-20')).toMatchObject({ overdueDays: 0, lateFeeFen: null });
    for (const bill of list.filter((b) => b.overdueDays > 0)) expect(bill.lateFeeFen).toBeGreaterThan(0);
  });

  it('shows the holder the usage and tier of each bill, the amount it was billed at', async () => {
    const list = await bills();
    expect(list.every((b) => b.usage !== null)).toBe(true);
    for (const bill of list) {
      const usage = bill.usage;
      if (!usage) continue;
      const tiers = usageTiers[bill.utility];
      expect(usage.unit).toBe(tiers?.unit);
      // the tiered price of the usage gives back the amount, to the rounding of a tenth of a unit
      expect(
        Math.abs(tieredFen(tiers ?? { unit: 'kWh', bounds: [], prices: [] }, usage.quantity) - bill.amountFen),
      ).toBeLessThan(100);
    }
  });

  it('turns a bill overdue at midnight Beijing time, whatever the server zone', async () => {
    const start = clock.now();
    try {
      clock.set('2026-01-20T15:59:00.000Z'); // 23:59 on the 20th in Beijing
      expect((await bills()).find((b) => b.dueDate === '2026-01-20')?.overdueDays).toBe(0);
      clock.set('2026-01-20T16:00:00.000Z'); // 00:00 on the 21st in Beijing
      expect((await bills()).find((b) => b.dueDate === '2026-01-20')?.overdueDays).toBe(1);
    } finally {
      clock.set(start);
    }
  });

  it('puts paid bills after the unpaid ones, and a payment takes each late fee with its bill', async () => {
    const unpaid = (await bills()).filter((b) => b.status === 'unpaid');
    const [oldest, next] = unpaid;
    if (!oldest || !next) throw new Error('two unpaid bills expected');
    const res = await t.http
      .post('/api/payments')
      .set(bearer(resident.token))
      .send({ billIds: [oldest.id, next.id], idempotencyKey: newKey() })
      .expect(201);
    const fees = (oldest.lateFeeFen ?? 0) + (next.lateFeeFen ?? 0);
    expect(fees).toBeGreaterThan(0);
    expect(res.body.payment.amountFen).toBe(oldest.amountFen + next.amountFen + fees);
    expect(res.body.payment.bills).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: oldest.id, lateFeeFen: oldest.lateFeeFen }),
        expect.objectContaining({ id: next.id, lateFeeFen: next.lateFeeFen }),
      ]),
    );
    await t.http
      .post(`/api/payments/${res.body.payment.id as string}/sandbox-confirm`)
      .set(bearer(resident.token))
      .expect(200);
    const after = await bills();
    const firstPaid = after.findIndex((b) => b.status === 'paid');
    expect(after.slice(firstPaid).every((b) => b.status === 'paid')).toBe(true);
    expect(after.slice(0, firstPaid).every((b) => b.status === 'unpaid')).toBe(true);
    expect(after.filter((b) => b.status === 'paid').every((b) => b.overdueDays === 0 && !b.payable)).toBe(true);
  });
});
