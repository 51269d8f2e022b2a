import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cityDistricts,
  OutletDetail,
  OutletList,
  outletServiceValues,
  utilityValues,
  type OutletSummary,
} from '@bianmin/shared';
import { createManualClock } from '../../lib/clock';
import { createLogger } from '../../lib/logger';
import { DEMO_OUTLETS, seedOutlets } from '../../seed/outlets';
import { createTestApp, type TestApp } from '../../testing/app';

// The server runs in another zone than the city: "open now" must not depend on it.
process.env.TZ = 'America/New_York';

/** An independent great-circle distance (spherical law of cosines, not the BFF's haversine). */
function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = Math.PI / 180;
  const cos =
    Math.sin(a.lat * r) * Math.sin(b.lat * r) +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.cos((b.lng - a.lng) * r);
  return 6_371_008.8 * Math.acos(Math.min(1, Math.max(-1, cos)));
}

/** Monday 2026-11-23, 12:30 in Shanghai: lunch break at the halls, shops and post offices open. */
const MONDAY_LUNCH = '2026-11-23T04:30:00.000Z';
const TIANANMEN = { lat: 39.9087, lng: 116.3975 };

describe('GET /api/outlets', () => {
  let t: TestApp;
  const clock = createManualClock(MONDAY_LUNCH);
  let all: OutletSummary[];

  const list = async (query: Record<string, string | number | boolean>) => {
    const res = await t.http.get('/api/outlets').query(query).expect(200);
    return OutletList.parse(res.body).outlets;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedOutlets(t.models, createLogger('silent'));
    all = await list({ limit: 50 });
  });
  afterAll(() => t.close());

  it('answers without signing in, every demo outlet marked as demo data', () => {
    expect(all).toHaveLength(DEMO_OUTLETS.length);
    expect(all.every((o) => o.demo)).toBe(true);
  });

  it('orders by distance exactly as an independent computation does, for random positions (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // around Beijing, where the outlets are
          fc.record({
            lat: fc.double({ min: 39.4, max: 40.5, noNaN: true }),
            lng: fc.double({ min: 115.9, max: 117.1, noNaN: true }),
          }),
          // anywhere on Earth, poles and the 180° meridian included
          fc.record({
            lat: fc.double({ min: -90, max: 90, noNaN: true }),
            lng: fc.double({ min: -180, max: 180, noNaN: true }),
          }),
        ),
        fc.integer({ min: 1, max: 50 }),
        async (at, limit) => {
          const outlets = await list({ lat: at.lat, lng: at.lng, limit });
          const expected = all.map((o) => ({ id: o.id, d: distanceM(at, o.location) })).sort((a, b) => a.d - b.d);
          expect(outlets).toHaveLength(Math.min(limit, all.length));
          const got = outlets.map((o) => ({ id: o.id, d: distanceM(at, o.location), reported: o.distanceMeters }));
          for (let i = 0; i < got.length; i++) {
            const cur = got[i];
            if (!cur) continue;
            expect(Math.abs((cur.reported ?? -1) - cur.d)).toBeLessThan(1);
            const prev = got[i - 1];
            if (prev) expect(cur.d).toBeGreaterThanOrEqual(prev.d - 0.01);
          }
          // the k nearest, nothing skipped: none left out is nearer than the farthest returned
          const farthest = got[got.length - 1]?.d ?? 0;
          const returned = new Set(got.map((g) => g.id));
          const nearerLeftOut = expected.filter((e) => !returned.has(e.id) && e.d < farthest - 0.01);
          expect(nearerLeftOut).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('without a position lists by district in the city order, then by name', () => {
    const ranks = all.map((o) => cityDistricts.indexOf(o.district as (typeof cityDistricts)[number]));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const collator = new Intl.Collator('zh-CN');
    for (const district of cityDistricts) {
      const names = all.filter((o) => o.district === district).map((o) => o.name);
      expect(names).toEqual([...names].sort(collator.compare));
    }
    expect(all.every((o) => o.distanceMeters === null)).toBe(true);
  });

  it('combines every filter: utility, service, open now, elderly window, district', async () => {
    const utilities = [undefined, 'water', 'power', 'telecom'] as const;
    const services = [undefined, 'install', 'terminal'] as const;
    const districts = [undefined, '东城区', '朝阳区'] as const;
    let nonEmpty = 0;
    for (const utility of utilities)
      for (const service of services)
        for (const district of districts)
          for (const openNow of [undefined, true])
            for (const elderWindow of [undefined, true]) {
              const params: Record<string, string | number | boolean> = { limit: 50 };
              if (utility) params.utility = utility;
              if (service) params.service = service;
              if (district) params.district = district;
              if (openNow) params.openNow = openNow;
              if (elderWindow) params.elderWindow = elderWindow;
              const got = await list(params);
              const expected = all.filter(
                (o) =>
                  (!utility || o.utilities.includes(utility)) &&
                  (!service || o.services.includes(service)) &&
                  (!district || o.district === district) &&
                  (!openNow || o.open.openNow) &&
                  (!elderWindow || o.facilities.includes('elderWindow')),
              );
              expect(
                got.map((o) => o.id),
                JSON.stringify(params),
              ).toEqual(expected.map((o) => o.id));
              if (expected.length > 0) nonEmpty++;
            }
    // the combinations really cut: some lists are empty, many are not
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('combines filters with a position too, still nearest first', async () => {
    const got = await list({ ...TIANANMEN, utility: 'power', openNow: true, elderWindow: true, limit: 50 });
    const expected = all
      .filter((o) => o.utilities.includes('power') && o.open.openNow && o.facilities.includes('elderWindow'))
      .sort((a, b) => distanceM(TIANANMEN, a.location) - distanceM(TIANANMEN, b.location));
    expect(got.map((o) => o.name)).toEqual(expected.map((o) => o.name));
  });

  it('reckons open now at the injected clock in Shanghai time: halls at lunch, shops open', async () => {
    const byName = (name: string) => all.find((o) => o.name === name);
    expect(byName('北京自来水集团东城营业厅')?.open).toMatchObject({ openNow: false, hint: '13:30 开门' });
    expect(byName('中国联通西单营业厅')?.open).toMatchObject({ openNow: true, hint: '营业到 19:00' });
    expect(byName('广安门便民缴费服务站')?.open).toMatchObject({ openNow: true, hint: '24小时营业' });

    // the same Monday at 18:40: the shop counts down, the hall opens tomorrow
    clock.set('2026-11-23T10:40:00.000Z');
    try {
      const evening = await list({ limit: 50 });
      const named = (name: string) => evening.find((o) => o.name === name)?.open;
      expect(named('中国联通西单营业厅')).toMatchObject({
        openNow: true,
        hint: '还有 20 分钟关门',
        closesInMinutes: 20,
      });
      expect(named('北京自来水集团东城营业厅')).toMatchObject({ openNow: false, hint: '明天 8:30 开门' });
      const open = await list({ openNow: true, limit: 50 });
      expect(open.every((o) => o.open.openNow)).toBe(true);
      expect(open.length).toBeGreaterThan(0);
    } finally {
      clock.set(MONDAY_LUNCH);
    }
  });

  it('follows the holiday calendar: halls closed on 元旦 with the note', async () => {
    clock.set('2027-01-01T02:00:00.000Z'); // Friday 10:00 in Shanghai, a holiday
    try {
      const halls = await list({ utility: 'water', limit: 50 });
      const hall = halls.find((o) => o.name === '北京自来水集团东城营业厅');
      expect(hall?.open).toMatchObject({ openNow: false, todayNote: '元旦休息' });
      // closed 1st to 3rd: next opening is Monday the 4th
      expect(hall?.open.hint).toBe('周一 8:30 开门');
    } finally {
      clock.set(MONDAY_LUNCH);
    }
  });

  it('widens the search when nothing is near, and still answers nearest first', async () => {
    const shanghai = { lat: 31.2304, lng: 121.4737 };
    const got = await list({ ...shanghai, limit: 3 });
    expect(got).toHaveLength(3);
    expect(got[0]?.distanceMeters).toBeGreaterThan(1_000_000);
  });

  it('counts the outlets of one district with a limit', async () => {
    const got = await list({ district: '海淀区', limit: 2 });
    expect(got.map((o) => o.district)).toEqual(['海淀区', '海淀区']);
  });

  it.each([
    [{ lat: 91, lng: 116 }, 'query.lat', /纬度/],
    [{ lat: -90.5, lng: 116 }, 'query.lat', /纬度/],
    [{ lat: 39, lng: 181 }, 'query.lng', /经度/],
    [{ lat: 39, lng: 'east' }, 'query.lng', /经度/],
    [{ lat: 39 }, 'query.lng', /纬度和经度要一起提供/],
    [{ limit: 0 }, 'query.limit', /数量/],
    [{ limit: 51 }, 'query.limit', /数量/],
    [{ limit: 2.5 }, 'query.limit', /整数/],
    [{ utility: 'electric' }, 'query.utility', /类别/],
    [{ service: 'repair' }, 'query.service', /业务/],
    [{ district: '浦东新区' }, 'query.district', /城区/],
    [{ openNow: 'maybe' }, 'query.openNow', /营业中/],
  ])('refuses %j with a 400 naming the field in Chinese, not an empty list', async (query, path, message) => {
    const res = await t.http.get('/api/outlets').query(query).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const issue = (res.body.error.details as Array<{ path: string; message: string }>).find((d) => d.path === path);
    expect(issue?.message).toMatch(message);
  });

  it('refuses the same parameter given twice', async () => {
    const res = await t.http.get('/api/outlets?utility=water&utility=gas').expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/outlets/:id', () => {
  let t: TestApp;
  const clock = createManualClock('2026-11-26T02:00:00.000Z'); // Thursday 10:00 in Shanghai

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await seedOutlets(t.models, createLogger('silent'));
  });
  afterAll(() => t.close());

  it("shows the week's hours, today, the phone and the coming holidays", async () => {
    const outlet = await t.models.Outlet.findOne({ key: 'demo-dc-water' }).lean();
    const res = await t.http.get(`/api/outlets/${String(outlet?._id)}`).expect(200);
    const detail = OutletDetail.parse(res.body);
    expect(detail.name).toBe('北京自来水集团东城营业厅');
    expect(detail.today).toBe(4);
    expect(detail.week[0]).toMatchObject({ label: '周一', text: '8:30–12:00，13:30–17:00' });
    expect(detail.week[6]).toMatchObject({ label: '周日', text: '休息' });
    expect(detail.open).toMatchObject({ openNow: true, hint: '营业到 12:00' });
    expect(detail.phone).toBe('96116');
    expect(detail.exceptions[0]).toMatchObject({ date: '2027-01-01', note: '元旦休息', text: '休息' });
    expect(detail.exceptions.every((e) => e.date >= '2026-11-26' && e.date <= '2027-01-25')).toBe(true);
  });

  it.each([['000000000000000000000000'], ['not-an-id'], ['1234']])(
    'answers 404 in the error envelope for an unknown or malformed id (%s)',
    async (id) => {
      const res = await t.http.get(`/api/outlets/${id}`).expect(404);
      expect(res.body.error).toMatchObject({ code: 'OUTLET_NOT_FOUND', message: expect.stringMatching(/网点/) });
    },
  );
});

describe('demo outlets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('cover every utility and district of the demo city with plausible Beijing coordinates', () => {
    expect(DEMO_OUTLETS.length).toBeGreaterThanOrEqual(36);
    for (const utility of utilityValues) expect(DEMO_OUTLETS.some((o) => o.utilities.includes(utility))).toBe(true);
    for (const district of cityDistricts) expect(DEMO_OUTLETS.some((o) => o.district === district)).toBe(true);
    for (const o of DEMO_OUTLETS) {
      expect(o.location.lat).toBeGreaterThan(39.4);
      expect(o.location.lat).toBeLessThan(41.1);
      expect(o.location.lng).toBeGreaterThan(115.4);
      expect(o.location.lng).toBeLessThan(117.5);
      expect(o.address.startsWith('北京市')).toBe(true);
      expect(o.demo).toBe(true);
    }
    expect(DEMO_OUTLETS.some((o) => o.facilities.includes('elderWindow'))).toBe(true);
  });

  it('are valid outlets by the model, whose hours format refuses malformed strings', async () => {
    for (const o of DEMO_OUTLETS) await expect(new t.models.Outlet(o).validate()).resolves.toBeUndefined();
    const [first] = DEMO_OUTLETS;
    await expect(new t.models.Outlet({ ...first, weekly: '08:30-12:00' }).validate()).rejects.toThrow(/weekly/);
    await expect(new t.models.Outlet({ ...first, exceptions: '2027-1-1||x' }).validate()).rejects.toThrow(/exceptions/);
  });

  it('seeds once: running the seed again adds nothing and keeps changes', async () => {
    const logger = createLogger('silent');
    await seedOutlets(t.models, logger);
    await t.models.Outlet.updateOne({ key: 'demo-dc-water' }, { $set: { queueLength: 12 } });
    await seedOutlets(t.models, logger);
    expect(await t.models.Outlet.countDocuments()).toBe(DEMO_OUTLETS.length);
    expect((await t.models.Outlet.findOne({ key: 'demo-dc-water' }).lean())?.queueLength).toBe(12);
  });
});

