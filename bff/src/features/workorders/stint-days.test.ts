import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDay } from '@bianmin/shared';
import { woTestApp, type WoTestApp } from './test-helpers';

const MINUTE = 60_000;

/** What people do to an order in each state: the usual next step, and the step aside. */
const NEXT: Record<string, [Action, Action]> = {
  returned: ['dispatch', 'dispatch'],
  pending_dispatch: ['dispatch', 'dispatch'],
  dispatched: ['accept', 'accept'],
  accepted: ['contacted', 'return'],
  contacted: ['arrived', 'return'],
  arrived: ['complete', 'complete'],
  rework: ['arrived', 'arrived'],
  completed: ['check', 'check_return'],
  checked: ['rate', 'rate'],
};
type Action = (typeof actions)[number];
/** What a person can do to one of the orders. */
const actions = [
  'dispatch',
  'accept',
  'contacted',
  'arrived',
  'complete',
  'return',
  'check',
  'check_return',
  'rate',
] as const;
type Command =
  | { kind: 'report'; member: number }
  | { kind: 'step'; order: number; aside: boolean }
  | { kind: 'wait'; minutes: number }
  | { kind: 'settle' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('report' as const), member: fc.nat(1) }), weight: 2 },
  {
    // an order's next step, or now and then the step aside (退单, 对单退回)
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      order: fc.nat(3),
      aside: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
    weight: 8,
  },
  // minutes to a day and a half: limits pass, and Beijing days and months turn
  {
    arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 2200 }) }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'settle' as const }), weight: 2 },
);

const step = (order: number, aside = false): Command => ({ kind: 'step', order, aside });
const scripted: Command[] = [
  { kind: 'report', member: 0 },
  ...[0, 0, 0, 0].map((o) => step(o)), // accept, contacted, arrived, complete
  step(0, true), // check_return
  { kind: 'settle' },
  step(0), // arrived
  step(0), // complete
  { kind: 'wait', minutes: 1500 },
  step(0), // check
  step(0), // rate
  { kind: 'report', member: 1 },
  step(1), // accept
  step(1, true), // return
  { kind: 'settle' },
  step(1), // dispatch
];

