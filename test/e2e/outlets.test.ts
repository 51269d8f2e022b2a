import { describe, expect, it } from 'vitest';
import { phoneContext, screenshot } from '../helpers/browser';
import { demoAndBrowser } from '../helpers/e2e';

interface ApiOutlet {
  id: string;
  name: string;
  district: string;
  location: { lat: number; lng: number };
  open: { openNow: boolean };
}

/** Great-circle distance computed here, independently of the BFF. */
function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lng - a.lng) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** The browser's fake position (WGS-84, as a phone's GPS gives it): near 天安门. */
const HERE = { latitude: 39.9075, longitude: 116.3913 };

describe('the 网点 tab in the H5 app', () => {
  const run = demoAndBrowser();

  /** Every seeded outlet with its open state right now, straight from the API. */
  async function allOutlets(query = ''): Promise<ApiOutlet[]> {
    const res = await fetch(`${run.demo.url}/api/outlets?limit=50${query}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { outlets: ApiOutlet[] }).outlets;
  }

  /** The nearest open outlet from `at`, or the nearest of all when none is open now. */
  function expectedFirst(outlets: ApiOutlet[], at: { lat: number; lng: number }): string | undefined {
    const open = outlets.filter((o) => o.open.openNow);
    const pool = open.length > 0 ? open : outlets;
    return [...pool].sort((a, b) => distanceM(at, a.location) - distanceM(at, b.location))[0]?.name;
  }

  it('with the location granted, shows the nearest outlet open now first', async () => {
    const context = await phoneContext(run.browser, { geolocation: HERE });
    const page = await context.newPage();
    await page.goto(`${run.demo.url}/`);
    await page.getByText('网点', { exact: true }).last().click();

    // it explains first and asks only on a tap
    await expect.poll(() => page.getByText('位置只用来算距离，不会保存。').count()).toBeGreaterThan(0);
    const listRequest = page.waitForRequest((r) => r.url().includes('/api/outlets?') && r.url().includes('limit=20'));
    await page.getByRole('button', { name: '用我的位置找最近的网点' }).click();
    const sent = new URL((await listRequest).url()).searchParams;
    const at = { lat: Number(sent.get('lat')), lng: Number(sent.get('lng')) };
    // the browser's WGS-84 fix is sent as GCJ-02: shifted by a few hundred metres in Beijing
    const shift = distanceM({ lat: HERE.latitude, lng: HERE.longitude }, at);
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);

    const before = expectedFirst(await allOutlets(), at);
    await expect.poll(() => page.locator('.outlet-card').count()).toBeGreaterThan(3);
    const first = await page.locator('.outlet-card .outlet-card__name').first().textContent();
    const after = expectedFirst(await allOutlets(), at);
    // the test may run at any hour: an outlet can open or close between the two reads
    expect([before, after]).toContain(first);
    const anyOpen = (await allOutlets()).some((o) => o.open.openNow);
    if (anyOpen) {
      await expect.poll(() => page.locator('.outlet-card--featured').count()).toBe(1);
      await expect.poll(() => page.getByText('离您最近的营业中网点').count()).toBe(1);
    }
    // the rest follow by distance
    const names = await page.locator('.outlet-card:not(.outlet-card--featured) .outlet-card__name').allTextContents();
    const byName = new Map((await allOutlets()).map((o) => [o.name, o]));
    const distances = names.map((n) => {
      const outlet = byName.get(n);
      return outlet ? distanceM(at, outlet.location) : Number.NaN;
    });
    expect(distances.every((d, i) => i === 0 || d >= (distances[i - 1] ?? 0) - 1)).toBe(true);
    await screenshot(page, 'outlets-near');

    // the card opens the detail page with the week's hours
    await page.locator('.outlet-card').first().click();
    await expect.poll(() => page.getByText('营业时间', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(first ?? '', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('演示数据', { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: /^打电话/ }).count()).toBeGreaterThan(0);
    await screenshot(page, 'outlets-detail');
    await context.close();
  });

  it('with the location denied, falls back to choosing a district and lists its outlets', async () => {
    const context = await phoneContext(run.browser);
    const page = await context.newPage();
    await page.goto(`${run.demo.url}/`);
    await page.getByText('网点', { exact: true }).last().click();
    await page.getByRole('button', { name: '用我的位置找最近的网点' }).click();

    await expect.poll(() => page.getByText(/没有拿到您的位置/).count()).toBeGreaterThan(0);
    const districtList = page.waitForResponse(
      (r) => r.url().includes('/api/outlets?') && r.url().includes('district='),
    );
    await page.getByRole('button', { name: '朝阳区', exact: true }).click();
    expect((await districtList).status()).toBe(200);

    const expected = (await allOutlets()).filter((o) => o.district === '朝阳区').map((o) => o.name);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.outlet-card').count()).toBe(expected.length);
    const names = await page.locator('.outlet-card .outlet-card__name').allTextContents();
    expect(names.sort()).toEqual([...expected].sort());
    const districts = await page.locator('.outlet-card .outlet-card__district').allTextContents();
    expect(new Set(districts)).toEqual(new Set(['朝阳区']));
    await screenshot(page, 'outlets-district');
    await context.close();
  });
});
