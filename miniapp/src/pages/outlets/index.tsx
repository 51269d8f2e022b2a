import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import {
  cityDistricts,
  outletServiceLabels,
  outletServiceValues,
  utilityLabels,
  utilityValues,
  type CityDistrict,
  type OutletService,
  type OutletSummary,
  type QueryOf,
  type Utility,
} from '@bianmin/shared';
import { ActionButton } from '../../components/ActionButton';
import { ChipGroup } from '../../components/ChipGroup';
import { Page } from '../../components/Page';
import { roleProps } from '../../lib/a11y';
import { api } from '../../services';
import { useSession } from '../../store/SessionProvider';
import { locate, type Position } from '../../lib/location';
import { OutletCard } from './OutletCard';
import './index.scss';

/** Remembered after the first granted location, so the tab does not ask again. */
const USE_LOCATION_KEY = 'bianmin.outlets.useLocation';

type Where =
  | { kind: 'intro' }
  | { kind: 'locating' }
  | { kind: 'choose'; noLocation: boolean }
  | { kind: 'near'; position: Position }
  | { kind: 'district'; district: CityDistrict };

interface Filters {
  utility: Utility | null;
  service: OutletService | null;
  openNow: boolean;
  elderWindow: boolean;
}

type Results =
  { status: 'error'; message: string } | { status: 'done'; featured: OutletSummary | null; outlets: OutletSummary[] };

const UTILITY_OPTIONS = utilityValues.map((value) => ({ value, label: utilityLabels[value] }));
const SERVICE_OPTIONS = outletServiceValues.map((value) => ({ value, label: outletServiceLabels[value] }));
const FLAG_OPTIONS = [
  { value: 'openNow', label: '营业中' },
  { value: 'elderWindow', label: '爱心窗口' },
];

/**
 * 网点: the nearest outlets that can do what the resident needs. It explains why it wants the
 * location and asks only on a tap; without a location it offers the districts as big buttons.
 * Elder mode shows only the two filters that matter most and the nearest open outlet first.
 */
