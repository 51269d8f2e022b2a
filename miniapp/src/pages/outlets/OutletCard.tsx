import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { outletFacilityLabels, outletServiceLabels, type OutletSummary } from '@bianmin/shared';
import { keyboardPressProps, roleProps } from '../../lib/a11y';
import { formatDistance } from '../../lib/location';

/** The detail page of an outlet (subpackage). */
export function outletDetailUrl(id: string): string {
  return `/packages/outlets/detail/index?id=${encodeURIComponent(id)}`;
}

/** Props of {@link OutletCard}. */
export interface OutletCardProps {
  outlet: OutletSummary;
  /** The one big card on top: 「离您最近的营业中网点」. */
  featured?: boolean;
}

/**
 * One outlet in the list: name, distance, open or closed with its hint, what can be done there,
 * and facility badges with 爱心窗口 first and marked out. A tap opens the detail page.
 */
export function OutletCard({ outlet, featured = false }: OutletCardProps) {
  const open = () => {
    void Taro.navigateTo({ url: outletDetailUrl(outlet.id) });
  };
  const state = outlet.open.openNow ? '营业中' : '休息中';
  const distance = outlet.distanceMeters === null ? null : formatDistance(outlet.distanceMeters);
  const facilities = [...outlet.facilities].sort((a, b) => Number(b === 'elderWindow') - Number(a === 'elderWindow'));
  // named by what it shows (name, distance, open or closed, services, facilities), no label of its
  // own: one would leave out text a person sees (axe label-content-name-mismatch)
  return (
    <View
      className={['outlet-card', featured ? 'outlet-card--featured' : ''].filter(Boolean).join(' ')}
      {...roleProps('link')}
      onClick={open}
      {...keyboardPressProps(open)}
    >
      {featured ? <Text className="outlet-card__kicker">离您最近的营业中网点</Text> : null}
      <Text className="outlet-card__name">{outlet.name}</Text>
      <View className="outlet-card__row">
        {distance ? <Text className="outlet-card__distance">{distance}</Text> : null}
        <Text className="outlet-card__district">{outlet.district}</Text>
      </View>
      <View className="outlet-card__row">
        <Text className={`outlet-card__state outlet-card__state--${outlet.open.openNow ? 'open' : 'closed'}`}>
          {state}
        </Text>
        <Text className="outlet-card__hint">{outlet.open.hint}</Text>
      </View>
      {outlet.open.todayNote ? <Text className="outlet-card__note">今天{outlet.open.todayNote}</Text> : null}
      <Text className="outlet-card__services">
        可办：{outlet.services.map((s) => outletServiceLabels[s]).join('、')}
      </Text>
      {facilities.length > 0 ? (
        <View className="outlet-card__badges">
          {facilities.map((f) => (
            <Text key={f} className={`outlet-card__badge${f === 'elderWindow' ? ' outlet-card__badge--elder' : ''}`}>
              {outletFacilityLabels[f]}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