describe('the in-memory copy of the outlets', () => {
  let fresh: TestApp;
  let kept: TestApp;
  const clock = createManualClock(MONDAY_LUNCH);

  beforeAll(async () => {
    fresh = await createTestApp({ clock, env: { OUTLETS_CACHE_MS: '0' } });
    await seedOutlets(fresh.models, createLogger('silent'));
    kept = await createTestApp({ clock, env: { OUTLETS_CACHE_MS: '600000' }, dbName: fresh.config.db.name });
  });
  afterAll(async () => {
    await kept.close({ keepDatabase: true });
    await fresh.close();
  });

  it('answers every combination of filters exactly as the database query does (property)', async () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          at: maybe(
            fc.record({
              lat: fc.double({ min: 39.4, max: 40.5, noNaN: true }),
              lng: fc.double({ min: 115.9, max: 117.1, noNaN: true }),
            }),
          ),
          utility: maybe(fc.constantFrom(...utilityValues)),
          service: maybe(fc.constantFrom(...outletServiceValues)),
          district: maybe(fc.constantFrom(...cityDistricts)),
          elderWindow: maybe(fc.constant(true)),
          openNow: maybe(fc.constant(true)),
          limit: fc.integer({ min: 1, max: 50 }),
          minutes: fc.integer({ min: 0, max: 7 * 24 * 60 }),
        }),
        async ({ at, minutes, ...filters }) => {
          clock.set(new Date(Date.parse(MONDAY_LUNCH) + minutes * 60_000));
          const query = Object.fromEntries(
            Object.entries({ ...filters, lat: at?.lat, lng: at?.lng }).filter(([, v]) => v !== undefined),
          );
          const [a, b] = await Promise.all(
            [fresh, kept].map(
              async (app) => (await app.http.get('/api/outlets').query(query).expect(200)).body as unknown,
            ),
          );
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 80 },
    );
  });
});
