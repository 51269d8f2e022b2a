import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assessment, type AssessmentFigures, type Rate } from '@bianmin/shared';
import { periodsOf } from './assessment';
import { woTestApp, type WoTestApp } from './test-helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The limits of the two problems used, as the defaults promise them (written out, not imported). */
const LIMITS = {
  power_voltage: { contact: 30 * MINUTE, arrival: DAY, completion: 3 * DAY },
  power_outage: { contact: 10 * MINUTE, arrival: 45 * MINUTE, completion: 4 * HOUR },
} as const;
type Problem = keyof typeof LIMITS;

/** What the test made happen to one order, with the times it happened at. */
interface Happened {
  unit: 'east' | 'west';
  member: string;
  problem: Problem;
  dispatchedAt: number;
  contactAt: number | null;
  arrivedAt: number | null;
  completedAt: number | null;
  returnedAt: number | null;
  checked: boolean;
  checkReturned: boolean;
  rating: 'good' | 'average' | 'poor' | null;
}

/** A small deterministic generator, so the plan is the same on every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const rate = (count: number, of: number): Rate => ({ count, of, rate: of === 0 ? null : count / of });

/** The figures of a set of orders, straight from what happened. */
function expected(list: Happened[], now: number): AssessmentFigures {
  const onTime = (when: (h: Happened) => number | null, limit: (h: Happened) => number) => {
    let count = 0;
    let of = 0;
    for (const h of list) {
      const due = h.dispatchedAt + limit(h);
      const at = when(h);
      const end = h.returnedAt ?? now;
      if (at === null && end <= due) continue;
      of += 1;
      if (at !== null && at <= due) count += 1;
    }
    return rate(count, of);
  };
  const rated = list.filter((h) => h.rating);
  const checked = list.filter((h) => h.checked);
  const figures = {
    orders: list.length,
    contactOnTime: onTime(
      (h) => h.contactAt,
      (h) => LIMITS[h.problem].contact,
    ),
    arrivalOnTime: onTime(
      (h) => h.arrivedAt,
      (h) => LIMITS[h.problem].arrival,
    ),
    completionOnTime: onTime(
      (h) => h.completedAt,
      (h) => LIMITS[h.problem].completion,
    ),
    returned: rate(list.filter((h) => h.returnedAt !== null).length, list.length),
    returnedAtCheck: rate(checked.filter((h) => h.checkReturned).length, checked.length),
    satisfaction: rate(rated.filter((h) => h.rating === 'good').length, rated.length),
  };
  const parts = [
    figures.contactOnTime.rate,
    figures.arrivalOnTime.rate,
    figures.completionOnTime.rate,
    figures.returned.rate === null ? null : 1 - figures.returned.rate,
    figures.returnedAtCheck.rate === null ? null : 1 - figures.returnedAtCheck.rate,
    figures.satisfaction.rate,
  ].filter((r): r is number => r !== null);
  return {
    ...figures,
    score: parts.length === 0 ? null : Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 1000) / 10,
  };
}