export default function OutletsPage() {
  const { elderMode } = useSession();
  const [where, setWhere] = useState<Where>(() =>
    Taro.getStorageSync(USE_LOCATION_KEY) === true ? { kind: 'locating' } : { kind: 'intro' },
  );
  const [filters, setFilters] = useState<Filters>({ utility: null, service: null, openNow: false, elderWindow: false });
  const [attempt, setAttempt] = useState(0);
  // answers are kept with the request they answer: a newer request shows "loading" until its own
  const request = JSON.stringify({ where, filters, elderMode, attempt });
  const [answer, setAnswer] = useState<{ request: string; results: Results } | null>(null);
  const results: Results | { status: 'loading' } = answer?.request === request ? answer.results : { status: 'loading' };

  const findMe = () => {
    setWhere({ kind: 'locating' });
  };

  useEffect(() => {
    if (where.kind !== 'locating') return;
    let live = true;
    void locate().then((position) => {
      if (!live) return;
      if (position) {
        Taro.setStorageSync(USE_LOCATION_KEY, true);
        setWhere({ kind: 'near', position });
      } else {
        Taro.removeStorageSync(USE_LOCATION_KEY);
        setWhere({ kind: 'choose', noLocation: true });
      }
    });
    return () => {
      live = false;
    };
  }, [where.kind]);

  useEffect(() => {
    if (where.kind !== 'near' && where.kind !== 'district') return;
    let live = true;
    const key = JSON.stringify({ where, filters, elderMode, attempt });
    // elder mode hides the utility and service filters, so they must not apply unseen
    const query: QueryOf<'listOutlets'> = {
      ...(!elderMode && filters.utility ? { utility: filters.utility } : {}),
      ...(!elderMode && filters.service ? { service: filters.service } : {}),
      ...(filters.openNow ? { openNow: true } : {}),
      ...(filters.elderWindow ? { elderWindow: true } : {}),
    };
    const load =
      where.kind === 'near'
        ? Promise.all([
            api.call('listOutlets', { query: { ...query, ...where.position, limit: 20 } }),
            api.call('listOutlets', { query: { ...query, ...where.position, openNow: true, limit: 1 } }),
          ]).then(([list, nearestOpen]) => {
            const featured = nearestOpen.outlets[0] ?? null;
            return { featured, outlets: list.outlets.filter((o) => o.id !== featured?.id) };
          })
        : api
            .call('listOutlets', { query: { ...query, district: where.district, limit: 50 } })
            .then((list) => ({ featured: null, outlets: list.outlets }));
    load.then(
      (data) => {
        if (live) setAnswer({ request: key, results: { status: 'done', ...data } });
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : '网点信息没有取到。';
        if (live) setAnswer({ request: key, results: { status: 'error', message } });
      },
    );
    return () => {
      live = false;
    };
  }, [where, filters, elderMode, attempt]);

  const toggleFlag = (value: string) => {
    if (value === 'openNow' || value === 'elderWindow') setFilters((f) => ({ ...f, [value]: !f[value] }));
  };
  const flagsOn = FLAG_OPTIONS.map((o) => o.value).filter((v) => filters[v as 'openNow' | 'elderWindow']);

  return (
    <Page className="outlets">
      <Text className="bm-heading">附近网点</Text>

      {where.kind === 'intro' ? (
        <View className="bm-stack">
          <Text className="bm-text">告诉我们您在哪里，就能按远近列出营业厅，最近的排在最前面。</Text>
          <Text className="bm-note">位置只用来算距离，不会保存。</Text>
          <ActionButton variant="primary" onPress={findMe}>
            用我的位置找最近的网点
          </ActionButton>
          <ActionButton onPress={() => setWhere({ kind: 'choose', noLocation: false })}>按城区找</ActionButton>
        </View>
      ) : null}

      {where.kind === 'locating' ? <Text className="bm-text">正在获取您的位置…</Text> : null}

      {where.kind === 'choose' ? (
        <View className="outlets__districts-block">
          {where.noLocation ? (
            <Text className="bm-text">没有拿到您的位置。请选您所在的城区，也可以稍后再试定位。</Text>
          ) : (
            <Text className="bm-text">请选您所在的城区。</Text>
          )}
          <View className="outlets__districts" {...roleProps('group')} aria-label="城区">
            {cityDistricts.map((district) => (
              <ActionButton
                key={district}
                className="outlets__district"
                onPress={() => setWhere({ kind: 'district', district })}
              >
                {district}
              </ActionButton>
            ))}
          </View>
          <ActionButton onPress={findMe}>再试一次定位</ActionButton>
        </View>
      ) : null}

      {where.kind === 'near' || where.kind === 'district' ? (
        <View>
          <View className="outlets__where">
            <Text className="bm-note">{where.kind === 'near' ? '按离您的距离排列' : `${where.district}的网点`}</Text>
            <ActionButton className="outlets__change" onPress={() => setWhere({ kind: 'choose', noLocation: false })}>
              换个城区
            </ActionButton>
          </View>

          <View className="outlets__filters">
            {!elderMode ? (
              <>
                <ChipGroup
                  label="类别"
                  showLabel
                  options={UTILITY_OPTIONS}
                  selected={filters.utility ? [filters.utility] : []}
                  onToggle={(v) => setFilters((f) => ({ ...f, utility: f.utility === v ? null : (v as Utility) }))}
                />
                <ChipGroup
                  label="业务"
                  showLabel
                  options={SERVICE_OPTIONS}
                  selected={filters.service ? [filters.service] : []}
                  onToggle={(v) =>
                    setFilters((f) => ({ ...f, service: f.service === v ? null : (v as OutletService) }))
                  }
                />
              </>
            ) : null}
            <ChipGroup label="筛选" options={FLAG_OPTIONS} selected={flagsOn} onToggle={toggleFlag} />
          </View>

          {results.status === 'loading' ? <Text className="bm-text">正在查找网点…</Text> : null}
          {results.status === 'error' ? (
            <View className="bm-stack">
              <Text className="bm-text">{results.message}</Text>
              <ActionButton onPress={() => setAttempt((n) => n + 1)}>再试一次</ActionButton>
            </View>
          ) : null}
          {results.status === 'done' ? (
            <View className="outlets__list">
              {results.featured ? <OutletCard outlet={results.featured} featured /> : null}
              {results.outlets.map((outlet) => (
                <OutletCard key={outlet.id} outlet={outlet} />
              ))}
              {results.featured === null && results.outlets.length === 0 ? (
                <Text className="bm-text">没有符合条件的网点。可以少选几个条件再看看。</Text>
              ) : null}
              <Text className="bm-note">网点信息为演示数据，仅供体验。</Text>
            </View>
          ) : null}
        </View>
      ) : null}
    </Page>
  );
}
