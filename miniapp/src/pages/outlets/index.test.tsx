import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutletList, OutletSummary } from '@bianmin/shared';
import { SessionProvider } from '../../store/SessionProvider';
import { StorageKey } from '../../store/storage';
import { createFakeBff, createTestSession, memoryKeyValueStorage } from '../../test/fake-bff';
import type * as TaroDouble from '../../test/taro';
import { navigateTo, request } from '../../test/taro';
import { formatDistance, wgs84ToGcj02 } from '../../lib/location';
import OutletsPage from '.';

const { getLocation } = vi.hoisted(() => ({ getLocation: vi.fn() }));
vi.mock('@tarojs/taro', async (importOriginal) => {
  const mod = await importOriginal<typeof TaroDouble>();
  return { ...mod, getLocation, default: { ...mod.default, getLocation } };
});

function outlet(id: string, name: string, openNow: boolean, distanceMeters: number | null): OutletSummary {
  return {
    id: id.padStart(24, '0'),
    name,
    utilities: ['water'],
    services: ['pay', 'business'],
    facilities: ['accessible', 'elderWindow'],
    district: '朝阳区',
    address: '北京市朝阳区某路1号',
    location: { lat: 39.92, lng: 116.44 },
    phone: '96116',
    distanceMeters,
    open: {
      openNow,
      hint: openNow ? '营业到 17:00' : '明天 8:30 开门',
      changesAt: null,
      closesInMinutes: null,
      todayNote: null,
    },
    queueLength: null,
    demo: true,
  };
}

const NEAR_CLOSED = outlet('1', '近处休息的营业厅', false, 300);
const FAR_OPEN = outlet('2', '远一点营业中的营业厅', true, 1800);

/** The URLs the page asked the BFF for. */
const urls = () => request.mock.calls.map((call) => (call as unknown as [{ url: string }])[0].url);

function renderOutlets(elderMode = false) {
  const storage = memoryKeyValueStorage({ [StorageKey.elderMode]: elderMode });
  const { session } = createTestSession(createFakeBff({ elderMode }), storage);
  render(
    <SessionProvider store={session}>
      <OutletsPage />
    </SessionProvider>,
  );
}

beforeEach(() => {
  request.mockImplementation(((options: { url: string }) => {
    const url = new URL(options.url, 'http://h5.test');
    const body: OutletList = {
      asOf: '2026-11-23T02:00:00.000Z',
      outlets:
        url.searchParams.get('openNow') === 'true'
          ? [FAR_OPEN]
          : url.searchParams.has('district')
            ? [{ ...FAR_OPEN, distanceMeters: null }]
            : [NEAR_CLOSED, FAR_OPEN],
    };
    return Promise.resolve({ statusCode: 200, data: body });
  }) as unknown as Parameters<typeof request.mockImplementation>[0]);
});

describe('网点 tab', () => {
  it('explains why it wants the location and does not ask before the tap', () => {
    renderOutlets();
    expect(screen.getByText(/位置只用来算距离/)).toBeTruthy();
    expect(screen.getByRole('button', { name: '用我的位置找最近的网点' })).toBeTruthy();
    expect(getLocation).not.toHaveBeenCalled();
  });

  it('puts the nearest open outlet first, then the rest by distance', async () => {
    getLocation.mockResolvedValue({ latitude: 39.9075, longitude: 116.3913 });
    renderOutlets();
    fireEvent.click(screen.getByRole('button', { name: '用我的位置找最近的网点' }));
    await screen.findByText('离您最近的营业中网点');
    const cards = screen.getAllByRole('link');
    expect(cards[0]?.textContent).toContain('远一点营业中的营业厅');
    expect(cards[1]?.textContent).toContain('近处休息的营业厅');
    // asked once, in WGS-84 in H5, and sent as GCJ-02
    expect(getLocation).toHaveBeenCalledTimes(1);
    expect(getLocation.mock.calls[0]?.[0]).toMatchObject({ type: 'wgs84' });
    const sent = new URL(urls().find((u) => u.includes('limit=20')) ?? '', 'http://h5.test').searchParams;
    const expected = wgs84ToGcj02(39.9075, 116.3913);
    expect(Number(sent.get('lat'))).toBeCloseTo(expected.lat, 6);
    expect(Number(sent.get('lng'))).toBeCloseTo(expected.lng, 6);
    // 爱心窗口 comes first among the badges
    expect(screen.getAllByText('爱心窗口').length).toBeGreaterThan(0);
    fireEvent.click(cards[0] as HTMLElement);
    expect(navigateTo).toHaveBeenCalledWith({ url: `/packages/outlets/detail/index?id=${FAR_OPEN.id}` });
  });

  it('falls back to choosing a district when the location is refused, and lists that district', async () => {
    getLocation.mockRejectedValue({ errMsg: 'getLocation:fail User denied Geolocation' });
    renderOutlets();
    fireEvent.click(screen.getByRole('button', { name: '用我的位置找最近的网点' }));
    await screen.findByText(/没有拿到您的位置/);
    fireEvent.click(screen.getByRole('button', { name: '朝阳区' }));
    await screen.findByText('远一点营业中的营业厅');
    expect(urls().some((u) => u.includes(`district=${encodeURIComponent('朝阳区')}`))).toBe(true);
    expect(screen.queryByText('离您最近的营业中网点')).toBeNull();
  });

  it('sends the chosen filters with the query', async () => {
    getLocation.mockResolvedValue({ latitude: 39.9075, longitude: 116.3913 });
    renderOutlets();
    fireEvent.click(screen.getByRole('button', { name: '用我的位置找最近的网点' }));
    await screen.findByText('离您最近的营业中网点');
    fireEvent.click(screen.getByRole('button', { name: '燃气费' }));
    fireEvent.click(screen.getByRole('button', { name: '爱心窗口' }));
    await waitFor(() =>
      expect(urls().some((u) => u.includes('utility=gas') && u.includes('elderWindow=true'))).toBe(true),
    );
    expect(screen.getByRole('button', { name: '爱心窗口' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('in elder mode shows only the 营业中 and 爱心窗口 filters', async () => {
    getLocation.mockResolvedValue({ latitude: 39.9075, longitude: 116.3913 });
    renderOutlets(true);
    fireEvent.click(screen.getByRole('button', { name: '用我的位置找最近的网点' }));
    await screen.findByText('离您最近的营业中网点');
    expect(screen.getByRole('button', { name: '营业中' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '爱心窗口' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: '类别' })).toBeNull();
    expect(screen.queryByRole('group', { name: '业务' })).toBeNull();
  });
});

describe('outlet location helpers', () => {
  it('shifts a Beijing WGS-84 fix by a few hundred metres and leaves places outside China alone', () => {
    const gcj = wgs84ToGcj02(39.9075, 116.3913);
    expect(gcj.lat - 39.9075).toBeGreaterThan(0.0005);
    expect(gcj.lat - 39.9075).toBeLessThan(0.003);
    expect(gcj.lng - 116.3913).toBeGreaterThan(0.004);
    expect(gcj.lng - 116.3913).toBeLessThan(0.008);
    expect(wgs84ToGcj02(48.8566, 2.3522)).toEqual({ lat: 48.8566, lng: 2.3522 });
  });

  it('formats distances in 米 and 公里', () => {
    expect(formatDistance(843)).toBe('840 米');
    expect(formatDistance(1234)).toBe('1.2 公里');
    expect(formatDistance(23_456)).toBe('23 公里');
  });
});