describe('unit assessment (考核) from the raw order steps', () => {
  let t: WoTestApp;
  const units: Record<'east' | 'west', string> = { east: '', west: '' };
  const happened: Happened[] = [];
  const members = { east: ['asm-field01', 'asm-field02'], west: ['asm-field03'] } as const;
  const names: Record<string, string> = { 'asm-field01': '张建国', 'asm-field02': '李文', 'asm-field03': '赵强' };
  let accounts: Record<'east' | 'west', string>;

  beforeAll(async () => {
    t = await woTestApp();
    t.clock.set('2025-12-01T01:00:00.000Z');
    units.east = await t.unit('东城供电所', 'power', '东城区', ['dongcheng-1']);
    units.west = await t.unit('西城供电所', 'power', '西城区', ['xicheng-1']);
    for (const [unit, list] of Object.entries(members) as Array<['east' | 'west', readonly string[]]>)
      for (const [i, username] of list.entries())
        await t.member(units[unit], username, 'field', names[username] ?? username, `1381234000${i}`);
    await t.member(units.east, 'asm-coord01', 'coordinator', '王工', '13811110000');
    const resident = await t.residentToken('asm-resident');
    await t.http.patch('/api/me').set(t.bearer(resident)).send({ phone: '13700001234' }).expect(200);
    accounts = {
      east: await t.bindAccount(resident, 'power', '东城区', 'dongcheng-1'),
      west: await t.bindAccount(resident, 'power', '西城区', 'xicheng-1'),
    };

    // December and January: each order goes its own way, on the manual clock
    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const starts = [
      ...Array.from({ length: 7 }, (_, i) => Date.parse('2025-12-02T01:00:00.000Z') + i * 4 * DAY),
      ...Array.from({ length: 9 }, (_, i) => Date.parse('2026-01-02T01:00:00.000Z') + i * 3 * DAY),
    ];
    for (const [i, start] of starts.entries()) {
      t.clock.set(new Date(Math.max(start, t.clock.now().getTime() + MINUTE)));
      const unit = i % 2 === 0 ? 'east' : 'west';
      const username = pick(members[unit]);
      const problem = pick(['power_voltage', 'power_outage'] as const);
      const fate = pick(['full', 'full', 'full', 'check_return', 'returned', 'skip_contact'] as const);
      await play({ unit, username, problem, fate, pick });
    }
    // the last one is still on the member's hands when the assessment is read
    t.clock.set(new Date(Math.max(Date.parse('2026-01-28T01:00:00.000Z'), t.clock.now().getTime() + MINUTE)));
    await play({ unit: 'east', username: 'asm-field02', problem: 'power_outage', fate: 'open', pick });
    t.clock.advance(2 * HOUR);
  });
  afterAll(() => t.close());

  /** Tokens kept while their sessions last on the manual clock (a sign-in costs a password hash). */
  const tokens = new Map<string, { token: string; at: number }>();
  async function tokenOf(username: string, role: 'field' | 'coordinator' | 'supervisor' | 'resident') {
    const held = tokens.get(username);
    const now = t.clock.now().getTime();
    if (held && now - held.at < HOUR) return held.token;
    const token = role === 'resident' ? await t.residentToken(username) : (await t.staff(username, role)).token;
    tokens.set(username, { token, at: now });
    return token;
  }

  async function play(plan: {
    unit: 'east' | 'west';
    username: string;
    problem: Problem;
    fate: 'full' | 'check_return' | 'returned' | 'skip_contact' | 'open';
    pick: <T>(list: readonly T[]) => T;
  }) {
    const { unit, username, problem, fate, pick } = plan;
    // the clock runs for days: people sign in again when their sessions have run out
    const resident = await tokenOf('asm-resident', 'resident');
    const member = await t.models.Agent.findOne({ username }).lean();
    const now = () => t.clock.now().getTime();
    const post = async (path: string, body: object = {}) =>
      t.http
        .post(path)
        .set(t.bearer(await tokenOf(username, 'field')))
        .send(body)
        .expect(200);
    const h: Happened = {
      unit,
      member: String(member?._id),
      problem,
      dispatchedAt: 0,
      contactAt: null,
      arrivedAt: null,
      completedAt: null,
      returnedAt: null,
      checked: false,
      checkReturned: false,
      rating: null,
    };
    const id = await t.report(resident, { problem, accountId: accounts[unit] });
    h.dispatchedAt = now();
    t.clock.advance(pick([1, 3]) * MINUTE);
    await post(`/api/field/orders/${id}/accept`);
    if (fate !== 'skip_contact') {
      t.clock.advance(pick([4, 15, 45]) * MINUTE);
      await post(`/api/field/orders/${id}/progress`, { step: 'contacted' });
      h.contactAt = now();
    }
    if (fate === 'open') {
      happened.push(h);
      return;
    }
    if (fate === 'returned') {
      t.clock.advance(pick([10, 90]) * MINUTE);
      await post(`/api/field/orders/${id}/return`, { reason: '不是我们片区的线路' });
      h.returnedAt = now();
      happened.push(h);
      return;
    }
    t.clock.advance(pick([20, 40, 180, 26 * 60]) * MINUTE);
    await post(`/api/field/orders/${id}/progress`, { step: 'arrived' });
    h.arrivedAt = now();
    h.contactAt ??= now();
    t.clock.advance(pick([30, 150, 4 * 24 * 60]) * MINUTE);
    await post(`/api/field/orders/${id}/complete`, { summary: '处理完毕', cause: 'equipment' });
    h.completedAt = now();
    const check = async (body: object) => {
      const checker =
        unit === 'east' ? await t.staff('asm-coord01', 'coordinator') : await t.staff('asm-super', 'supervisor');
      return t.http.post(`/api/agent/workorders/${id}/check`).set(t.bearer(checker.token)).send(body).expect(200);
    };
    if (fate === 'check_return') {
      await check({ accept: false, reason: '回单照片不清楚' });
      h.checkReturned = true;
      t.clock.advance(HOUR);
      await post(`/api/field/orders/${id}/progress`, { step: 'arrived' });
      await post(`/api/field/orders/${id}/complete`, { summary: '重新处理', cause: 'equipment' });
    }
    await check({ accept: true });
    h.checked = true;
    const rating = pick(['good', 'good', 'average', 'poor', null] as const);
    if (rating) {
      await t.http
        .post(`/api/workorders/${id}/rating`)
        .set(t.bearer(await tokenOf('asm-resident', 'resident')))
        .send({ satisfaction: rating })
        .expect(200);
      h.rating = rating;
    }
    happened.push(h);
  }

  /** The month's assessment as the API answers it, checked against what happened. */
  async function checked(label: string, month = '2026-01', before = '2025-12') {
    const supervisor = await t.staff('asm-super', 'supervisor');
    const res = await t.http
      .get(`/api/agent/assessment?period=month&day=${month}-15`)
      .set(t.bearer(supervisor.token))
      .expect(200);
    const report = Assessment.parse(res.body);
    expect(report.current).toMatchObject({ from: `${month}-01` });
    expect(report.previous).toMatchObject({ from: `${before}-01` });
    const now = t.clock.now().getTime();
    const inMonth = (h: Happened, month: string) => new Date(h.dispatchedAt + 8 * HOUR).toISOString().startsWith(month);
    for (const unit of ['east', 'west'] as const) {
      const row = report.units.find((u) => u.unit.id === units[unit]);
      const current = happened.filter((h) => h.unit === unit && inMonth(h, month));
      const previous = happened.filter((h) => h.unit === unit && inMonth(h, before));
      expect(row?.current, `${label}: ${unit} current`).toEqual(expected(current, now));
      expect(row?.previous, `${label}: ${unit} previous`).toEqual(expected(previous, now));
      for (const username of members[unit]) {
        const member = await t.models.Agent.findOne({ username }).lean();
        const mine = (list: Happened[]) => list.filter((h) => h.member === String(member?._id));
        const m = row?.members.find((x) => x.member.id === String(member?._id));
        expect(m?.current, `${label}: ${username} current`).toEqual(expected(mine(current), now));
        expect(m?.previous, `${label}: ${username} previous`).toEqual(expected(mine(previous), now));
      }
    }
    return report;
  }

  it('counts this month and the previous one per unit and per member as the raw events say, ranked', async () => {
    // every day read from its steps (no sum yet), then from the day sums the runner's job keeps
    await checked('from the steps');
    const days = t.services.workorders.assessment.days;
    expect(await days.settle()).toBeGreaterThan(0);
    const [marks, sums] = await Promise.all([
      t.models.WorkOrderDayMark.find().lean(),
      t.models.WorkOrderDaySum.find().lean(),
    ]);
    expect(sums.map((s) => [s._id, s.token]).sort()).toEqual(marks.map((m) => [m._id, m.token]).sort());
    const report = await checked('from the sums');
    // February's one order is still open: its completion limit passes with no step, and the
    // fresh sum counts it late from then on
    const open = await checked('February, from the sums', '2026-02', '2026-01');
    t.clock.advance(3 * HOUR);
    expect(await days.settle()).toBe(0);
    const later = await checked('February, from the sums, a limit passed since', '2026-02', '2026-01');
    const east = (r: Assessment) => r.units.find((u) => u.unit.id === units.east)?.current.completionOnTime.of;
    expect(east(later)).toBe((east(open) ?? 0) + 1);
    // every kind of figure was actually measured, so the comparison says something
    const all = report.units.flatMap((u) => [u.current, u.previous]);
    for (const key of [
      'contactOnTime',
      'arrivalOnTime',
      'completionOnTime',
      'returned',
      'returnedAtCheck',
      'satisfaction',
    ] as const) {
      expect(
        all.some((f) => (f[key].count > 0 && f[key].count < f[key].of) || f[key].count > 0),
        key,
      ).toBe(true);
    }
    expect(happened.filter((h) => h.returnedAt).length).toBeGreaterThan(0);
    expect(happened.filter((h) => h.checkReturned).length).toBeGreaterThan(0);
    // ranked by score, best first
    const scores = report.units.map((u) => u.current.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(report.units.map((u) => u.rank)).toEqual([1, 2]);
  });

  it('lays out weeks from Monday and quarters from their first month, in Beijing days', () => {
    expect(periodsOf('week', '2026-01-07')).toMatchObject({
      current: { from: '2026-01-05', to: '2026-01-11' },
      previous: { from: '2025-12-29', to: '2026-01-04' },
    });
    expect(periodsOf('quarter', '2026-05-20')).toMatchObject({
      current: { from: '2026-04-01', to: '2026-06-30', label: '2026年第2季度' },
      previous: { from: '2026-01-01', to: '2026-03-31', label: '2026年第1季度' },
    });
    expect(periodsOf('month', '2026-03-31').previous).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
  });
});