describe('单位考核 day sums', () => {
  let t: WoTestApp;
  let unitId = '';
  let account = '';
  /** Signs in again when a sign-in is older than half an hour (the clock runs for weeks). */
  const signedIn = new Map<string, { token: string; at: number }>();
  async function tokenOf(username: string, role: 'field' | 'coordinator' | 'supervisor' | 'resident') {
    const held = signedIn.get(username);
    const now = t.clock.now().getTime();
    if (held && now - held.at < 30 * MINUTE) return held.token;
    const token = role === 'resident' ? await t.residentToken(username) : (await t.staff(username, role)).token;
    signedIn.set(username, { token, at: now });
    return token;
  }

  beforeAll(async () => {
    t = await woTestApp({ env: { WORKORDER_CREATE_PER_HOUR: '1000' } });
    t.clock.set('2026-01-30T14:00:00.000Z');
    unitId = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    await t.member(unitId, 'sd-field0', 'field', '张建国', '13812340001');
    await t.member(unitId, 'sd-field1', 'field', '李文', '13812340002');
    await t.member(unitId, 'sd-coord', 'coordinator', '王工', '13811110000');
    const resident = await tokenOf('sd-resident', 'resident');
    await t.http.patch('/api/me').set(t.bearer(resident)).send({ phone: '13700001234' }).expect(200);
    account = await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1');
  });
  afterAll(() => t.close());

  it('answers from the sums what it answers from every step, whatever came between', async () => {
    const assessment = t.services.workorders.assessment;
    const orders: Array<{ id: string; member: number }> = [];
    const taken = new Set<string>();

    async function run(c: Command) {
      if (c.kind === 'wait') {
        t.clock.advance(c.minutes * MINUTE);
        return;
      }
      if (c.kind === 'settle') {
        await assessment.days.settle();
        return;
      }
      const resident = await tokenOf('sd-resident', 'resident');
      if (c.kind === 'report') {
        const id = await t.report(resident, { problem: 'power_outage', accountId: account });
        orders.push({ id, member: c.member });
        return;
      }
      const order = orders[c.order % Math.max(1, orders.length)];
      if (!order) return;
      const status = (await t.models.WorkOrder.findById(order.id).lean())?.status ?? '';
      const next = NEXT[status];
      if (!next) return; // closed
      const action = next[c.aside ? 1 : 0];
      const field = await tokenOf(`sd-field${order.member}`, 'field');
      const coordinator = await tokenOf('sd-coord', 'coordinator');
      const supervisor = await tokenOf('sd-super', 'supervisor');
      const as = (token: string, path: string, body: object = {}) => t.http.post(path).set(t.bearer(token)).send(body);
      const res = await {
        // again after a 退单 (a new stint), or refused
        dispatch: () => as(supervisor, `/api/agent/workorders/${order.id}/dispatch`, { unitId }),
        accept: () => as(field, `/api/field/orders/${order.id}/accept`),
        contacted: () => as(field, `/api/field/orders/${order.id}/progress`, { step: 'contacted' }),
        arrived: () => as(field, `/api/field/orders/${order.id}/progress`, { step: 'arrived' }),
        complete: () =>
          as(field, `/api/field/orders/${order.id}/complete`, { summary: '处理完毕', cause: 'equipment' }),
        return: () => as(field, `/api/field/orders/${order.id}/return`, { reason: '不是我们片区的线路' }),
        check: () => as(coordinator, `/api/agent/workorders/${order.id}/check`, { accept: true }),
        check_return: () =>
          as(coordinator, `/api/agent/workorders/${order.id}/check`, { accept: false, reason: '回单照片不清楚' }),
        rate: () => as(resident, `/api/workorders/${order.id}/rating`, { satisfaction: 'good' }),
      }[action]();
      expect(res.status, `${action} at ${status}: ${res.text}`).toBe(200);
      taken.add(action);
    }

    /** Each period around now, from the sums, then with every sum gone (every day from its steps). */
    async function same() {
      const day = beijingDay(t.clock.now());
      const kinds = ['week', 'month', 'quarter'] as const;
      const fromSums = await Promise.all(kinds.map((k) => assessment(k, day)));
      if ((await t.models.WorkOrderMonthSum.countDocuments()) > 0) taken.add('read with month sums');
      const [days, months] = await Promise.all([
        t.models.WorkOrderDaySum.find().lean(),
        t.models.WorkOrderMonthSum.find().lean(),
      ]);
      await Promise.all([t.models.WorkOrderDaySum.deleteMany({}), t.models.WorkOrderMonthSum.deleteMany({})]);
      const fromSteps = await Promise.all(kinds.map((k) => assessment(k, day)));
      expect(fromSums).toEqual(fromSteps);
      if (days.length > 0) await t.models.WorkOrderDaySum.insertMany(days);
      if (months.length > 0) await t.models.WorkOrderMonthSum.insertMany(months);
    }

    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        for (const c of commands) await run(c);
        await same();
        await assessment.days.settle();
        await same();
      }),
      {
        numRuns: 8,
        // first, one order through every step (对单退回 on the way) and one 退单 and sent again,
        // a day passing and the sums counted between: each kind of step is met on every run
        examples: [[scripted]],
      },
    );
    // the runs really went through the sums: days were counted and limits left pending
    expect(await t.models.WorkOrderDaySum.countDocuments()).toBeGreaterThan(1);
    expect(await t.models.WorkOrderMonthSum.countDocuments()).toBeGreaterThan(0);
    expect(orders.length).toBeGreaterThan(3);
    expect([...taken].sort()).toEqual([...actions, 'read with month sums'].sort());
  });
});
